// A per-thread memo of BPE results for pieces that are not a single token.
//
// Real text repeats its multi-token pieces (indentation runs, rare words, CJK words, emoji
// sequences); merging them again each time is the dominant cost outside prose. The cache maps the
// exact bytes of a piece (compared in full, never by hash alone) to its tokens, so a hit returns
// precisely what byte_pair_encode would. It is thread-local, so no locking, and bounded: a fixed
// number of direct-mapped slots, pieces of at most kMaxPieceBytes. Entries are tagged with the
// vocabulary's id, because BPE depends on the ranks only.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace tokenmeter {

class PieceCache {
 public:
  static constexpr size_t kSlots = 2048;
  static constexpr size_t kMaxPieceBytes = 256;

  // The calling thread's cache.
  static PieceCache& for_this_thread();

  // Tokens of `piece` under vocabulary `vocab_id`, or nullptr.
  const std::vector<uint32_t>* find(uint32_t vocab_id, std::string_view piece, uint64_t hash) const {
    const Slot& slot = slots_[hash & (kSlots - 1)];
    if (slot.vocab_id == vocab_id && slot.hash == hash && slot.bytes == piece) return &slot.tokens;
    return nullptr;
  }

  void store(uint32_t vocab_id, std::string_view piece, uint64_t hash, const uint32_t* tokens, size_t count) {
    Slot& slot = slots_[hash & (kSlots - 1)];
    slot.vocab_id = vocab_id;
    slot.hash = hash;
    slot.bytes.assign(piece.data(), piece.size());
    slot.tokens.assign(tokens, tokens + count);
  }

 private:
  struct Slot {
    uint32_t vocab_id = 0;  // 0: empty (vocabulary ids start at 1)
    uint64_t hash = 0;
    std::string bytes;
    std::vector<uint32_t> tokens;
  };
  std::vector<Slot> slots_ = std::vector<Slot>(kSlots);
};

}  // namespace tokenmeter
