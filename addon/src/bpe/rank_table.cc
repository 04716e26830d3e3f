#include "bpe/rank_table.h"

#include <cstring>

#include "util/error.h"

namespace tokenmeter {
namespace {

inline uint64_t load_u64(const char* p) {
  uint64_t v;
  std::memcpy(&v, p, 8);
  return v;
}

// Loads 1..8 bytes as a little-endian-ish integer without reading past the end.
inline uint64_t load_tail(const char* p, size_t len) {
  uint64_t v = 0;
  std::memcpy(&v, p, len);
  return v;
}

inline uint64_t mix(uint64_t x) {
  // A multiply-xorshift finalizer: cheap, and spreads short keys over all 64 bits.
  x ^= x >> 32;
  x *= 0xd6e8feb86659fd93ULL;
  x ^= x >> 32;
  x *= 0xd6e8feb86659fd93ULL;
  x ^= x >> 32;
  return x;
}

}  // namespace

uint64_t RankTable::hash_bytes(const char* bytes, size_t len) {
  uint64_t h = 0x9e3779b97f4a7c15ULL ^ (uint64_t(len) * 0xff51afd7ed558ccdULL);
  while (len > 8) {
    h = mix(h ^ load_u64(bytes));
    bytes += 8;
    len -= 8;
  }
  return mix(h ^ load_tail(bytes, len));
}

bool RankTable::equal_bytes(const char* a, const char* b, size_t len) {
  return std::memcmp(a, b, len) == 0;
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
    Span span{static_cast<uint32_t>(arena_.size()), static_cast<uint32_t>(bytes.size())};
    arena_.append(bytes);
    spans_[rank] = span;
    if (bytes.size() > max_token_length_) max_token_length_ = bytes.size();
    if (bytes.size() == 1) {
      single_byte_rank_[static_cast<uint8_t>(bytes[0])] = rank;
      continue;
    }
    uint64_t h = hash_bytes(bytes.data(), bytes.size());
    size_t slot = static_cast<size_t>(h) & mask_;
    while (slots_[slot].rank != kNoRank) slot = (slot + 1) & mask_;
    slots_[slot] = Slot{rank, static_cast<uint32_t>(h >> 32), span.offset, span.len};
  }
  for (int b = 0; b < 256; ++b) {
    if (single_byte_rank_[b] == kNoRank) {
      // Byte-level BPE needs every byte as a token, or some input could not be encoded at all.
      throw Error(ErrorCode::kVocabCorrupt, "rank file has no token for byte " + std::to_string(b));
    }
  }
}

}  // namespace tokenmeter
