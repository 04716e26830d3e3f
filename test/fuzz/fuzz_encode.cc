// Fuzz target: encoding arbitrary bytes with every shipped encoding.
//
// Input: byte 0 picks the encoding (mod 6) and the number of parts for the parallel-split check;
// the rest is the text, arbitrary bytes (BPE is byte-level, so invalid UTF-8 must encode and decode
// back exactly like anything else).
//
// Properties checked on every input:
//   1. encode_ordinary gives ids that are ranks of the vocabulary; decode_bytes of them is the input
//      byte for byte; count_ordinary equals their number.
//   2. The pre-tokenizer's pieces tile the text, and the ids are, piece by piece, exactly what the
//      slow reference BPE (fuzz_common.h) gives; byte_pair_encode_scan, _heap and _bucket each
//      agree with the reference on every piece of 2+ bytes (scan up to 1 KB: it is quadratic).
//   3. encode with the default policy throws Error(kDisallowedSpecialToken) iff the text contains a
//      special token's text (found by a plain search here), and otherwise equals encode_ordinary;
//      count follows encode.
//   4. encode with everything allowed equals: the text cut at the leftmost special tokens (plain
//      search), ordinary tokens for the text between, the special ids for the tokens; decode gives
//      back the text (with a token's canonical name where an id has two names, see below).
//   5. plan_cuts returns increasing cuts from 0 to the end, each a fixed point of next_safe_cut,
//      and encoding the parts separately gives exactly the tokens of the whole text.
//   6. encode_parallel / count_parallel equal encode / count. For about one input in 4096 (chosen
//      by a hash of the input, so findings reproduce) the text, in 64-byte chunks with a separator
//      after each (see check_big_parallel), is repeated past 768 KB so the threaded path really
//      runs on 3 threads: encode or count (a hash bit), with the default or the
//      allow-all policy (another bit). Rare, and one call pair at a time, because each 770 KB run
//      costs up to a second or more under ASan + UBSan + coverage, a thousand ordinary inputs'
//      worth; property 5 checks the cuts themselves on every input.
#include <algorithm>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "bpe/byte_pair_merge.h"
#include "encoding/encoding.h"
#include "encoding/parallel_split.h"
#include "encoding/registry.h"
#include "fuzz_common.h"
#ifdef TOKENMETER_FUZZ_HAVE_BUCKET_MERGE
#include "bpe/bucket_merge.h"
#endif
#include "pretokenize/pretokenizer.h"
#include "util/error.h"

using namespace tokenmeter;
using tokenmeter_fuzz::fail;
using tokenmeter_fuzz::preview;
using tokenmeter_fuzz::preview_ids;

