// The mergeable ranks of one encoding: token bytes <-> rank (the rank is the token id).
//
// Lookup by bytes is the innermost operation of BPE, so the table is a flat open-addressing hash
// of 16-byte slots over a single byte arena (no per-token allocation), with a direct 256-entry
// table for single bytes. A token of at most 8 bytes (most of them) is stored in its slot itself,
// packed into one 64-bit word, so finding it, or finding that a piece is no token, reads one slot
// and compares two integers: one cache miss, no memcmp, no visit to the arena. Longer tokens keep
// their full 64-bit hash in the slot and are confirmed against the arena. Built once per process,
// then read-only and shared by every thread.
#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "util/bytes_equal.h"
#include "util/large_buffer.h"

namespace tokenmeter {

constexpr uint32_t kNoRank = UINT32_MAX;

// Every rank's bytes, as a rank file is read: concatenated in one arena, with each rank's span
// (length 0: an unused rank). The rank table takes this over as its own storage, without copying.
struct TokenBytes {
  struct Span {
    uint32_t offset = 0;
    uint32_t len = 0;
  };
  LargeArray<char> arena;
  size_t arena_size = 0;
  std::vector<Span> spans;  // by rank
};

class RankTable {
 public:
  // `tokens.spans[r]` locates the bytes of rank r; throws kVocabCorrupt on a repeated token or a
  // missing single byte.
  explicit RankTable(TokenBytes tokens);
  // `token_bytes[r]` is the byte string of rank r; an empty string marks an unused rank (a gap).
  explicit RankTable(const std::vector<std::string>& token_bytes);

  // What a lookup computes from a piece's bytes: `key` identifies them in a slot (the bytes
  // themselves, packed, when at most 8; else their 64-bit hash) and `hash` places them. A caller
  // that needs the hash too (the piece cache is keyed by it) computes both once.
  struct Key {
    uint64_t key;
    uint64_t hash;
  };
  static Key key_of(const char* bytes, size_t len) {
    if (len <= 8) {
      const uint64_t packed = pack_short(bytes, len);
      return {packed, short_hash(packed, len)};
    }
    const uint64_t hash = long_hash(bytes, len);
    return {hash, hash};
  }

  // Rank of `bytes`, or kNoRank.
  uint32_t find(const char* bytes, size_t len) const {
    if (len == 1) return single_byte_rank_[static_cast<uint8_t>(bytes[0])];
    return probe(bytes, len, key_of(bytes, len));
  }
  uint32_t find(std::string_view bytes) const { return find(bytes.data(), bytes.size()); }

  // The same, for questions whose answer is usually "no token" (during BPE, most adjacent pairs
  // do not join into a token). A 256 KiB filter over the tokens' hashes, small enough to stay in
  // the core's cache, answers most such questions without the cache miss into the multi-MB table.
  uint32_t find_rare(const char* bytes, size_t len) const {
    if (len == 1) return single_byte_rank_[static_cast<uint8_t>(bytes[0])];
    return find_rare(bytes, len, key_of(bytes, len));
  }
  // With `key` = key_of(bytes, len) already at hand.
  uint32_t find_rare(const char* bytes, size_t len, const Key& key) const {
    if (len == 1) return single_byte_rank_[static_cast<uint8_t>(bytes[0])];
    if (!filter_may_contain(key.hash)) return kNoRank;
    return probe(bytes, len, key);
  }

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

  // A 64-bit hash of any byte string, for the caches keyed by piece bytes (PieceCache).
  static uint64_t hash_bytes(const char* bytes, size_t len) { return key_of(bytes, len).hash; }

 private:
  struct Slot {
    uint64_t key = 0;  // len <= 8: the bytes themselves (pack_short); longer: long_hash of them
    uint32_t rank = kNoRank;
    uint32_t len = 0;  // 0 in an empty slot
  };
  using Span = TokenBytes::Span;

