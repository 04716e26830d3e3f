#include "encoding/piece_cache.h"

#include <cstdlib>
#include <new>

namespace tokenmeter {
namespace {

// calloc rather than new[]: zeroed memory straight from the kernel is not touched (not resident)
// until an entry lands on it.
template <class T>
std::unique_ptr<T[], FreeDeleter> zeroed_array(size_t count) {
  void* memory = std::calloc(count, sizeof(T));
  if (memory == nullptr) throw std::bad_alloc();
  return std::unique_ptr<T[], FreeDeleter>(static_cast<T*>(memory));
}

}  // namespace

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
    slots_ = zeroed_array<Slot>(kSlots);
    arena_ = zeroed_array<uint32_t>(kArenaWords);
  }
  const size_t words = count + (piece.size() + 3) / 4;
  if (arena_used_ + words > kArenaWords) {
    // Full: every entry becomes stale at once, and the arena is reused from the start.
    ++generation_;
    if (generation_ == 0) {  // after 2^32 resets: clear, so no slot from a past cycle matches
      std::memset(static_cast<void*>(slots_.get()), 0, kSlots * sizeof(Slot));
      generation_ = 1;
    }
    arena_used_ = 0;
  }
  uint32_t* entry = arena_.get() + arena_used_;
  std::memcpy(entry, tokens, count * sizeof(uint32_t));
  std::memcpy(entry + count, piece.data(), piece.size());
  slots_[hash & (kSlots - 1)] = Slot{hash, vocab_id, generation_, static_cast<uint32_t>(arena_used_),
                                     static_cast<uint16_t>(piece.size()), static_cast<uint16_t>(count)};
  arena_used_ += words;
}

}  // namespace tokenmeter
