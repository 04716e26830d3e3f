#include "bpe/byte_pair_merge.h"

#include <algorithm>
#include <functional>

#include "bpe/bucket_merge.h"
#include "bpe/run_merge.h"

namespace tokenmeter {

void byte_pair_encode(const Vocabulary& vocab, std::string_view piece, std::vector<uint32_t>& out,
                      MergeScratch& scratch) {
  if (piece.size() < kBucketMergeThreshold) {
    byte_pair_encode_scan(vocab, piece, out, scratch);
  } else if (piece.size() >= kRunMinChunks * kRunChunkChars && byte_pair_encode_run(vocab, piece, out, scratch)) {
    // A long run of one character, encoded chunk by chunk with its junctions proven (run_merge.h).
  } else {
    // Long pieces: rank buckets walk memory in order (bucket_merge.h); the heap merge stays as
    // the independent implementation the tests compare against.
    byte_pair_encode_bucket(vocab, piece, out);
  }
}

void byte_pair_encode_scan(const Vocabulary& vocab, std::string_view piece, std::vector<uint32_t>& out,
                           MergeScratch& scratch) {
  const RankTable& ranks = vocab.ranks;
  const PairTable::Lookup pairs = vocab.pairs.lookup();
  const size_t n = piece.size();
  const char* bytes = piece.data();
  auto& parts = scratch.parts;
  parts.resize(n + 1);
  for (size_t i = 0; i < n; ++i) {
    parts[i].start = static_cast<uint32_t>(i);
    parts[i].token = ranks.single_byte_rank(static_cast<uint8_t>(bytes[i]));
  }
  parts[n] = {static_cast<uint32_t>(n), kNoRank, kNoRank};  // sentinel: where the last part ends
  // Parts i and i+1 joined span [start_i, start_{i+2}), contiguous in the piece.
  auto pair_rank = [&](size_t i) {
    const uint32_t from = parts[i].start;
    return pairs.find(parts[i].token, parts[i + 1].token, bytes + from, parts[i + 2].start - from);
  };
  for (size_t i = 0; i + 1 < n; ++i) parts[i].pair_rank = pair_rank(i);
  parts[n - 1].pair_rank = kNoRank;

  size_t count = n;  // live parts; parts[count] is the sentinel
  while (count > 1) {
    uint32_t min_rank = kNoRank;
    size_t i = 0;
    for (size_t j = 0; j + 1 < count; ++j) {
      if (parts[j].pair_rank < min_rank) {
        min_rank = parts[j].pair_rank;
        i = j;
      }
    }
    if (min_rank == kNoRank) break;
    // Part i absorbs part i+1 (the sentinel moves down with the rest); only the pairs touching
    // part i change.
    parts[i].token = min_rank;
    std::copy(parts.begin() + static_cast<std::ptrdiff_t>(i) + 2, parts.begin() + static_cast<std::ptrdiff_t>(count) + 1,
              parts.begin() + static_cast<std::ptrdiff_t>(i) + 1);
    --count;
    parts[i].pair_rank = i + 1 < count ? pair_rank(i) : kNoRank;
    if (i > 0) parts[i - 1].pair_rank = pair_rank(i - 1);
  }
  for (size_t i = 0; i < count; ++i) out.push_back(parts[i].token);
}

void byte_pair_encode_heap(const Vocabulary& vocab, std::string_view piece, std::vector<uint32_t>& out,
                           MergeScratch& scratch) {
  const RankTable& ranks = vocab.ranks;
  const PairTable::Lookup pairs = vocab.pairs.lookup();
  const uint32_t n = static_cast<uint32_t>(piece.size());
  constexpr uint32_t kNone = UINT32_MAX;
  // Part i starts at byte i; a part merged into its left neighbour is dead (token == kNoRank).
  auto& next = scratch.next;
  auto& prev = scratch.prev;
  auto& token = scratch.token;
  auto& pair_rank = scratch.pair_rank;
  auto& heap = scratch.heap;
  next.resize(n);
  prev.resize(n);
  token.resize(n);
  pair_rank.resize(n);
  heap.clear();
  for (uint32_t i = 0; i < n; ++i) {
    next[i] = i + 1 < n ? i + 1 : kNone;
    prev[i] = i > 0 ? i - 1 : kNone;
    token[i] = ranks.single_byte_rank(static_cast<uint8_t>(piece[i]));
  }
  for (uint32_t i = 0; i < n; ++i) {
    pair_rank[i] = i + 1 < n ? pairs.find(token[i], token[i + 1]) : kNoRank;
    if (pair_rank[i] != kNoRank) heap.push_back((uint64_t(pair_rank[i]) << 32) | i);
  }
  std::greater<uint64_t> min_first;
  std::make_heap(heap.begin(), heap.end(), min_first);

  // Recomputes the pair starting at part i and queues it. An older queue entry for i stays
  // behind; it is recognised as stale when popped because it no longer matches pair_rank[i].
  auto refresh = [&](uint32_t i) {
    uint32_t j = next[i];
    pair_rank[i] = j == kNone ? kNoRank : pairs.find(token[i], token[j]);
    if (pair_rank[i] == kNoRank) return;
    heap.push_back((uint64_t(pair_rank[i]) << 32) | i);
    std::push_heap(heap.begin(), heap.end(), min_first);
  };

  while (!heap.empty()) {
    std::pop_heap(heap.begin(), heap.end(), min_first);
    const uint64_t top = heap.back();
    heap.pop_back();
    const uint32_t i = static_cast<uint32_t>(top);
    const uint32_t rank = static_cast<uint32_t>(top >> 32);
    if (token[i] == kNoRank || pair_rank[i] != rank) continue;  // stale entry
    const uint32_t j = next[i];
    token[i] = rank;
    token[j] = kNoRank;
    next[i] = next[j];
    if (next[j] != kNone) prev[next[j]] = i;
    refresh(i);
    if (prev[i] != kNone) refresh(prev[i]);
  }
  for (uint32_t i = 0; i != kNone; i = next[i]) out.push_back(token[i]);
}

}  // namespace tokenmeter
