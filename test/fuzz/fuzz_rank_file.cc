// Fuzz target: rank-file text -> parse_rank_file -> Vocabulary -> Encoding -> encode/decode.
//
// Shipped rank files are SHA-256 checked before parsing, so this is defence in depth: whatever a
// file holds, parsing and building the tables must fail cleanly with kVocabCorrupt or produce
// tables that encode correctly. Properties:
//   1. parse_rank_file accepts exactly what a plain parser written here accepts (the format of
//      rank_file.h: "<base64> <rank>" lines, empty lines skipped, rank of 1..9 digits below 2^24
//      and not above the file's size, no rank twice, at least one token) and returns the same
//      tokens at the same ranks; when it refuses, it throws Error(kVocabCorrupt) and nothing else.
//   2. Vocabulary construction succeeds iff every single byte is a token and no byte string is
//      listed twice, else throws Error(kVocabCorrupt); on success the rank table is the parsed list
//      (lookups both ways).
//   3. An Encoding on that vocabulary (cl100k pre-tokenizer, one special token past the last rank)
//      encodes a fixed text plus text made of the vocabulary's own tokens (so merges happen) exactly
//      like the reference BPE, piece by piece; byte_pair_encode_scan, _heap and _bucket agree with
//      the reference on the token text taken as one long piece; everything decodes back to its
//      input.
//
// Size: run.sh passes -max_len=16384. The parser refuses a rank above the file's size (as well as
// any rank >= 2^24), so the rank vector is at most one entry per input byte: no input of this size
// can make it allocate much. (Before that bound, the 14-byte line "AA== 16777215" allocated
// 2^24 strings, ~640 MB, finding F1 in README.md; corpus/fuzz_rank_file/f1_huge_rank keeps it as
// a regression seed.)
#include <cstdint>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "bpe/byte_pair_merge.h"
#include "bpe/rank_file.h"
#include "bpe/vocabulary.h"
#include "encoding/encoding.h"
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

// RFC 4648 base64 with '=' padding, written independently of util/base64.cc. Like that decoder
// (and Python's b64decode, which made the rank files) it does not insist that the unused low bits
// of the last character are zero.
bool plain_base64(std::string_view text, std::string& out) {
  out.clear();
  if (text.size() % 4 != 0) return false;
  auto value = [](char c) -> int {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+') return 62;
    if (c == '/') return 63;
    return -1;
  };
  for (size_t i = 0; i < text.size(); i += 4) {
    const bool last = i + 4 == text.size();
    // Padding: only in the last group, as "xx==" or "xxx=".
    int pad = 0;
    if (last && text[i + 3] == '=') pad = text[i + 2] == '=' ? 2 : 1;
    int v[4];
    for (int j = 0; j < 4 - pad; ++j) {
      v[j] = value(text[i + j]);
      if (v[j] < 0) return false;
    }
    out.push_back(static_cast<char>((v[0] << 2) | (v[1] >> 4)));
    if (pad < 2) out.push_back(static_cast<char>(((v[1] & 15) << 4) | (v[2] >> 2)));
    if (pad < 1) out.push_back(static_cast<char>(((v[2] & 3) << 6) | v[3]));
  }
  return true;
}

// The format's rules, applied plainly. Returns false where the file must be refused.
bool plain_parse(std::string_view text, std::map<uint32_t, std::string>& tokens) {
  size_t pos = 0;
  while (pos < text.size()) {
    size_t eol = text.find('\n', pos);
    if (eol == std::string_view::npos) eol = text.size();
    const std::string_view line = text.substr(pos, eol - pos);
    pos = eol + 1;
    if (line.empty()) continue;
    const size_t space = line.find(' ');
    if (space == std::string_view::npos) return false;
    std::string bytes;
    if (!plain_base64(line.substr(0, space), bytes) || bytes.empty()) return false;
    const std::string_view digits = line.substr(space + 1);
    if (digits.empty() || digits.size() > 9) return false;
    uint32_t rank = 0;
    for (char c : digits) {
      if (c < '0' || c > '9') return false;
      rank = rank * 10 + static_cast<uint32_t>(c - '0');  // at most 999,999,999: no overflow
    }
    // Real files are dense, every line is 7+ bytes: a rank beyond the file's size is refused.
    if (rank >= (1u << 24) || rank > text.size()) return false;
    if (!tokens.emplace(rank, std::move(bytes)).second) return false;  // a rank listed twice
  }
  return !tokens.empty();
}

