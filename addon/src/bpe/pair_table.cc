#include "bpe/pair_table.h"

#include <atomic>
#include <cstring>
#include <string>

namespace tokenmeter {
namespace {

std::atomic<uint32_t> next_owner_id{1};

}  // namespace

PairTable::PairTable(const RankTable& ranks) : ranks_(ranks), owner_(next_owner_id.fetch_add(1)) {
  if (owner_ == 0) owner_ = next_owner_id.fetch_add(1);  // 0 marks empty entries; skip it on wrap
}

PairTable::Entry* PairTable::thread_cache() {
  thread_local std::unique_ptr<Entry[]> cache;
  if (!cache) cache.reset(new Entry[kCacheEntries]());  // value-initialized: owner 0, empty
  return cache.get();
}

uint32_t PairTable::lookup_uncached(uint32_t left, uint32_t right) const {
  std::string_view l = ranks_.bytes_of(left);
  std::string_view r = ranks_.bytes_of(right);
  char buffer[512];
  if (l.size() + r.size() <= sizeof(buffer)) {
    std::memcpy(buffer, l.data(), l.size());
    std::memcpy(buffer + l.size(), r.data(), r.size());
    return ranks_.find_rare(buffer, l.size() + r.size());
  }
  std::string joined;
  joined.reserve(l.size() + r.size());
  joined.append(l).append(r);
  return ranks_.find_rare(joined.data(), joined.size());
}

}  // namespace tokenmeter
