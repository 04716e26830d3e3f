// The mergeable ranks of one encoding: token bytes <-> rank (the rank is the token id).
//
// Lookup by bytes is the innermost operation of BPE, so the table is a flat open-addressing hash
// over a single byte arena (no per-token allocation, one cache line per probe in the common case),
// with a direct 256-entry table for single bytes. Built once per process, then read-only and shared
// by every thread.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace tokenmeter {

constexpr uint32_t kNoRank = UINT32_MAX;

class RankTable {
 public:
  // `token_bytes[r]` is the byte string of rank r; an empty string marks an unused rank (a gap).
  explicit RankTable(std::vector<std::string> token_bytes);

  // Rank of `bytes`, or kNoRank.
  uint32_t find(const char* bytes, size_t len) const {
    if (len == 1) return single_byte_rank_[static_cast<uint8_t>(bytes[0])];
    uint64_t h = hash_bytes(bytes, len);
    size_t slot = static_cast<size_t>(h) & mask_;
    const uint32_t tag = static_cast<uint32_t>(h >> 32);
    while (true) {
      const Slot& s = slots_[slot];
      if (s.rank == kNoRank) return kNoRank;
      if (s.tag == tag && s.len == len && equal_bytes(arena_.data() + s.offset, bytes, len)) return s.rank;
      slot = (slot + 1) & mask_;
    }
  }
  uint32_t find(std::string_view bytes) const { return find(bytes.data(), bytes.size()); }

  uint32_t single_byte_rank(uint8_t byte) const { return single_byte_rank_[byte]; }

  // True when `rank` names a token of this table.
  bool has_rank(uint32_t rank) const { return rank < spans_.size() && spans_[rank].len != 0; }
  // Bytes of a rank that has_rank() accepts.
  std::string_view bytes_of(uint32_t rank) const {
    const Span& s = spans_[rank];
    return std::string_view(arena_.data() + s.offset, s.len);
  }

  // One more than the largest rank.
  uint32_t rank_limit() const { return static_cast<uint32_t>(spans_.size()); }
  size_t size() const { return token_count_; }
  size_t max_token_length() const { return max_token_length_; }

  static uint64_t hash_bytes(const char* bytes, size_t len);

 private:
  struct Slot {
    uint32_t rank = kNoRank;
    uint32_t tag = 0;     // upper hash bits, to skip most byte comparisons
    uint32_t offset = 0;  // into arena_
    uint32_t len = 0;
  };
  struct Span {
    uint32_t offset = 0;
    uint32_t len = 0;
  };

  static bool equal_bytes(const char* a, const char* b, size_t len);

  std::string arena_;
  std::vector<Span> spans_;
  std::vector<Slot> slots_;
  size_t mask_ = 0;
  size_t token_count_ = 0;
  size_t max_token_length_ = 0;
  uint32_t single_byte_rank_[256];
};

}  // namespace tokenmeter
