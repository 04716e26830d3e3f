// Byte-pair merging of one pre-token piece into token ids.
//
// The rule is tiktoken's: start from single bytes; repeatedly merge the adjacent pair whose
// concatenation has the lowest rank (the leftmost such pair on a tie) until no adjacent pair is a
// token. Every part is a token at every step, so pairs are looked up by token id (PairTable).
// Two implementations give identical results:
//   - a scan over a small array, fastest for the short pieces that make up ordinary text;
//   - a heap over a linked list, O(n log n), so a piece of a million bytes (one repeated
//     character, a base64 blob, a paragraph of CJK text) cannot take quadratic time.
// byte_pair_encode itself sends long pieces to a third, faster one, the rank-bucket merge
// (bucket_merge.h), and long runs of one character to the chunked run merge (run_merge.h); the
// heap merge remains as an independent implementation for the tests.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "bpe/vocabulary.h"

namespace tokenmeter {

// Reusable working memory, so encoding many pieces does not allocate per piece.
struct MergeScratch {
  struct Part {
    uint32_t start;      // byte offset of this part in the piece
    uint32_t token;      // rank of this part
    uint32_t pair_rank;  // rank of this part joined with the next one, or kNoRank
  };
  std::vector<Part> parts;
  // Heap-based merge state, indexed by the byte offset where a part starts.
  std::vector<uint32_t> next, prev, token, pair_rank;
  std::vector<uint64_t> heap;  // (rank << 32) | offset: lowest rank, then leftmost, on top
};

// Pieces at least this long are merged by the rank-bucket merge (kBucketMergeThreshold).
constexpr size_t kHeapMergeThreshold = 96;

// Appends the tokens of `piece` (non-empty) to `out`.
void byte_pair_encode(const Vocabulary& vocab, std::string_view piece, std::vector<uint32_t>& out,
                      MergeScratch& scratch);

// The two algorithms, exposed so tests can prove them equal on the same pieces.
void byte_pair_encode_scan(const Vocabulary& vocab, std::string_view piece, std::vector<uint32_t>& out,
                           MergeScratch& scratch);
void byte_pair_encode_heap(const Vocabulary& vocab, std::string_view piece, std::vector<uint32_t>& out,
                           MergeScratch& scratch);

}  // namespace tokenmeter
