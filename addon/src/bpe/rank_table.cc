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

namespace {

TokenBytes concatenate(const std::vector<std::string>& token_bytes) {
  TokenBytes tokens;
  size_t total = 0;
  for (const auto& t : token_bytes) total += t.size();
  tokens.arena = LargeArray<char>(total);
  tokens.spans.resize(token_bytes.size());
  for (size_t rank = 0; rank < token_bytes.size(); ++rank) {
    const std::string& bytes = token_bytes[rank];
    std::memcpy(tokens.arena.data() + tokens.arena_size, bytes.data(), bytes.size());
    tokens.spans[rank] = {static_cast<uint32_t>(tokens.arena_size), static_cast<uint32_t>(bytes.size())};
    tokens.arena_size += bytes.size();
  }
  return tokens;
}

}  // namespace

RankTable::RankTable(const std::vector<std::string>& token_bytes) : RankTable(concatenate(token_bytes)) {}

RankTable::RankTable(TokenBytes tokens) : arena_(std::move(tokens.arena)), spans_(std::move(tokens.spans)) {
  for (auto& r : single_byte_rank_) r = kNoRank;
  for (const Span& span : spans_) {
    if (span.len == 0) continue;
    ++token_count_;
    if (span.len > max_token_length_) max_token_length_ = span.len;
  }

  // At most half full: an absent piece (the common question during BPE) ends its probe at an
  // empty slot, usually within the first cache line.
  size_t capacity = 16;
  while (capacity < token_count_ * 2) capacity <<= 1;
  slots_ = LargeArray<Slot>(capacity);  // zeroed; an empty slot also needs rank kNoRank
  for (size_t i = 0; i < capacity; ++i) slots_[i].rank = kNoRank;
  mask_ = capacity - 1;

  // The inserts are random writes over several MB. The slot of the token a few ranks ahead is
  // requested early, so that its cache miss overlaps with the current insert's.
  constexpr uint32_t kAhead = 16;
  Key ring[kAhead];
  auto key_of_rank = [&](uint32_t rank) { return key_of(arena_.data() + spans_[rank].offset, spans_[rank].len); };
  const uint32_t limit = static_cast<uint32_t>(spans_.size());
  for (uint32_t rank = 0; rank < limit && rank < kAhead; ++rank) ring[rank] = key_of_rank(rank);
  for (uint32_t rank = 0; rank < limit; ++rank) {
    const Key current = ring[rank % kAhead];
    if (rank + kAhead < limit) {
      ring[rank % kAhead] = key_of_rank(rank + kAhead);
      __builtin_prefetch(&slots_[ring[rank % kAhead].hash & mask_], 1);
    }
    if (spans_[rank].len != 0) insert(rank, current);
  }
  for (int b = 0; b < 256; ++b) {
    if (single_byte_rank_[b] == kNoRank) {
      // Byte-level BPE needs every byte as a token, or some input could not be encoded at all.
      throw Error(ErrorCode::kVocabCorrupt, "rank file has no token for byte " + std::to_string(b));
    }
  }
}

void RankTable::insert(uint32_t rank, const Key& key) {
  const std::string_view bytes = bytes_of(rank);
  if (bytes.size() == 1) {
    const uint8_t byte = static_cast<uint8_t>(bytes[0]);
    if (single_byte_rank_[byte] != kNoRank) duplicate(rank);
    single_byte_rank_[byte] = rank;
    return;
  }
  // The probe for a free slot passes every slot a lookup of these bytes would examine, so an
  // equal token already in the table is met on the way.
  size_t slot = static_cast<size_t>(key.hash) & mask_;
  while (slots_[slot].rank != kNoRank) {
    if (holds(slots_[slot], bytes.data(), bytes.size(), key.key)) duplicate(rank);
    slot = (slot + 1) & mask_;
  }
  slots_[slot] = Slot{key.key, rank, static_cast<uint32_t>(bytes.size())};
  filter_[filter_word(key.hash)] |= filter_bits(key.hash);
}

void RankTable::duplicate(uint32_t rank) {
  throw Error(ErrorCode::kVocabCorrupt, "rank file lists the same token bytes twice (rank " + std::to_string(rank) + ")");
}

}  // namespace tokenmeter
