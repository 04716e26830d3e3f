#include "bpe/bucket_merge.h"

#include <algorithm>

#include "bpe/byte_pair_merge.h"

namespace tokenmeter {

namespace {

constexpr uint32_t kNone = UINT32_MAX;    // no neighbour
// Set in the token field of a byte that does not start a live part. On the last byte of a part of
// two or more bytes the rest of the field is the offset where that part starts: that is how a
// part finds its left neighbour without a prev array (see BucketMergeScratch::Part).
constexpr uint32_t kInterior = 0x80000000u;
constexpr uint32_t kNoSlot = UINT32_MAX;  // rank has no bucket yet in this call

// How far ahead of the sweep to prefetch parts. A sparse bucket (one rank among thousands in a long
// piece of varied text) visits parts far apart; the positions are known in advance, so the cache
// misses can overlap instead of being paid one after another.
constexpr uint32_t kPrefetchDistance = 8;

using Bucket = BucketMergeScratch::Bucket;
using Part = BucketMergeScratch::Part;

// The last lookup of one call site, for runs of repeated pairs: cheaper than even a hit in the
// pair table's per-thread cache. A pair of adjacent parts is always contiguous in the piece, so a
// miss hands the table the joined bytes, [from, from + len()), and it never has to reassemble
// them; `len` is only evaluated on a miss, as it may cost a lookup of its own.
struct PairMemo {
  uint32_t left = kNoRank;  // never a token, so the first lookup always goes to the table
  uint32_t right = kNoRank;
  uint32_t rank = kNoRank;
  template <class Length>
  uint32_t find(const PairTable::Lookup& pairs, uint32_t l, uint32_t r, const char* from, Length len) {
    if (l != left || r != right) {
      left = l;
      right = r;
      rank = miss(pairs, l, r, from, len());
    }
    return rank;
  }
  // The same with the table's lookup inlined, for the loop over the initial pairs, where misses
  // are the common case in varied text.
  uint32_t find_inline(const PairTable::Lookup& pairs, uint32_t l, uint32_t r, const char* from, size_t len) {
    if (l != left || r != right) {
      left = l;
      right = r;
      rank = pairs.find(l, r, from, len);
    }
    return rank;
  }
  // Out of line: the table's lookup inlined at every call site of the merge loop bloats it, and it
  // then runs slower even when the memo answers.
  __attribute__((noinline)) static uint32_t miss(const PairTable::Lookup& pairs, uint32_t l, uint32_t r, const char* from,
                                                 size_t len) {
    return pairs.find(l, r, from, len);
  }
};

// Makes every queued entry of a bucket part of the sorted run to visit. Called when the bucket's
// rank becomes the lowest, i.e. right before a sweep.
//
// Why this is nearly free: a pair spelling the token of rank s only ever appears at the end of the
// same sequence of merges inside its own bytes (the merges inside those bytes happen exactly as in
// a BPE of that string alone, since no part may cross its edges if the pair is to form), so every
// pair of rank s is created by merges of one and the same rank, whose sweeps push in increasing
// position order. In practice the tail is already sorted (tail_sorted is only a safeguard). And no
// entry is pushed into a bucket while its sweep is suspended: everything merged during the
// suspension contains the part just merged, so it spells a longer string than the suspended rank's
// token. The sort and the merge below keep the order exact even if those arguments missed a case.
void prepare(Bucket& b) {
  const uint32_t size = static_cast<uint32_t>(b.data.size());
  if (b.sorted_end == size) return;
  uint32_t* d = b.data.data();
  if (!b.tail_sorted) std::sort(d + b.sorted_end, d + size);
  b.tail_sorted = true;
  if (b.head != b.sorted_end) std::inplace_merge(d + b.head, d + b.sorted_end, d + size);
  b.sorted_end = size;
}

// Brings the scratch to an empty state for ranks [0, rank_limit) without touching every rank
// unless a previous call was interrupted.
void begin_call(BucketMergeScratch& s, uint32_t rank_limit) {
  if (s.dirty || s.slot_of_rank.size() < rank_limit || s.active.limit() < rank_limit) {
    s.slot_of_rank.assign(std::max<size_t>(rank_limit, s.slot_of_rank.size()), kNoSlot);
    s.active.reset(std::max(rank_limit, s.active.limit()));
    for (Bucket& b : s.buckets) {
      b.data.clear();
      b.head = b.sorted_end = b.last_push = 0;
      b.tail_sorted = true;
    }
    s.touched.clear();
    s.slots_used = 0;
  }
  s.dirty = true;
}

// After a finished call every bucket has been drained (and reset when drained); only the slot
// directory entries handed out in this call need undoing.
void end_call(BucketMergeScratch& s) {
  for (uint32_t rank : s.touched) s.slot_of_rank[rank] = kNoSlot;
  s.touched.clear();
  s.slots_used = 0;
  s.dirty = false;
}

}  // namespace

void RankBitmap::reset(uint32_t limit) {
  limit_ = limit;
  levels_ = 0;
  uint32_t total = 0;
  uint64_t bits = std::max<uint32_t>(limit, 1);
  while (true) {
    const uint64_t words = (bits + 63) / 64;
    offset_[levels_++] = total;
    total += static_cast<uint32_t>(words);
    if (words == 1) break;
    bits = words;
  }
  words_.assign(total, 0);
}

void BucketMergeScratch::trim(size_t max_bytes) {
  size_t kept = 0;
  if (parts.capacity() * sizeof(Part) > max_bytes) {
    std::vector<Part>().swap(parts);
  } else {
    kept += parts.capacity() * sizeof(Part);
  }
  for (Bucket& b : buckets) {
    const size_t bytes = b.data.capacity() * sizeof(uint32_t);
    if (kept + bytes > max_bytes) {
      std::vector<uint32_t>().swap(b.data);
    } else {
      kept += bytes;
    }
  }
}

namespace {

// The queues of one call. push() is on the hot path of every merge, so its common case (the rank
// already has a bucket) is kept small enough to inline.
class Queues {
 public:
  explicit Queues(BucketMergeScratch& s) : s_(s), slot_of_rank_(s.slot_of_rank.data()) {}

