// A per-thread memo of BPE results for pieces that are not a single token.
//
// Real text repeats its multi-token pieces (indentation runs, rare words, CJK words, emoji
// sequences); merging them again each time is the dominant cost outside prose. The cache maps the
// exact bytes of a piece (compared in full, never by hash alone) to its tokens, so a hit returns
// precisely what byte_pair_encode would. It is thread-local, so no locking. Entries are tagged with
// the vocabulary's id, because BPE depends on the ranks only.
//
// Memory is bounded and allocation-free after warm-up: an index of small slots in two-way sets
// points into one append-only arena holding each entry's tokens and bytes. When the arena is full
// the whole cache is emptied at once by bumping a generation number (no sweep over the slots),
// and filling starts again. Slots and arena are one 2 MiB block, allocated on the first store as a
// huge page where the system offers them (util/large_buffer.h): filling it 4 KiB page by page had
// cost each new thread ~8 ms of page faults on the VMs measured.
#pragma once

#include <cstdint>
#include <cstring>
#include <memory>
#include <string_view>

#include "util/large_buffer.h"

namespace tokenmeter {

class PieceCache {
 public:
  static constexpr size_t kSlots = 16384;  // 384 KiB of slots
  static constexpr size_t kBlockBytes = size_t(2) << 20;
  static constexpr size_t kMaxPieceBytes = 4096;  // long whitespace runs and words repeat too

  struct Tokens {
    const uint32_t* data;
    size_t size;
  };

  // The calling thread's cache.
  static PieceCache& for_this_thread();

  // Tokens of `piece` under vocabulary `vocab_id`, or {nullptr, 0}. (Slot is declared below.)
  // Two-way set associative: a piece may sit in either slot of its pair.
  Tokens find(uint32_t vocab_id, std::string_view piece, uint64_t hash) const {
    if (slots_ == nullptr) return {nullptr, 0};
    const Slot* set = slots_ + set_of(hash);
    for (int way = 0; way < 2; ++way) {
      const Slot& slot = set[way];
      if (slot.hash != hash || slot.vocab_id != vocab_id || slot.generation != generation_ ||
          slot.len != piece.size()) {
        continue;
      }
      const uint32_t* entry = arena_ + slot.offset;
      if (std::memcmp(entry + slot.token_count, piece.data(), piece.size()) != 0) continue;
      return {entry, slot.token_count};
    }
    return {nullptr, 0};
  }

  // Remembers `count` tokens for `piece` (at most kMaxPieceBytes long, at least one token).
  void store(uint32_t vocab_id, std::string_view piece, uint64_t hash, const uint32_t* tokens, size_t count);

 private:
  struct Slot {
    uint64_t hash;
    uint32_t vocab_id;    // 0: never filled (vocabulary ids start at 1)
    uint32_t generation;  // the entry is live only while this equals generation_
    uint32_t offset;      // into arena_, in words: the tokens, then the piece's bytes
    uint16_t len;
    uint16_t token_count;
  };

 public:
  // Words of the arena: what the block leaves after the slots.
  static constexpr size_t kArenaWords = (kBlockBytes - kSlots * sizeof(Slot)) / sizeof(uint32_t);

 private:
  static size_t set_of(uint64_t hash) { return static_cast<size_t>(hash & (kSlots / 2 - 1)) * 2; }

  std::unique_ptr<void, FreeDeleter> block_;  // slots, then the arena
  Slot* slots_ = nullptr;
  uint32_t* arena_ = nullptr;
  size_t arena_used_ = 0;  // words
  uint32_t generation_ = 1;
};

}  // namespace tokenmeter