namespace {

// The reference BPE is O(n^2) per piece; above this the per-piece comparison is skipped (the
// libFuzzer -max_len in run.sh keeps inputs below it anyway).
constexpr size_t kReferenceMaxBytes = 8192;
// Pieces up to this length also go through byte_pair_encode_scan (quadratic; the core only uses
// it below 96 bytes) directly.
constexpr size_t kDirectMergeMaxBytes = 1024;

const char* const kEncodingNames[] = {"r50k_base",   "p50k_base",  "p50k_edit",
                                      "cl100k_base", "o200k_base", "o200k_harmony"};
constexpr size_t kEncodingCount = sizeof(kEncodingNames) / sizeof(kEncodingNames[0]);

// A plain index of an encoding's special tokens for the independent searches below: token text by
// length, so a search tries each distinct length at each position (o200k_harmony has 1,088 tokens
// but only a handful of distinct lengths).
struct SpecialIndex {
  std::unordered_map<std::string, uint32_t> id_by_text;
  std::vector<size_t> lengths;                           // distinct token lengths, longest first
  std::unordered_map<uint32_t, std::string> decode_text;  // id -> the name decode produces
  bool first_byte[256] = {};                              // bytes some token starts with
};

struct Loaded {
  std::shared_ptr<const Encoding> encoding;
  SpecialIndex specials;
};

std::vector<Loaded>& encodings() {
  static std::vector<Loaded>* loaded = [] {
    auto* all = new std::vector<Loaded>();
    for (const char* name : kEncodingNames) {
      Loaded l;
      l.encoding = get_encoding(name, tokenmeter_fuzz::vocab_dir());
      for (const auto& token : l.encoding->specials().tokens()) {
        l.specials.id_by_text.emplace(token.text, token.id);
        // Where one id has two names (o200k_harmony: 200018 is <|endofprompt|> and
        // <|reserved_200018|>), decode writes the first listed, as tiktoken's Python dict keeps it.
        l.specials.decode_text.emplace(token.id, token.text);
        l.specials.first_byte[static_cast<uint8_t>(token.text[0])] = true;
        bool seen = false;
        for (size_t len : l.specials.lengths) seen = seen || len == token.text.size();
        if (!seen) l.specials.lengths.push_back(token.text.size());
      }
      std::sort(l.specials.lengths.rbegin(), l.specials.lengths.rend());
      all->push_back(std::move(l));
    }
    return all;
  }();
  return *loaded;
}

// The special token starting exactly at `pos` (the longest, if several did), or nullptr.
const std::pair<const std::string, uint32_t>* special_at(const SpecialIndex& index, std::string_view text,
                                                         size_t pos) {
  if (!index.first_byte[static_cast<uint8_t>(text[pos])]) return nullptr;
  for (size_t len : index.lengths) {
    if (pos + len > text.size()) continue;
    auto it = index.id_by_text.find(std::string(text.substr(pos, len)));
    if (it != index.id_by_text.end()) return &*it;
  }
  return nullptr;
}

std::vector<uint32_t> ordinary(const Encoding& enc, std::string_view text) {
  std::vector<uint32_t> ids;
  enc.encode_ordinary(text, ids);
  return ids;
}

std::string decode(const Encoding& enc, const std::vector<uint32_t>& ids) {
  std::string out;
  enc.decode_bytes(ids.data(), ids.size(), out);
  return out;
}

// Runs `f`, which must either succeed or throw Error(kDisallowedSpecialToken). Returns true if it
// threw that error; any other exception is a finding.
template <class F>
bool throws_disallowed(F&& f, const char* what) {
  try {
    f();
    return false;
  } catch (const Error& e) {
    if (e.code() != ErrorCode::kDisallowedSpecialToken) {
      fail(std::string(what) + " threw an unexpected tokenmeter::Error: " + e.what());
    }
    return true;
  }
}

void check_ordinary(const Encoding& enc, std::string_view text, const std::vector<uint32_t>& ids) {
  for (uint32_t id : ids) {
    FUZZ_CHECK(id < enc.n_vocab(), "id " + std::to_string(id) + " >= n_vocab for " + preview(text));
    FUZZ_CHECK(enc.ranks().has_rank(id), "encode_ordinary produced non-rank id " + std::to_string(id));
  }
  FUZZ_CHECK(decode(enc, ids) == text, enc.name() + ": decode(encode_ordinary(x)) != x for " + preview(text));
  FUZZ_CHECK(enc.count_ordinary(text) == ids.size(), enc.name() + ": count_ordinary != encode_ordinary size");
}

void check_against_reference(const Encoding& enc, std::string_view text, const std::vector<uint32_t>& ids) {
  const RankTable& ranks = enc.ranks();
  const PieceEndFn piece_end = piece_end_function(enc.family());
  std::vector<uint32_t> expected;
  std::vector<uint32_t> direct;
  MergeScratch scratch;
#ifdef TOKENMETER_FUZZ_HAVE_BUCKET_MERGE
  BucketMergeScratch bucket_scratch;  // one per input, reused across its pieces as the core would
#endif
  for (size_t start = 0; start < text.size();) {
    const size_t end = piece_end(text, start);
    FUZZ_CHECK(end > start && end <= text.size(),
               "piece end " + std::to_string(end) + " out of (" + std::to_string(start) + ", size]");
    const std::string_view piece = text.substr(start, end - start);
    // Merging alone; Encoding (like tiktoken) takes a piece that is a token as that one token.
    const std::vector<uint32_t> ref_merge = tokenmeter_fuzz::reference_bpe(ranks, piece, false);
    const uint32_t whole = ranks.find(piece);
    if (whole != kNoRank) {
      expected.push_back(whole);
    } else {
      expected.insert(expected.end(), ref_merge.begin(), ref_merge.end());
    }
    if (piece.size() >= 2) {
      // The core picks scan or heap by length; each must agree with the reference on any piece.
      direct.clear();
      byte_pair_encode_heap(enc.vocabulary(), piece, direct, scratch);
      FUZZ_CHECK(direct == ref_merge, enc.name() + ": heap merge " + preview_ids(direct) + " != reference " +
                                          preview_ids(ref_merge) + " for piece " + preview(piece));
#ifdef TOKENMETER_FUZZ_HAVE_BUCKET_MERGE
      direct.clear();
      byte_pair_encode_bucket(enc.vocabulary(), piece, direct, bucket_scratch);
      FUZZ_CHECK(direct == ref_merge, enc.name() + ": bucket merge " + preview_ids(direct) + " != reference " +
                                          preview_ids(ref_merge) + " for piece " + preview(piece));
#endif
      if (piece.size() <= kDirectMergeMaxBytes) {
        direct.clear();
        byte_pair_encode_scan(enc.vocabulary(), piece, direct, scratch);
        FUZZ_CHECK(direct == ref_merge, enc.name() + ": scan merge " + preview_ids(direct) + " != reference " +
                                            preview_ids(ref_merge) + " for piece " + preview(piece));
      }
    }
    start = end;
  }
  FUZZ_CHECK(ids == expected, enc.name() + ": encode_ordinary " + preview_ids(ids) + " != reference " +
                                  preview_ids(expected) + " for " + preview(text));
}

void check_policies(const Encoding& enc, const SpecialIndex& index, std::string_view text,
                    const std::vector<uint32_t>& ordinary_ids) {
  const SpecialTokenSet& specials = enc.specials();

  // The plain split: leftmost special token first, then on from its end.
  std::vector<uint32_t> expected_all;
  std::string expected_decoded;
  bool contains_special = false;
  size_t segment_start = 0;
  for (size_t pos = 0; pos < text.size();) {
    const auto* special = special_at(index, text, pos);
    if (special == nullptr) {
      ++pos;
      continue;
    }
    contains_special = true;
    const std::string_view segment = text.substr(segment_start, pos - segment_start);
    std::vector<uint32_t> seg_ids = ordinary(enc, segment);
    expected_all.insert(expected_all.end(), seg_ids.begin(), seg_ids.end());
    expected_all.push_back(special->second);
    expected_decoded.append(segment);
    expected_decoded.append(index.decode_text.at(special->second));
    pos += special->first.size();
    segment_start = pos;
  }
  {
    const std::string_view tail = text.substr(segment_start);
    std::vector<uint32_t> tail_ids = ordinary(enc, tail);
    expected_all.insert(expected_all.end(), tail_ids.begin(), tail_ids.end());
    expected_decoded.append(tail);
  }

  // Default policy: every special token disallowed.
  std::vector<uint32_t> default_ids;
  const bool threw = throws_disallowed([&] { enc.encode(text, specials.default_policy(), default_ids); }, "encode");
  FUZZ_CHECK(threw == contains_special, enc.name() + ": default-policy encode " +
                                            (threw ? "threw" : "did not throw") + " for " + preview(text));
  if (!threw) {
    FUZZ_CHECK(default_ids == ordinary_ids, enc.name() + ": default-policy encode != encode_ordinary");
  }
  size_t default_count = 0;
  const bool count_threw =
      throws_disallowed([&] { default_count = enc.count(text, specials.default_policy()); }, "count");
  FUZZ_CHECK(count_threw == threw, enc.name() + ": count and encode disagree about disallowed tokens");
  if (!count_threw) FUZZ_CHECK(default_count == ordinary_ids.size(), enc.name() + ": default count");

  // Everything allowed.
  std::vector<uint32_t> all_ids;
  enc.encode(text, specials.allow_all_policy(), all_ids);
  FUZZ_CHECK(all_ids == expected_all, enc.name() + ": allow-all encode " + preview_ids(all_ids) +
                                          " != plain split " + preview_ids(expected_all) + " for " + preview(text));
  FUZZ_CHECK(enc.count(text, specials.allow_all_policy()) == all_ids.size(), enc.name() + ": allow-all count");
  FUZZ_CHECK(decode(enc, all_ids) == expected_decoded, enc.name() + ": decode(allow-all encode) for " + preview(text));

  // Nothing special at all (tiktoken's disallowed_special=()): the ordinary tokens.
  std::vector<uint32_t> none_ids;
  enc.encode(text, specials.ordinary_policy(), none_ids);
  FUZZ_CHECK(none_ids == ordinary_ids, enc.name() + ": ordinary-policy encode != encode_ordinary");

  // The small-input parallel entry points (one thread below 256 KB) must be the same calls.
  std::vector<uint32_t> parallel_ids;
  enc.encode_parallel(text, specials.allow_all_policy(), 3, parallel_ids);
  FUZZ_CHECK(parallel_ids == all_ids, enc.name() + ": encode_parallel (small) != encode");
  FUZZ_CHECK(enc.count_parallel(text, specials.allow_all_policy(), 3) == all_ids.size(),
             enc.name() + ": count_parallel (small) != count");
}

void check_cuts(const Encoding& enc, std::string_view text, size_t parts, const std::vector<uint32_t>& whole) {
  const std::vector<size_t> cuts = plan_cuts(text, parts);
  FUZZ_CHECK(cuts.size() >= 2 && cuts.front() == 0 && cuts.back() == text.size(), "plan_cuts bounds");
  FUZZ_CHECK(cuts.size() <= parts + 1, "plan_cuts made more parts than asked");
  std::vector<uint32_t> joined;
  for (size_t i = 0; i + 1 < cuts.size(); ++i) {
    FUZZ_CHECK(cuts[i] < cuts[i + 1] || text.empty(), "plan_cuts not strictly increasing");
    if (i > 0) {
      FUZZ_CHECK(next_safe_cut(text, cuts[i]) == cuts[i],
                 "cut " + std::to_string(cuts[i]) + " is not a safe cut in " + preview(text));
    }
    std::vector<uint32_t> part = ordinary(enc, text.substr(cuts[i], cuts[i + 1] - cuts[i]));
    joined.insert(joined.end(), part.begin(), part.end());
  }
  FUZZ_CHECK(joined == whole, enc.name() + ": tokens of the parts cut at " + preview_ids(std::vector<uint32_t>(
                                                                             cuts.begin(), cuts.end())) +
                                  " != tokens of the whole text " + preview(text));
  // Every safe cut, not only the planned ones, for short texts: splitting there changes nothing.
  if (text.size() <= 256) {
    for (size_t cut = next_safe_cut(text, 0); cut < text.size(); cut = next_safe_cut(text, cut + 1)) {
      std::vector<uint32_t> left = ordinary(enc, text.substr(0, cut));
      std::vector<uint32_t> right = ordinary(enc, text.substr(cut));
      left.insert(left.end(), right.begin(), right.end());
      FUZZ_CHECK(left == whole, enc.name() + ": safe cut at " + std::to_string(cut) + " changes the tokens of " +
                                    preview(text));
    }
  }
}

// The threaded path for real: > 3 * 256 KB, 3 threads. The default policy covers the up-front
// disallowed check (and, for text without specials, the no-specials split); allow-all covers the
// split at special tokens.
//
// The big text is the input in 64-byte chunks, each followed by a separator, repeated. The
// separator bounds every pre-token piece, so merging stays cheap (long pieces are the small-input
// checks' business; 770 KB of long pieces costs several seconds per encode under ASan, and a
// check must stay well inside the 10 s timeout on a loaded machine):
//   - "xy zw" holds a safe cut ("y| z") whatever the fuzzed text is, so the text splits into many
//     work items;
//   - "\x01a\x01" is never a safe cut, so the cuts come from the fuzzed text alone, possibly none
//     (the whole text is then one work item). \x01 (no class) ends letter, number and whitespace
//     runs; the letter ends a run of symbols (which \x01 would join).
// `counting` picks count_parallel vs count instead of encode_parallel vs encode: two 770 KB runs
// per check, not four.
void check_big_parallel(const Encoding& enc, std::string_view text, bool with_separator, bool allow_all,
                        bool counting) {
  if (text.empty()) return;
  constexpr size_t kChunk = 64;
  std::string unit;
  for (size_t at = 0; at < text.size(); at += kChunk) {
    unit.append(text.substr(at, kChunk));
    unit.append(with_separator ? "xy zw" : "\x01a\x01");
  }
  std::string big;
  while (big.size() < 770 * 1024) big += unit;
  const SpecialTokenSet& specials = enc.specials();
  const SpecialPolicy& policy = allow_all ? specials.allow_all_policy() : specials.default_policy();
  if (counting) {
    size_t serial = 0, parallel = 0;
    const bool serial_threw = throws_disallowed([&] { serial = enc.count(big, policy); }, "count(big)");
    const bool parallel_threw =
        throws_disallowed([&] { parallel = enc.count_parallel(big, policy, 3); }, "count_parallel(big)");
    FUZZ_CHECK(serial_threw == parallel_threw, enc.name() + ": count_parallel and count disagree on throwing");
    if (serial_threw) return;
    FUZZ_CHECK(parallel == serial, enc.name() + ": count_parallel(3 threads) " + std::to_string(parallel) +
                                       " != count " + std::to_string(serial) + " on text built from " + preview(text));
    return;
  }
  std::vector<uint32_t> serial, parallel;
  const bool serial_threw = throws_disallowed([&] { enc.encode(big, policy, serial); }, "encode(big)");
  const bool parallel_threw =
      throws_disallowed([&] { enc.encode_parallel(big, policy, 3, parallel); }, "encode_parallel(big)");
  FUZZ_CHECK(serial_threw == parallel_threw, enc.name() + ": encode_parallel and encode disagree on throwing");
  if (serial_threw) return;
  FUZZ_CHECK(parallel == serial, enc.name() + ": encode_parallel(3 threads) != encode on " +
                                     std::to_string(big.size()) + " bytes built from " + preview(text));
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  encodings();  // load the rank files once, outside the timed runs
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  const Loaded& loaded = encodings()[data[0] % kEncodingCount];
  const Encoding& enc = *loaded.encoding;
  const size_t parts = 2 + (data[0] / kEncodingCount) % 7;  // 2..8
  const std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);

  const std::vector<uint32_t> ids = ordinary(enc, text);
  check_ordinary(enc, text, ids);
  if (text.size() <= kReferenceMaxBytes) check_against_reference(enc, text, ids);
  check_policies(enc, loaded.specials, text, ids);
  check_cuts(enc, text, parts, ids);

  const uint64_t h = tokenmeter_fuzz::input_hash(data, size);
  if ((h & 0xfff) == 0) check_big_parallel(enc, text, (h >> 12) & 1, (h >> 13) & 1, (h >> 14) & 1);
  return 0;
}
