#include "bpe/pair_table.h"

namespace tokenmeter {

PairTable::PairTable(const RankTable& ranks) {
  // First pass: collect the pairs, to size the table once.
  struct Pair {
    uint32_t left, right, merged;
  };
  std::vector<Pair> pairs;
  pairs.reserve(ranks.size() * 2);
  for (uint32_t rank = 0; rank < ranks.rank_limit(); ++rank) {
    if (!ranks.has_rank(rank)) continue;
    std::string_view bytes = ranks.bytes_of(rank);
    for (size_t split = 1; split < bytes.size(); ++split) {
      uint32_t left = ranks.find(bytes.data(), split);
      if (left == kNoRank) continue;
      uint32_t right = ranks.find(bytes.data() + split, bytes.size() - split);
      if (right == kNoRank) continue;
      pairs.push_back({left, right, rank});
    }
  }
  size_t capacity = 16;
  while (capacity * 5 < pairs.size() * 8) capacity <<= 1;  // load factor <= 0.625
  slots_.assign(capacity, Slot{});
  mask_ = capacity - 1;
  for (const Pair& p : pairs) insert(p.left, p.right, p.merged);
}

void PairTable::insert(uint32_t left, uint32_t right, uint32_t merged) {
  const uint64_t key = (uint64_t(left) << 32) | right;
  size_t slot = static_cast<size_t>(hash(key)) & mask_;
  while (slots_[slot].merged != kNoRank) slot = (slot + 1) & mask_;
  slots_[slot] = Slot{left, right, merged};
  ++count_;
}

}  // namespace tokenmeter
