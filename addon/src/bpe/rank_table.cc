#include "bpe/rank_table.h"

#include "util/error.h"

namespace tokenmeter {

uint64_t RankTable::long_hash(const char* bytes, size_t len) {
  uint64_t h = 0x9e3779b97f4a7c15ULL ^ (uint64_t(len) * 0xff51afd7ed558ccdULL);
  while (len > 8) {
    uint64_t word;
    std::memcpy(&word, bytes, 8);
    h = mix(h ^ word);
    bytes += 8;
    len -= 8;
  }
  return mix(h ^ pack_short(bytes, len));
}

RankTable::RankTable(std::vector<std::string> token_bytes) {
  for (auto& r : single_byte_rank_) r = kNoRank;
  size_t total = 0;
  for (const auto& t : token_bytes) {
    total += t.size();
    if (!t.empty()) ++token_count_;
  }
  arena_.reserve(total);
  spans_.resize(token_bytes.size());

  // At most half full: an absent piece (the common question during BPE) ends its probe at an
  // empty slot, usually within the first cache line.
  size_t capacity = 16;
  while (capacity < token_count_ * 2) capacity <<= 1;
  slots_.assign(capacity, Slot{});
  mask_ = capacity - 1;

  for (uint32_t rank = 0; rank < token_bytes.size(); ++rank) {
    const std::string& bytes = token_bytes[rank];
    if (bytes.empty()) continue;
    if (find(bytes.data(), bytes.size()) != kNoRank) {
      throw Error(ErrorCode::kVocabCorrupt, "rank file lists the same token bytes twice (rank " +
                                                std::to_string(rank) + ")");
    }
    spans_[rank] = Span{static_cast<uint32_t>(arena_.size()), static_cast<uint32_t>(bytes.size())};
    arena_.append(bytes);
    if (bytes.size() > max_token_length_) max_token_length_ = bytes.size();
    insert(rank, bytes);
  }
  for (int b = 0; b < 256; ++b) {
    if (single_byte_rank_[b] == kNoRank) {
      // Byte-level BPE needs every byte as a token, or some input could not be encoded at all.
      throw Error(ErrorCode::kVocabCorrupt, "rank file has no token for byte " + std::to_string(b));
    }
  }
}

void RankTable::insert(uint32_t rank, const std::string& bytes) {
  const size_t len = bytes.size();
  if (len == 1) {
    single_byte_rank_[static_cast<uint8_t>(bytes[0])] = rank;
    return;
  }
  const uint64_t key = len <= 8 ? pack_short(bytes.data(), len) : long_hash(bytes.data(), len);
  const uint64_t h = len <= 8 ? short_hash(key, len) : key;
  size_t slot = static_cast<size_t>(h) & mask_;
  while (slots_[slot].rank != kNoRank) slot = (slot + 1) & mask_;
  slots_[slot] = Slot{key, rank, static_cast<uint32_t>(len)};
}

}  // namespace tokenmeter
