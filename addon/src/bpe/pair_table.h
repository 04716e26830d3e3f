// Merge lookups by token id: (left token, right token) -> rank of their concatenation.
//
// During BPE every part of a piece is a known token, so "is the concatenation of these two parts
// a token, and of which rank?" can be answered from the two ids alone. This table holds every
// pair (l, r) whose byte concatenation is a token, built once from the rank table by trying each
// split of each token. It answers exactly what a byte-string lookup of the concatenation would,
// with one multiply-hash of a 64-bit key instead of hashing and comparing byte strings.
#pragma once

#include <cstdint>
#include <vector>

#include "bpe/rank_table.h"

namespace tokenmeter {

class PairTable {
 public:
  explicit PairTable(const RankTable& ranks);

  // Rank of token(left) + token(right), or kNoRank.
  uint32_t find(uint32_t left, uint32_t right) const {
    const uint64_t key = (uint64_t(left) << 32) | right;
    size_t slot = static_cast<size_t>(hash(key)) & mask_;
    while (true) {
      const Slot& s = slots_[slot];
      if (s.merged == kNoRank) return kNoRank;
      if (s.left == left && s.right == right) return s.merged;
      slot = (slot + 1) & mask_;
    }
  }

  size_t size() const { return count_; }
  size_t memory_bytes() const { return slots_.size() * sizeof(Slot); }

 private:
  struct Slot {
    uint32_t left = 0;
    uint32_t right = 0;
    uint32_t merged = kNoRank;
  };
  static uint64_t hash(uint64_t key) {
    key *= 0x9e3779b97f4a7c15ULL;
    return key ^ (key >> 29);
  }
  void insert(uint32_t left, uint32_t right, uint32_t merged);

  std::vector<Slot> slots_;
  size_t mask_ = 0;
  size_t count_ = 0;
};

}  // namespace tokenmeter
