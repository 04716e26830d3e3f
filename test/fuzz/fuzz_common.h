// Shared by the fuzz targets: failing loudly, the rank-file directory, and the slow reference BPE
// that the core's two merge implementations are compared against.
#pragma once

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "bpe/rank_table.h"

namespace tokenmeter_fuzz {

// A short printable rendering of (the start of) some bytes, for failure messages: the reproducer
// file is the real record, this is only so the log says what went wrong at a glance.
inline std::string preview(std::string_view bytes, size_t limit = 120) {
  std::string out;
  for (size_t i = 0; i < bytes.size() && i < limit; ++i) {
    unsigned char c = static_cast<unsigned char>(bytes[i]);
    if (c >= 0x20 && c < 0x7f && c != '\\') {
      out.push_back(static_cast<char>(c));
    } else {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02x", c);
      out += buf;
    }
  }
  if (bytes.size() > limit) out += "...(" + std::to_string(bytes.size()) + " bytes)";
  return out;
}

inline std::string preview_ids(const std::vector<uint32_t>& ids, size_t limit = 24) {
  std::string out = "[";
  for (size_t i = 0; i < ids.size() && i < limit; ++i) out += (i ? "," : "") + std::to_string(ids[i]);
  if (ids.size() > limit) out += ",...(" + std::to_string(ids.size()) + " ids)";
  return out + "]";
}

// A property did not hold. abort() rather than an exception: libFuzzer treats the signal as a
// crash and writes the input to a crash-* reproducer file.
[[noreturn]] inline void fail(const std::string& what) {
  std::fprintf(stderr, "\n*** PROPERTY VIOLATED: %s\n", what.c_str());
  std::fflush(stderr);
  std::abort();
}

#define FUZZ_CHECK(cond, what)                                                           \
  do {                                                                                   \
    if (!(cond)) ::tokenmeter_fuzz::fail(std::string(#cond) + " -- " + std::string(what)); \
  } while (0)

// Rank files: TOKENMETER_VOCAB_DIR from the environment, else the source tree's vocab/ (a compile
// definition set by test/fuzz/CMakeLists.txt).
inline std::string vocab_dir() {
  const char* env = std::getenv("TOKENMETER_VOCAB_DIR");
  if (env != nullptr && *env != '\0') return env;
  return TOKENMETER_FUZZ_VOCAB_DIR;
}

// The harness's own loops are kept out of libFuzzer's coverage feedback: only the core's code
// should decide which inputs are interesting (and the plain reference loops would otherwise cost
// a coverage callback per comparison). Clang 13+.
#if defined(__clang__)
#define FUZZ_NO_COVERAGE __attribute__((no_sanitize("coverage")))
#else
#define FUZZ_NO_COVERAGE
#endif

// Plain byte-pair encoding of one piece, written for obviousness rather than speed: the piece as a
// list of parts (byte ranges); repeatedly join the adjacent pair whose joined bytes have the lowest
// rank (the leftmost pair on a tie) until no adjacent pair joins into a token. Ranks are looked up
// by bytes, never by token id, so this shares nothing with the core's PairTable or its scan/heap
// loops.
//
// `whole_piece_shortcut` adds tiktoken's rule that a piece which is itself a token is that one
// token, even where merging would never reach it (what Encoding does). byte_pair_encode_scan/_heap
// merge unconditionally, so they are compared with the shortcut off.
//
// Only the two pair ranks next to a merge are recomputed (as tiktoken's own reference does), which
// keeps a few-KB piece at O(n^2) integer work rather than O(n^2) hash lookups.
FUZZ_NO_COVERAGE inline std::vector<uint32_t> reference_bpe(const tokenmeter::RankTable& ranks,
                                                            std::string_view piece, bool whole_piece_shortcut) {
  using tokenmeter::kNoRank;
  if (whole_piece_shortcut) {
    uint32_t whole = ranks.find(piece);
    if (whole != kNoRank) return {whole};
  }
  // Part i is piece[start[i], start[i + 1]); start.back() == piece.size().
  std::vector<size_t> start;
  for (size_t i = 0; i <= piece.size(); ++i) start.push_back(i);
  auto parts = [&] { return start.size() - 1; };
  auto joined_rank = [&](size_t i) { return ranks.find(piece.substr(start[i], start[i + 2] - start[i])); };
  std::vector<uint32_t> pair_rank;  // pair_rank[i]: rank of part i joined with part i + 1
  for (size_t i = 0; i + 1 < parts(); ++i) pair_rank.push_back(joined_rank(i));
  while (parts() > 1) {
    size_t best = 0;
    uint32_t best_rank = kNoRank;
    for (size_t i = 0; i < pair_rank.size(); ++i) {
      if (pair_rank[i] < best_rank) {  // strict: the leftmost of equal ranks wins
        best_rank = pair_rank[i];
        best = i;
      }
    }
    if (best_rank == kNoRank) break;
    // Join parts best and best + 1: drop the boundary between them and that pair's rank.
    start.erase(start.begin() + static_cast<std::ptrdiff_t>(best) + 1);
    pair_rank.erase(pair_rank.begin() + static_cast<std::ptrdiff_t>(best));
    if (best > 0) pair_rank[best - 1] = joined_rank(best - 1);
    if (best + 1 < parts()) pair_rank[best] = joined_rank(best);
  }
  std::vector<uint32_t> ids;
  ids.reserve(parts());
  for (size_t i = 0; i < parts(); ++i) {
    const std::string_view part = piece.substr(start[i], start[i + 1] - start[i]);
    uint32_t id = ranks.find(part);
    // Every part is a single byte or the result of a merge into a token, so this always holds
    // for a vocabulary that has all 256 bytes (Vocabulary refuses one that does not).
    FUZZ_CHECK(id != kNoRank, "reference BPE produced a part that is not a token: " + preview(part));
    ids.push_back(id);
  }
  return ids;
}

// The bucket merge (bpe/bucket_merge.h) is a third merge algorithm with the same contract as
// scan/heap; it is checked against the reference wherever those are, while it exists.
#if __has_include("bpe/bucket_merge.h")
#define TOKENMETER_FUZZ_HAVE_BUCKET_MERGE 1
#endif

// 64-bit FNV-1a of the input: decides deterministically, per input, whether to run a rare
// expensive check, so any finding still reproduces from the input file alone.
inline uint64_t input_hash(const uint8_t* data, size_t size) {
  uint64_t h = 0xcbf29ce484222325ULL;
  for (size_t i = 0; i < size; ++i) {
    h ^= data[i];
    h *= 0x100000001b3ULL;
  }
  return h;
}

}  // namespace tokenmeter_fuzz
