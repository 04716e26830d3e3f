#include "encoding/piece_cache.h"

namespace tokenmeter {

PieceCache& PieceCache::for_this_thread() {
  // Heap-allocated on first use: static thread-local storage in a dlopen'ed addon must stay small.
  thread_local std::unique_ptr<PieceCache> cache;
  if (!cache) cache = std::make_unique<PieceCache>();
  return *cache;
}

void PieceCache::store(uint32_t vocab_id, std::string_view piece, uint64_t hash, const uint32_t* tokens,
                       size_t count) {
  if (piece.size() > kMaxPieceBytes || count == 0 || count > kMaxPieceBytes) return;
  if (slots_ == nullptr) {
    block_ = allocate_large_zeroed(kBlockBytes);
    slots_ = static_cast<Slot*>(block_.get());
    arena_ = reinterpret_cast<uint32_t*>(slots_ + kSlots);
  }
  const size_t words = count + (piece.size() + 3) / 4;
  if (arena_used_ + words > kArenaWords) {
    // Full: every entry becomes stale at once, and the arena is reused from the start.
    ++generation_;
    if (generation_ == 0) {  // after 2^32 resets: clear, so no slot from a past cycle matches
      std::memset(static_cast<void*>(slots_), 0, kSlots * sizeof(Slot));
      generation_ = 1;
    }
    arena_used_ = 0;
  }
  uint32_t* entry = arena_ + arena_used_;
  std::memcpy(entry, tokens, count * sizeof(uint32_t));
  std::memcpy(entry + count, piece.data(), piece.size());
  // A stale way if there is one, else the way stored earlier (lower arena offset): the newer
  // entry of a busy pair survives.
  Slot* set = slots_ + set_of(hash);
  Slot* way = set[0].generation != generation_                 ? &set[0]
              : set[1].generation != generation_                ? &set[1]
              : set[0].offset <= set[1].offset ? &set[0] : &set[1];
  *way = Slot{hash, vocab_id, generation_, static_cast<uint32_t>(arena_used_), static_cast<uint16_t>(piece.size()),
              static_cast<uint16_t>(count)};
  arena_used_ += words;
}

}  // namespace tokenmeter