// Text that makes a vocabulary actually merge: its own multi-byte tokens end to end, plus a long
// run of one token so the heap merge (pieces of 96+ bytes) is reached too.
std::string text_from_tokens(const std::map<uint32_t, std::string>& tokens) {
  std::string text;
  std::string longest;
  for (const auto& [rank, bytes] : tokens) {
    if (bytes.size() < 2) continue;
    if (text.size() + bytes.size() <= 1024) text += bytes;
    if (bytes.size() > longest.size() && bytes.size() <= 64) longest = bytes;
  }
  while (!longest.empty() && text.size() < 1536) text += longest;
  return text;
}

// 256 single bytes and nothing else: no pair ever merges.
const Vocabulary& bytes_only_vocabulary() {
  static const Vocabulary* vocab = [] {
    std::vector<std::string> bytes;
    for (int b = 0; b < 256; ++b) bytes.emplace_back(1, static_cast<char>(b));
    return new Vocabulary(std::move(bytes));
  }();
  return *vocab;
}

void check_encoding(const Encoding& enc, std::string_view text, const char* what) {
  std::vector<uint32_t> ids;
  enc.encode_ordinary(text, ids);
  std::string decoded;
  enc.decode_bytes(ids.data(), ids.size(), decoded);
  FUZZ_CHECK(decoded == text, std::string(what) + ": decode(encode_ordinary(x)) != x for " + preview(text));
  FUZZ_CHECK(enc.count_ordinary(text) == ids.size(), std::string(what) + ": count_ordinary");

  const PieceEndFn piece_end = piece_end_function(enc.family());
  std::vector<uint32_t> expected;
  for (size_t start = 0; start < text.size();) {
    const size_t end = piece_end(text, start);
    FUZZ_CHECK(end > start && end <= text.size(), "piece end out of range");
    std::vector<uint32_t> ref = tokenmeter_fuzz::reference_bpe(enc.ranks(), text.substr(start, end - start), true);
    expected.insert(expected.end(), ref.begin(), ref.end());
    start = end;
  }
  FUZZ_CHECK(ids == expected, std::string(what) + ": encode_ordinary " + preview_ids(ids) + " != reference " +
                                  preview_ids(expected) + " for " + preview(text));

  // The special token (allowed) between two copies of the text. (Token text from the fuzzed
  // vocabulary may itself spell the special token; then the expected split would differ.)
  if (text.find("<|endoftext|>") != std::string_view::npos) return;
  const std::string with_special = std::string(text) + "<|endoftext|>" + std::string(text);
  std::vector<uint32_t> all_ids;
  enc.encode(with_special, enc.specials().allow_all_policy(), all_ids);
  std::vector<uint32_t> want = ids;
  want.push_back(enc.specials().tokens()[0].id);
  want.insert(want.end(), ids.begin(), ids.end());
  FUZZ_CHECK(all_ids == want, std::string(what) + ": allow-all encode around <|endoftext|>");
  decoded.clear();
  enc.decode_bytes(all_ids.data(), all_ids.size(), decoded);
  FUZZ_CHECK(decoded == with_special, std::string(what) + ": allow-all decode");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);

  std::map<uint32_t, std::string> plain;
  const bool plain_ok = plain_parse(text, plain);
  std::vector<std::string> by_rank;
  try {
    by_rank = parse_rank_file(text);
  } catch (const Error& e) {
    if (e.code() != ErrorCode::kVocabCorrupt) fail(std::string("parse_rank_file threw a non-kVocabCorrupt Error: ") + e.what());
    FUZZ_CHECK(!plain_ok, std::string("parse_rank_file refused a well-formed file: ") + e.what() + " -- " + preview(text));
    return 0;
  }
  FUZZ_CHECK(plain_ok, "parse_rank_file accepted a malformed file: " + preview(text));
  FUZZ_CHECK(by_rank.size() == plain.rbegin()->first + 1u, "parse_rank_file: wrong rank count");
  {
    auto next = plain.begin();
    for (uint32_t rank = 0; rank < by_rank.size(); ++rank) {
      if (next != plain.end() && next->first == rank) {
        FUZZ_CHECK(by_rank[rank] == next->second, "parse_rank_file: wrong bytes at rank " + std::to_string(rank));
        ++next;
      } else {
        FUZZ_CHECK(by_rank[rank].empty(), "parse_rank_file: a gap at rank " + std::to_string(rank) + " is not empty");
      }
    }
  }

  // Whether a Vocabulary must accept these tokens: all 256 bytes, and no byte string twice.
  bool vocab_ok = true;
  {
    std::set<std::string> seen;
    for (const auto& entry : plain) vocab_ok = seen.insert(entry.second).second && vocab_ok;
    for (int b = 0; b < 256; ++b) vocab_ok = vocab_ok && seen.count(std::string(1, static_cast<char>(b))) == 1;
  }
  std::shared_ptr<const Vocabulary> vocab;
  try {
    vocab = std::make_shared<const Vocabulary>(std::move(by_rank));
  } catch (const Error& e) {
    if (e.code() != ErrorCode::kVocabCorrupt) fail(std::string("Vocabulary threw a non-kVocabCorrupt Error: ") + e.what());
    FUZZ_CHECK(!vocab_ok, std::string("Vocabulary refused a valid token list: ") + e.what());
    return 0;
  }
  FUZZ_CHECK(vocab_ok, "Vocabulary accepted a token list with a missing byte or a duplicate: " + preview(text));

  const RankTable& ranks = vocab->ranks;
  FUZZ_CHECK(ranks.rank_limit() == plain.rbegin()->first + 1u, "rank_limit");
  FUZZ_CHECK(ranks.size() == plain.size(), "token count");
  {
    auto next = plain.begin();
    for (uint32_t rank = 0; rank < ranks.rank_limit(); ++rank) {
      const bool listed = next != plain.end() && next->first == rank;
      FUZZ_CHECK(ranks.has_rank(rank) == listed, "has_rank(" + std::to_string(rank) + ")");
      if (!listed) continue;
      FUZZ_CHECK(ranks.bytes_of(rank) == next->second, "bytes_of(" + std::to_string(rank) + ")");
      FUZZ_CHECK(ranks.find(next->second) == rank, "find(bytes of rank " + std::to_string(rank) + ")");
      ++next;
    }
  }

  const Encoding enc("fuzz_rank_file", vocab, PatternFamily::kCl100k, {{"<|endoftext|>", ranks.rank_limit()}});
  check_encoding(enc, "Hello, world! It's 2024: 12345 tokens\r\n  \tindented\n\n\xe4\xbd\xa0\xe5\xa5\xbd "
                      "\xf0\x9f\x98\x80 caf\xc3\xa9 \xff\xfe\x80 end", "fixed text");
  const std::string own = text_from_tokens(plain);
  if (!own.empty()) {
    check_encoding(enc, own, "token text");
    // The token text as one piece, bypassing the pre-tokenizer: a long piece of real merges.
    const std::vector<uint32_t> ref = tokenmeter_fuzz::reference_bpe(ranks, own, false);
    MergeScratch scratch;
    std::vector<uint32_t> heap_ids, scan_ids;
    byte_pair_encode_heap(*vocab, own, heap_ids, scratch);
    byte_pair_encode_scan(*vocab, own, scan_ids, scratch);
    FUZZ_CHECK(heap_ids == ref, "heap merge " + preview_ids(heap_ids) + " != reference " + preview_ids(ref));
    FUZZ_CHECK(scan_ids == ref, "scan merge " + preview_ids(scan_ids) + " != reference " + preview_ids(ref));
#ifdef TOKENMETER_FUZZ_HAVE_BUCKET_MERGE
    // The bucket merge's ordering argument (pairs of one rank are created in position order) is
    // about real BPE vocabularies; a fuzzed vocabulary need not satisfy it, and the result must be
    // exact anyway. One scratch serves this vocabulary and then a different one (smaller
    // rank_limit), then this one again, as a thread's scratch would across encodings.
    BucketMergeScratch bucket_scratch;
    std::vector<uint32_t> bucket_ids;
    byte_pair_encode_bucket(*vocab, own, bucket_ids, bucket_scratch);
    FUZZ_CHECK(bucket_ids == ref, "bucket merge " + preview_ids(bucket_ids) + " != reference " + preview_ids(ref));
    const Vocabulary& other = bytes_only_vocabulary();
    bucket_ids.clear();
    byte_pair_encode_bucket(other, own, bucket_ids, bucket_scratch);
    FUZZ_CHECK(bucket_ids.size() == own.size(), "bucket merge with a bytes-only vocabulary merged something");
    bucket_ids.clear();
    byte_pair_encode_bucket(*vocab, own, bucket_ids, bucket_scratch);
    FUZZ_CHECK(bucket_ids == ref, "bucket merge with a reused scratch " + preview_ids(bucket_ids) +
                                      " != reference " + preview_ids(ref));
#endif
  }
  return 0;
}
