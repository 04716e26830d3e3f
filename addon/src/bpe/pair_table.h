// Merge lookups by token id: (left token, right token) -> rank of their concatenation.
//
// During BPE every part of a piece is a known token, so "is the concatenation of these two parts
// a token, and of which rank?" can be asked by the two ids. Answers come from a small per-thread
// direct-mapped cache; a miss looks the concatenated bytes up in the rank table, which is exactly
// the question a byte-level merge asks, so results are identical by construction.
//
// Why a cache and not a prebuilt table of every (left, right) pair: building that table means
// ~1.4 million random probes of the rank table (o200k), which dominated load time (hundreds of
// milliseconds) and added ~12 MB per vocabulary, while encoding real text touches a small,
// highly repetitive set of pairs.
#pragma once

#include <cstdint>
#include <memory>

#include "bpe/rank_table.h"

namespace tokenmeter {

class PairTable {
 public:
  explicit PairTable(const RankTable& ranks);

  class Lookup;
  // Lookups through the calling thread's cache. Take one per piece rather than per pair: reaching
  // thread-local storage from a dlopen'ed library is a function call.
  Lookup lookup() const;

  // Rank of token(left) + token(right), or kNoRank.
  uint32_t find(uint32_t left, uint32_t right) const;
  // The same, for a caller that has the concatenated bytes at hand (contiguous in the piece):
  // a cache miss then looks them up directly instead of reassembling them from the two tokens.
  uint32_t find(uint32_t left, uint32_t right, const char* joined, size_t joined_len) const;

 private:
  struct Entry {
    uint64_t key;
    uint32_t owner;  // which PairTable filled it; 0 = empty (ids start at 1)
    uint32_t merged;
  };
  static constexpr size_t kCacheEntries = size_t(1) << 14;  // 256 KiB per thread
  static constexpr size_t kCacheMask = kCacheEntries - 1;

  static uint64_t key_of(uint32_t left, uint32_t right) { return (uint64_t(left) << 32) | right; }
  static uint64_t hash(uint64_t key) {
    key *= 0x9e3779b97f4a7c15ULL;
    return key ^ (key >> 29);
  }
  // The calling thread's cache, allocated on first use (heap, not static TLS: a dlopen'ed addon
  // must keep its thread-local storage small).
  static Entry* thread_cache();
  uint32_t lookup_uncached(uint32_t left, uint32_t right) const;

  const RankTable& ranks_;
  // A process-unique id rather than `this`: a table freed and another built at the same address
  // must not see the old one's cache entries.
  uint32_t owner_;
};

class PairTable::Lookup {
 public:
  Lookup(const PairTable& table, Entry* cache) : table_(table), cache_(cache) {}

  uint32_t find(uint32_t left, uint32_t right) const {
    Entry& entry = slot(left, right);
    if (entry.key == key_of(left, right) && entry.owner == table_.owner_) return entry.merged;
    const uint32_t merged = table_.lookup_uncached(left, right);
    entry = Entry{key_of(left, right), table_.owner_, merged};
    return merged;
  }

  uint32_t find(uint32_t left, uint32_t right, const char* joined, size_t joined_len) const {
    Entry& entry = slot(left, right);
    if (entry.key == key_of(left, right) && entry.owner == table_.owner_) return entry.merged;
    const uint32_t merged = table_.ranks_.find_rare(joined, joined_len);
    entry = Entry{key_of(left, right), table_.owner_, merged};
    return merged;
  }

 private:
  Entry& slot(uint32_t left, uint32_t right) const {
    return cache_[static_cast<size_t>(hash(key_of(left, right) ^ table_.owner_)) & kCacheMask];
  }
  const PairTable& table_;
  Entry* cache_;
};

inline PairTable::Lookup PairTable::lookup() const { return Lookup(*this, thread_cache()); }
inline uint32_t PairTable::find(uint32_t left, uint32_t right) const { return lookup().find(left, right); }
inline uint32_t PairTable::find(uint32_t left, uint32_t right, const char* joined, size_t joined_len) const {
  return lookup().find(left, right, joined, joined_len);
}

}  // namespace tokenmeter
