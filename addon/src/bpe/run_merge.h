// Byte-pair merging of a long run of one repeated character ("      ...", "=====...", "日日日...").
//
// Such runs are common (indentation, separators, padding, a stuck key) and reach the merge as one
// pre-token. The bucket merge takes them in linear time, but it still performs a merge per byte;
// their tokens are periodic, and the period can be proven instead of recomputed, by the junction
// rule (argued in run_merge.cc):
//
//   For adjacent texts A and B, BPE(A + B) = BPE(A) + BPE(B) exactly when
//   BPE(bytes(a) + bytes(b)) = [a, b], where a is the last token of BPE(A) and b the first of BPE(B).
//
// With C = the character repeated kRunChunkChars times and T = BPE(C): if the junction of T with
// itself holds, k copies of C encode as k copies of T; the rest of the run, R, is encoded on its
// own and appended if the junction of T with BPE(R) holds. When a junction does not hold, nothing
// is appended and the caller merges the piece the ordinary way, so the result is exact either way.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "bpe/byte_pair_merge.h"
#include "bpe/vocabulary.h"

namespace tokenmeter {

// Characters per chunk: long enough to hold the longest token of a repeated character in the
// shipped vocabularies (runs of up to ~80 spaces), short enough that the tail costs little.
constexpr size_t kRunChunkChars = 256;

// A run must be at least this many chunks long to be worth checking.
constexpr size_t kRunMinChunks = 2;

// If `piece` is a run of one character (1-4 bytes) of at least kRunMinChunks chunks and the
// junctions hold, appends its tokens to `out` and returns true; otherwise appends nothing and
// returns false.
bool byte_pair_encode_run(const Vocabulary& vocab, std::string_view piece, std::vector<uint32_t>& out,
                          MergeScratch& scratch);

// True when BPE(bytes(left) + bytes(right)) is exactly [left, right]: nothing merges across the
// boundary between the two tokens when they are encoded together (the junction rule above).
bool junction_holds(const Vocabulary& vocab, uint32_t left, uint32_t right, MergeScratch& scratch);

}  // namespace tokenmeter
