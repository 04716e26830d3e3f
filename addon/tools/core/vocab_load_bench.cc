// Times the two stages of loading a vocabulary (read + SHA-256 + parse, rank-table build), the parts of
// a cold start that belong to the core. Usage: vocab_load_bench <vocab dir> [encoding ...]
#include <chrono>
#include <cstdio>
#include <string>

#include "bpe/rank_file.h"
#include "bpe/vocabulary.h"
#include "encoding/encoding_specs.h"

namespace {

double ms_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s <vocab dir> [encoding ...]\n", argv[0]);
    return 2;
  }
  const std::string dir = argv[1];
  for (int i = argc > 2 ? 2 : 1; i < argc || (argc == 2 && i == 1); ++i) {
    const char* name = argc > 2 ? argv[i] : "cl100k_base";
    const auto* spec = tokenmeter::find_encoding_spec(name);
    if (spec == nullptr) return 2;
    auto t0 = std::chrono::steady_clock::now();
    tokenmeter::TokenBytes tokens = tokenmeter::load_rank_bytes(dir + "/" + spec->rank_file, spec->rank_sha256);
    const double load_ms = ms_since(t0);
    t0 = std::chrono::steady_clock::now();
    tokenmeter::Vocabulary vocab(std::move(tokens));
    const double build_ms = ms_since(t0);
    std::printf("%-12s read + sha256 + parse %.1f ms, table %.1f ms, %zu tokens\n", name, load_ms, build_ms,
                vocab.ranks.size());
    if (argc == 2) break;
  }
  return 0;
}