  void push(uint32_t rank, uint32_t pos) {
    uint32_t slot = slot_of_rank_[rank];
    if (__builtin_expect(slot == kNoSlot, 0)) slot = new_slot(rank);
    Bucket& b = s_.buckets[slot];
    const size_t size = b.data.size();
    if (size == b.head) s_.active.set(rank);  // was empty
    if (size != b.sorted_end && pos < b.last_push) b.tail_sorted = false;
    b.last_push = pos;
    b.data.push_back(pos);
  }

 private:
  // Buckets live in a pool indexed through slot_of_rank, so only ranks that occur in this piece
  // cost anything, and pooled buckets keep their capacity from call to call.
  __attribute__((noinline)) uint32_t new_slot(uint32_t rank) {
    const uint32_t slot = s_.slots_used++;
    if (slot == s_.buckets.size()) s_.buckets.emplace_back();
    s_.touched.push_back(rank);
    slot_of_rank_[rank] = slot;
    return slot;
  }

  BucketMergeScratch& s_;
  uint32_t* slot_of_rank_;
};

}  // namespace

void byte_pair_encode_bucket(const Vocabulary& vocab, std::string_view piece, std::vector<uint32_t>& out,
                             BucketMergeScratch& scratch) {
  const RankTable& ranks = vocab.ranks;
  const PairTable::Lookup pairs = vocab.pairs.lookup();
  const uint32_t n = static_cast<uint32_t>(piece.size());
  if (n == 0) return;
  if (n == 1) {
    out.push_back(ranks.single_byte_rank(static_cast<uint8_t>(piece[0])));
    return;
  }
  if (ranks.rank_limit() > kInterior) {
    // Token ids would collide with the interior marker; no real vocabulary comes near 2^31 ranks.
    MergeScratch heap_scratch;
    byte_pair_encode_heap(vocab, piece, out, heap_scratch);
    return;
  }
  begin_call(scratch, ranks.rank_limit());
  scratch.parts.resize(n);
  Part* const p = scratch.parts.data();
  Queues queues(scratch);
  const char* const bytes = piece.data();
  auto length = [&](uint32_t token) { return static_cast<uint32_t>(ranks.bytes_of(token).size()); };

  // One-entry memos in front of the pair table: in repetitive text (runs of one character, long
  // indentation) the same pairs are asked for over and over.
  PairMemo left_memo, right_memo;

  // Every byte starts as a part of its own; initial pairs are queued in increasing position, so
  // every bucket starts sorted.
  p[0].token = ranks.single_byte_rank(static_cast<uint8_t>(piece[0]));
  for (uint32_t i = 0; i + 1 < n; ++i) {
    p[i + 1].token = ranks.single_byte_rank(static_cast<uint8_t>(piece[i + 1]));
    const uint32_t rank = right_memo.find_inline(pairs, p[i].token, p[i + 1].token, bytes + i, 2);
    p[i].pair_rank = rank;
    if (rank != kNoRank) queues.push(rank, i);
  }
  p[n - 1].pair_rank = kNoRank;
  uint32_t merges = 0;
  RankBitmap& active = scratch.active;
  auto& buckets = scratch.buckets;
  const uint32_t* const slot_of_rank = scratch.slot_of_rank.data();

  for (uint32_t rank = active.lowest(); rank != RankBitmap::kNone; rank = active.lowest()) {
    const uint32_t slot = slot_of_rank[rank];
    prepare(buckets[slot]);
    const uint32_t rank_length = length(rank);
    bool lower_rank_queued = false;
    // A merged part's new right-hand pair is queued lazily: when the sweep's next merge is of the
    // part just right of it, that pair changes again at once, and queuing it would only leave a
    // stale entry (in a run of one character, every other entry). `deferred` is the part whose
    // pair_rank is set but not yet queued, or kNone. Only pairs ranked above the sweep are
    // deferred; a lower one ends the sweep at once.
    uint32_t deferred = kNone;
    // `buckets` may grow (and move) while pushing, so the bucket is looked up again each step.
    while (!lower_rank_queued) {
      Bucket& b = buckets[slot];
      if (b.head == b.sorted_end) break;
      if (b.head + kPrefetchDistance < b.sorted_end) __builtin_prefetch(p + b.data[b.head + kPrefetchDistance], 1);
      const uint32_t i = b.data[b.head++];
      if (p[i].pair_rank != rank) continue;  // stale: dead, or its pair changed since queued

      ++merges;
      // Part i = [i, j) absorbs part j = [j, k); the merged token's length gives k directly.
      const uint32_t j = i + length(p[i].token);
      const uint32_t k = i + rank_length;
      const uint32_t before = i > 0 ? p[i - 1].token : 0;
      const uint32_t h = i == 0 ? kNone : (before & kInterior) ? before & ~kInterior : i - 1;
      p[i].token = rank;
      p[j].pair_rank = kNoRank;  // dead: its queued entries are now stale
      p[j].token = kInterior | i;
      p[k - 1].token = kInterior | i;  // the new part's last byte points back at its start

      // Only the pairs touching part i changed. Pushes go in increasing position (the deferred
      // part, then h, then i) so that a sweep fills every bucket in sorted order.
      if (deferred != kNone && deferred != h) queues.push(p[deferred].pair_rank, deferred);
      deferred = kNone;
      if (h != kNone) {
        const uint32_t left = left_memo.find(pairs, p[h].token, rank, bytes + h, [&] { return k - h; });
        p[h].pair_rank = left;
        if (left != kNoRank) {
          queues.push(left, h);
          lower_rank_queued |= left < rank;
        }
      }
      uint32_t right = kNoRank;
      if (k < n) {
        const uint32_t next_token = p[k].token;
        right = right_memo.find(pairs, rank, next_token, bytes + i, [&] { return k + length(next_token) - i; });
      }
      p[i].pair_rank = right;
      if (right != kNoRank) {
        if (right < rank) {
          queues.push(right, i);
          lower_rank_queued = true;
        } else {
          deferred = i;
        }
      }
    }
    if (deferred != kNone) queues.push(p[deferred].pair_rank, deferred);
    Bucket& b = buckets[slot];
    if (b.head == b.data.size()) {  // drained: empty it in place, keeping its capacity
      b.data.clear();
      b.head = b.sorted_end = 0;
      b.tail_sorted = true;
      active.clear(rank);
    }
  }

  // The live parts are exactly the bytes without kInterior. One sequential branch-free pass over
  // them is faster than hopping from part to part (a chain of dependent loads per token). Every
  // byte is written at the cursor, which only advances past live ones; hence one spare slot.
  const size_t first = out.size();
  out.resize(first + (n - merges) + 1);
  uint32_t* cursor = out.data() + first;
  for (uint32_t i = 0; i < n; ++i) {
    const uint32_t token = p[i].token;
    *cursor = token;
    cursor += (token & kInterior) == 0;
  }
  out.pop_back();
  end_call(scratch);
}

void byte_pair_encode_bucket(const Vocabulary& vocab, std::string_view piece, std::vector<uint32_t>& out) {
  thread_local BucketMergeScratch scratch;
  byte_pair_encode_bucket(vocab, piece, out, scratch);
  // Working memory is about 8 bytes per byte of piece plus the buckets. Keep what a piece of a few
  // MB needs, so repeated long pieces do not pay for fresh pages each time, but do not let a
  // one-off 100 MB piece pin a GB per thread.
  constexpr size_t kKeepBytes = size_t(32) << 20;
  if (piece.size() > (size_t(1) << 20)) scratch.trim(kKeepBytes);
}

}  // namespace tokenmeter
