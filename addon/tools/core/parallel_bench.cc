// Times count() against count_parallel() at 2 and 4 threads on one file, to see how the split
// scales apart from the binding. Usage: parallel_bench <vocab dir> <encoding> <text file>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <string>

#include "encoding/registry.h"

int main(int argc, char** argv) {
  if (argc < 4) {
    std::fprintf(stderr, "usage: %s <vocab dir> <encoding> <text file>\n", argv[0]);
    return 2;
  }
  auto enc = tokenmeter::get_encoding(argv[2], argv[1]);
  std::ifstream in(argv[3], std::ios::binary);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const auto& policy = enc->specials().allow_all_policy();
  for (int round = 0; round < 3; ++round) {
    for (unsigned threads : {1u, 2u, 4u}) {
      auto t0 = std::chrono::steady_clock::now();
      size_t n = threads == 1 ? enc->count(text, policy) : enc->count_parallel(text, policy, threads);
      double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
      std::printf("threads %u: %.1f ms (%zu tokens)\n", threads, ms, n);
    }
  }
  return 0;
}
