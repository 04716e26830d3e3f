// Byte-pair merging of one long pre-token piece with rank buckets instead of a heap.
//
// This performs exactly the process of byte_pair_encode_scan / byte_pair_encode_heap (always merge
// the adjacent pair of lowest rank, the leftmost on a tie), so it gives the same tokens by
// construction; only the priority structure differs. It exists for long pieces (a run of one
// repeated character, base64, minified code, a CJK paragraph: up to millions of bytes), where the
// heap's O(log n) pops, each a chain of cache misses over a heap of n entries, dominate. Time is
// linear in the piece length apart from the pair-table lookups, which every algorithm pays.
//
// How it picks the next merge:
//   - Pair ranks are small integers (< rank_limit), so every rank that has queued pairs is a bit in
//     a hierarchical bitmap; the lowest such rank is three count-trailing-zeros away.
//   - Each rank has a bucket of part positions. Pairs of one rank are merged left to right in one
//     sweep of its bucket, so the array of parts is walked in increasing address order, and a
//     dense sweep (a run of spaces) streams through memory instead of jumping around it.
//   - Pushes made during a sweep arrive in increasing position order, and every pair of a given
//     rank is created by merges of a single rank (see prepare() in the .cc), so buckets fill up
//     already sorted; an out-of-order bucket would be sorted once, when it becomes the lowest rank.
//   - Merging a pair of rank r never creates another pair of rank r (the new pair spells a longer
//     string), but it can create a pair of lower rank; then the sweep of r is suspended, the lower
//     rank runs first, and r resumes where it stopped.
//   - A queued (rank, position) entry is acted on only if that part is still alive and its current
//     right-hand pair still has that rank; otherwise it is stale and skipped. A part's pair only ever
//     grows, so an entry can never become valid again once stale.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "bpe/vocabulary.h"

namespace tokenmeter {

// Pieces at least this long should use the bucket merge. Measured with
// addon/tools/core/bpe_long_piece_bench.cc (runs of spaces, of "\n    ", of 'a', CJK text, random
// letters, code-like text; r50k, cl100k, o200k): from 64 bytes up the bucket merge is as fast as
// the heap merge or faster on every kind of piece (2-3x on whitespace at 96 bytes, 10-20x from a
// few KB), while below about 96 bytes the scan merge is as fast or faster on text-like pieces. So
// this equals kHeapMergeThreshold: the bucket merge takes over the heap merge's whole range.
constexpr size_t kBucketMergeThreshold = 96;

// Lowest set bit over a fixed universe [0, limit), in a few dependent word reads: level 0 has one
// bit per rank, each higher level one bit per non-zero word of the level below.
class RankBitmap {
 public:
  static constexpr uint32_t kNone = UINT32_MAX;

  // Makes room for [0, limit) with every bit clear.
  void reset(uint32_t limit);
  uint32_t limit() const { return limit_; }

  void set(uint32_t bit) {
    for (uint32_t level = 0; level < levels_; ++level) {
      uint64_t& word = words_[offset_[level] + (bit >> 6)];
      const bool was_empty = word == 0;
      word |= uint64_t(1) << (bit & 63);
      if (!was_empty) return;  // the levels above already point at this word
      bit >>= 6;
    }
  }

  void clear(uint32_t bit) {
    for (uint32_t level = 0; level < levels_; ++level) {
      uint64_t& word = words_[offset_[level] + (bit >> 6)];
      word &= ~(uint64_t(1) << (bit & 63));
      if (word != 0) return;  // still non-empty: the levels above stay set
      bit >>= 6;
    }
  }

  // Lowest set bit, or kNone.
  uint32_t lowest() const {
    uint32_t level = levels_ - 1;
    uint64_t word = words_[offset_[level]];
    if (word == 0) return kNone;
    uint32_t index = static_cast<uint32_t>(__builtin_ctzll(word));
    while (level-- > 0) {
      word = words_[offset_[level] + index];
      index = (index << 6) | static_cast<uint32_t>(__builtin_ctzll(word));
    }
    return index;
  }

 private:
  static constexpr uint32_t kMaxLevels = 6;  // 64^6 bits: any uint32 universe
  std::vector<uint64_t> words_;
  uint32_t offset_[kMaxLevels] = {};
  uint32_t levels_ = 0;
  uint32_t limit_ = 0;
};

// Reusable working memory. Sized by the longest piece and the largest rank_limit seen; after a
// call every bucket is empty and every bit clear, so the next call starts without an
// O(rank_limit) reset.
struct BucketMergeScratch {
  // One per byte of the piece. Only 8 bytes, because long pieces are bound by memory traffic:
  // a part [i, e) is found from its start i; e = i + length(token). A byte that does not start a
  // live part has kInterior set in `token` and pair_rank == kNoRank; the last byte e-1 of a part of
  // two or more bytes stores kInterior | i, so the part after it finds its left neighbour.
  struct Part {
    uint32_t token;      // rank of the part starting here
    uint32_t pair_rank;  // rank of this part joined with the next one; kNoRank if none or not a start
  };
  // Positions queued under one rank. data[head, sorted_end) is sorted and not yet visited;
  // data[sorted_end, size) holds pushes made since the bucket was last prepared.
  struct Bucket {
    std::vector<uint32_t> data;
    uint32_t head = 0;
    uint32_t sorted_end = 0;
    uint32_t last_push = 0;      // position of the latest push into the unprepared tail
    bool tail_sorted = true;     // the unprepared tail arrived in increasing order
  };

  std::vector<Part> parts;
  std::vector<uint32_t> slot_of_rank;  // rank -> index into buckets, or kNoSlot (reset per touched rank)
  std::vector<uint32_t> touched;       // ranks given a slot during this call
  std::vector<Bucket> buckets;         // slots; only the first `slots_used` are in use this call
  uint32_t slots_used = 0;
  RankBitmap active;                   // ranks whose bucket has unvisited entries
  bool dirty = false;                  // a call did not finish (exception); reset fully next time

  // Frees buffers until at most about `max_bytes` of per-piece buffers remain; for long-lived
  // per-thread scratch after an exceptionally long piece. Only call between pieces.
  void trim(size_t max_bytes);
};

// Appends the tokens of `piece` to `out`. Same result as byte_pair_encode_scan/_heap.
// piece.size() must be below 2^32 - 1 (offsets are 32-bit, like the heap merge's).
void byte_pair_encode_bucket(const Vocabulary& vocab, std::string_view piece, std::vector<uint32_t>& out,
                             BucketMergeScratch& scratch);

// Same, with a per-thread scratch (kept between calls, trimmed after very long pieces), so that
// byte_pair_encode can route long pieces here without changing its signature.
void byte_pair_encode_bucket(const Vocabulary& vocab, std::string_view piece, std::vector<uint32_t>& out);

}  // namespace tokenmeter
