#include "bpe/run_merge.h"

#include <array>
#include <cstring>
#include <string>

#include "bpe/bucket_merge.h"

// Why the junction rule holds. BPE repeatedly merges the adjacent pair of lowest rank, leftmost on
// a tie. Encode A + B, and call a merge "across" if it joins a part ending at the A/B boundary with
// one starting there. Until the first merge across, the merges on each side are exactly those of
// BPE(A) and of BPE(B), in their own orders (a pair on one side never changes because of a merge
// on the other), and in particular the parts touching the boundary go through exactly the merges
// that build a = last(BPE(A)) and b = first(BPE(B)) on their own: nothing crosses a's left edge in
// BPE(A), so inside a's bytes the lowest pair is always merged first as in BPE(bytes(a)). The
// relative order of a merge inside a and one inside b is fixed by their ranks (inside a wins a
// tie, being to the left), so encoding bytes(a) + bytes(b) alone passes through the same pairs of
// boundary parts (x, y), and at each of them the pair across, x + y, is chosen under the same
// comparisons: below the next merge inside a, and not above the next one inside b (the pair
// across wins a tie with b's side, being to its left). Merges elsewhere in A + B only delay that
// choice. So a merge across happens in BPE(A + B) exactly when one happens in
// BPE(bytes(a) + bytes(b)), including the final case x = a, y = b; if none does, every merge of
// BPE(A + B) is one of BPE(A) or BPE(B), and the tokens are BPE(A) followed by BPE(B).

namespace tokenmeter {
namespace {

// Bytes in the UTF-8 character led by `lead` (1 for ASCII and for a byte that leads nothing).
size_t utf8_char_length(unsigned char lead) {
  if (lead >= 0xF0 && lead <= 0xF7) return 4;
  if (lead >= 0xE0) return lead <= 0xEF ? 3 : 1;
  if (lead >= 0xC0) return 2;
  return 1;
}

// T = BPE(one chunk of a character) and whether T's junction with itself holds, per thread, for
// the few characters a program's runs are made of. Keyed by vocabulary id, which is never reused.
struct ChunkTokens {
  uint32_t vocab_id = 0;
  size_t char_length = 0;
  char character[4] = {};
  std::vector<uint32_t> tokens;
  bool repeats = false;  // junction_holds(tokens.back(), tokens.front())
};

constexpr size_t kChunkSlots = 4;

struct ChunkCache {
  std::array<ChunkTokens, kChunkSlots> slots;
  size_t next_victim = 0;
};

const ChunkTokens& chunk_tokens(const Vocabulary& vocab, const char* character, size_t char_length,
                                MergeScratch& scratch) {
  thread_local ChunkCache cache;
  for (const ChunkTokens& slot : cache.slots) {
    if (slot.vocab_id == vocab.id && slot.char_length == char_length &&
        std::memcmp(slot.character, character, char_length) == 0) {
      return slot;
    }
  }
  ChunkTokens& slot = cache.slots[cache.next_victim];
  cache.next_victim = (cache.next_victim + 1) % kChunkSlots;
  std::string chunk;
  chunk.reserve(kRunChunkChars * char_length);
  for (size_t i = 0; i < kRunChunkChars; ++i) chunk.append(character, char_length);
  slot.vocab_id = 0;  // unusable until filled (an exception may leave it half-done)
  slot.tokens.clear();
  byte_pair_encode_bucket(vocab, chunk, slot.tokens);
  slot.repeats = junction_holds(vocab, slot.tokens.back(), slot.tokens.front(), scratch);
  std::memcpy(slot.character, character, char_length);
  slot.char_length = char_length;
  slot.vocab_id = vocab.id;
  return slot;
}

// Recent junction answers, per thread. The same few junctions come up on every run of a given
// character, and a check costs a quadratic scan merge over up to two long tokens (tens of
// microseconds for two runs of 64+ spaces), so they are remembered. Direct-mapped; tagged with the
// vocabulary id, which is never reused.
struct JunctionMemo {
  uint32_t vocab_id = 0;
  uint32_t left = 0;
  uint32_t right = 0;
  bool holds = false;
};
constexpr size_t kJunctionMemoSlots = 256;

bool junction_holds_uncached(const Vocabulary& vocab, uint32_t left, uint32_t right, MergeScratch& scratch) {
  thread_local std::string joined;
  thread_local std::vector<uint32_t> tokens;
  const std::string_view a = vocab.ranks.bytes_of(left);
  const std::string_view b = vocab.ranks.bytes_of(right);
  joined.assign(a.data(), a.size());
  joined.append(b.data(), b.size());
  tokens.clear();
  // Two tokens' worth of bytes: the scan merge is exact and, at this size, fast.
  byte_pair_encode_scan(vocab, joined, tokens, scratch);
  return tokens.size() == 2 && tokens[0] == left && tokens[1] == right;
}

}  // namespace

bool junction_holds(const Vocabulary& vocab, uint32_t left, uint32_t right, MergeScratch& scratch) {
  thread_local std::array<JunctionMemo, kJunctionMemoSlots> memo;
  const uint64_t key = (uint64_t(left) << 32) | right;
  JunctionMemo& slot = memo[((key * 0x9e3779b97f4a7c15ULL) >> 56) % kJunctionMemoSlots];
  if (slot.vocab_id == vocab.id && slot.left == left && slot.right == right) return slot.holds;
  const bool holds = junction_holds_uncached(vocab, left, right, scratch);
  slot = JunctionMemo{vocab.id, left, right, holds};
  return holds;
}

bool byte_pair_encode_run(const Vocabulary& vocab, std::string_view piece, std::vector<uint32_t>& out,
                          MergeScratch& scratch) {
  const size_t n = piece.size();
  if (n == 0) return false;
  const size_t char_length = utf8_char_length(static_cast<unsigned char>(piece[0]));
  const size_t chunk_bytes = kRunChunkChars * char_length;
  if (n < kRunMinChunks * chunk_bytes || n % char_length != 0) return false;
  // A run of one character is exactly a text equal to itself shifted by one character.
  if (std::memcmp(piece.data(), piece.data() + char_length, n - char_length) != 0) return false;

  const ChunkTokens& chunk = chunk_tokens(vocab, piece.data(), char_length, scratch);
  if (!chunk.repeats) return false;
  size_t chunks = n / chunk_bytes;
  size_t rest = n - chunks * chunk_bytes;
  thread_local std::vector<uint32_t> tail;
  tail.clear();
  if (rest > 0) {
    // The tail is a shorter run of the same character: any `rest` bytes of the piece spell it.
    byte_pair_encode(vocab, piece.substr(0, rest), tail, scratch);
    if (!junction_holds(vocab, chunk.tokens.back(), tail.front(), scratch)) {
      // One chunk fewer, and a tail one chunk longer (it may end differently).
      --chunks;
      rest += chunk_bytes;
      tail.clear();
      byte_pair_encode(vocab, piece.substr(0, rest), tail, scratch);
      if (!junction_holds(vocab, chunk.tokens.back(), tail.front(), scratch)) return false;
    }
  }
  out.reserve(out.size() + chunks * chunk.tokens.size() + tail.size());
  for (size_t i = 0; i < chunks; ++i) out.insert(out.end(), chunk.tokens.begin(), chunk.tokens.end());
  out.insert(out.end(), tail.begin(), tail.end());
  return true;
}

}  // namespace tokenmeter