  // 0..8 bytes as an integer (little-endian order, unused high bytes zero); with the length, it
  // identifies the bytes. Two fixed-size loads that may overlap, never reading outside the bytes:
  // a memcpy of variable length here was a library call followed by a store-forwarding stall, a
  // third of the time of a prose lookup.
  static uint64_t pack_short(const char* bytes, size_t len) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
    uint64_t v = 0;  // the overlapping loads below assume little-endian order
    for (size_t i = 0; i < len; ++i) v |= uint64_t(static_cast<uint8_t>(bytes[i])) << (8 * i);
    return v;
#endif
    if (len >= 4) {
      uint32_t head, tail;
      std::memcpy(&head, bytes, 4);
      std::memcpy(&tail, bytes + len - 4, 4);
      return uint64_t(head) | (uint64_t(tail) << (8 * (len - 4)));
    }
    if (len >= 2) {
      uint16_t head;
      std::memcpy(&head, bytes, 2);
      return uint64_t(head) | (uint64_t(static_cast<uint8_t>(bytes[len - 1])) << (8 * (len - 1)));
    }
    return len == 1 ? static_cast<uint8_t>(bytes[0]) : 0;
  }
  // Multiply-xorshift finalizer: cheap, and spreads keys that differ in any bit over the low bits
  // the slot index uses.
  static uint64_t mix(uint64_t x) {
    x ^= x >> 32;
    x *= 0xd6e8feb86659fd93ULL;
    x ^= x >> 32;
    x *= 0xd6e8feb86659fd93ULL;
    x ^= x >> 32;
    return x;
  }
  static uint64_t short_hash(uint64_t key, size_t len) { return mix(key ^ (uint64_t(len) << 59)); }
  static uint64_t long_hash(const char* bytes, size_t len);

  // Adds a rank whose span is already in the arena; throws kVocabCorrupt if its bytes are present.
  void insert(uint32_t rank, const Key& key);

  // True when slot `s` holds exactly these bytes. Short keys are the bytes themselves; a long
  // key is a hash, so the bytes are confirmed against the arena. An empty slot has len 0.
  bool holds(const Slot& s, const char* bytes, size_t len, uint64_t key) const {
    return s.key == key && s.len == len && (len <= 8 || bytes_equal(arena_.data() + spans_[s.rank].offset, bytes, len));
  }

  // Linear probing from the key's home slot to a match or an empty slot (len >= 2).
  uint32_t probe(const char* bytes, size_t len, const Key& key) const {
    size_t slot = static_cast<size_t>(key.hash) & mask_;
    while (true) {
      const Slot& s = slots_[slot];
      if (holds(s, bytes, len, key.key)) return s.rank;
      if (s.rank == kNoRank) return kNoRank;
      slot = (slot + 1) & mask_;
    }
  }

  // A blocked Bloom filter: one 64-bit word per token hash, two bits set in it. Its index and bits
  // come from the hash's high bits (the slot index uses the low ones).
  static constexpr size_t kFilterWords = size_t(1) << 15;  // 256 KiB
  static uint64_t filter_bits(uint64_t hash) {
    return (uint64_t(1) << ((hash >> 52) & 63)) | (uint64_t(1) << ((hash >> 58) & 63));
  }
  static size_t filter_word(uint64_t hash) { return static_cast<size_t>(hash >> 32) & (kFilterWords - 1); }
  bool filter_may_contain(uint64_t hash) const {
    const uint64_t bits = filter_bits(hash);
    return (filter_[filter_word(hash)] & bits) == bits;
  }
  [[noreturn]] static void duplicate(uint32_t rank);

  LargeArray<char> arena_;
  std::vector<Span> spans_;
  LargeArray<Slot> slots_;  // huge-page backed where available (util/large_buffer.h)
  std::vector<uint64_t> filter_ = std::vector<uint64_t>(kFilterWords);  // tokens of 2+ bytes
  size_t mask_ = 0;
  size_t token_count_ = 0;
  size_t max_token_length_ = 0;
  uint32_t single_byte_rank_[256];
};

}  // namespace tokenmeter
