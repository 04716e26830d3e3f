// The bucket merge against the heap merge, the scan merge and a plain string reference, on the
// shipped vocabularies and on synthetic ones built to stress the bucket bookkeeping (ranks that are
// not in merge order, so sweeps are suspended and resumed constantly).
#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include "bpe/bucket_merge.h"
#include "bpe/byte_pair_merge.h"
#include "reference_bpe.h"
#include "test_vocab.h"

using tokenmeter::BucketMergeScratch;
using tokenmeter::kNoRank;
using tokenmeter::MergeScratch;
using tokenmeter::RankBitmap;
using tokenmeter::RankTable;
using tokenmeter::Vocabulary;

namespace {

using tokenmeter_test::reference_bpe;

// Holds the scratch of every algorithm, reused across pieces as in real encoding.
struct Checker {
  explicit Checker(const Vocabulary& v) : vocab(v) {}
  const Vocabulary& vocab;
  MergeScratch merge_scratch;
  BucketMergeScratch bucket_scratch;
  size_t checked = 0;

  // Compares bucket with heap always, with scan up to `scan_limit` bytes (scan is quadratic) and
  // with the string reference up to `reference_limit` bytes.
  ::testing::AssertionResult check(const std::string& piece, size_t scan_limit = 3000,
                                   size_t reference_limit = 200) {
    ++checked;
    std::vector<uint32_t> bucket, heap;
    tokenmeter::byte_pair_encode_bucket(vocab, piece, bucket, bucket_scratch);
    tokenmeter::byte_pair_encode_heap(vocab, piece, heap, merge_scratch);
    if (bucket != heap) return ::testing::AssertionFailure() << "bucket != heap, " << describe(piece);
    if (piece.size() <= scan_limit) {
      std::vector<uint32_t> scan;
      tokenmeter::byte_pair_encode_scan(vocab, piece, scan, merge_scratch);
      if (bucket != scan) return ::testing::AssertionFailure() << "bucket != scan, " << describe(piece);
    }
    if (piece.size() <= reference_limit && bucket != reference_bpe(vocab.ranks, piece)) {
      return ::testing::AssertionFailure() << "bucket != reference, " << describe(piece);
    }
    // Appends, never replaces.
    std::vector<uint32_t> appended = {7};
    tokenmeter::byte_pair_encode_bucket(vocab, piece, appended, bucket_scratch);
    if (appended.size() != bucket.size() + 1 || appended[0] != 7 ||
        !std::equal(bucket.begin(), bucket.end(), appended.begin() + 1)) {
      return ::testing::AssertionFailure() << "bucket does not append, " << describe(piece);
    }
    return ::testing::AssertionSuccess();
  }

  static std::string describe(const std::string& piece) {
    std::string shown;
    for (size_t i = 0; i < piece.size() && i < 80; ++i) {
      unsigned char c = static_cast<unsigned char>(piece[i]);
      if (c >= 0x20 && c < 0x7f) {
        shown += static_cast<char>(c);
      } else {
        static const char* hex = "0123456789abcdef";
        shown += "\\x";
        shown += hex[c >> 4];
        shown += hex[c & 15];
      }
    }
    return "piece of " + std::to_string(piece.size()) + " bytes: \"" + shown + (piece.size() > 80 ? "...\"" : "\"");
  }
};

std::string repeat(const std::string& unit, size_t units) {
  std::string s;
  for (size_t i = 0; i < units; ++i) s += unit;
  return s;
}

std::string from_alphabet(std::mt19937& rng, const std::string& alphabet, size_t len) {
  std::string s(len, ' ');
  for (auto& c : s) c = alphabet[rng() % alphabet.size()];
  return s;
}

// Lengths 1..300 densely, then a spread up to `max`.
std::vector<size_t> many_lengths(size_t max) {
  std::vector<size_t> lengths;
  for (size_t len = 1; len <= 300 && len <= max; ++len) lengths.push_back(len);
  for (size_t len = 301; len <= max; len = len * 11 / 10 + 7) lengths.push_back(len);
  if (lengths.back() != max) lengths.push_back(max);
  return lengths;
}

// Concatenations of words without separators: what minified code, identifiers, URLs and
// space-less scripts look like to the pre-tokenizer.
std::string spaceless_text(std::mt19937& rng, size_t len) {
  static const std::vector<std::string> words = {
      "the",      "of",      "and",       "to",     "in",         "is",      "that",   "for",
      "function", "return",  "var",       "const",  "this",       "window",  "document", "getElementById",
      "http",     "www",     "com",       "index",  "html",       "JSON",    "parse",  "String",
      "Tokenizer", "encode", "decode",    "value",  "length",     "undefined", "null", "true",
      "false",    "Über",    "straße",    "naïve",  "café",       "résumé",  "日本語",   "東京",
      "中文",     "文本",    "Москва",    "привет", "😀",         "🚀",      "{",      "}",
      "(",        ")",       ";",         "=",      "=>",         "0",       "1",      "42",
      "2024",     "ABC",     "XYZ",       "_",      "__init__",   "self",    "\\n",    "%20"};
  std::string s;
  while (s.size() < len) s += words[rng() % words.size()];
  return s;
}

std::string random_bytes(std::mt19937& rng, size_t len) {
  std::string s(len, '\0');
  for (auto& c : s) c = static_cast<char>(rng() & 0xff);
  return s;
}

// CJK text drawn from the most common block, as a `\p{L}+` piece under cl100k would be.
std::string cjk_text(std::mt19937& rng, size_t chars) {
  std::string s;
  for (size_t i = 0; i < chars; ++i) {
    uint32_t cp = 0x4e00 + rng() % 0x600;  // common ideographs
    s += static_cast<char>(0xe0 | (cp >> 12));
    s += static_cast<char>(0x80 | ((cp >> 6) & 0x3f));
    s += static_cast<char>(0x80 | (cp & 0x3f));
  }
  return s;
}

class BucketMergeTest : public ::testing::TestWithParam<std::string> {
 protected:
  const Vocabulary& vocab() { return tokenmeter_test::encoding(GetParam())->vocabulary(); }
};

TEST_P(BucketMergeTest, RandomPiecesOverSmallAlphabets) {
  Checker checker(vocab());
  std::mt19937 rng(20240611);
  const std::vector<std::string> alphabets = {"ab", "a ", "abc", "aab ", "aaabcdeeeinorst ", " \n", "01", "=-"};
  for (int round = 0; round < 300; ++round) {
    const std::string& alphabet = alphabets[round % alphabets.size()];
    size_t len = round < 200 ? 1 + rng() % 300 : 1 + rng() % 5000;
    ASSERT_TRUE(checker.check(from_alphabet(rng, alphabet, len))) << "round " << round;
  }
}

TEST_P(BucketMergeTest, RepeatedCharacters) {
  Checker checker(vocab());
  for (const std::string unit : {"a", " ", "\n", "0", "=", "é", "日", "😀"}) {
    for (size_t units : many_lengths(10000 / unit.size())) {
      ASSERT_TRUE(checker.check(repeat(unit, units), 2000)) << "unit '" << unit << "' x" << units;
    }
  }
}

TEST_P(BucketMergeTest, RepeatedPatterns) {
  Checker checker(vocab());
  for (const std::string unit : {"ab", "abc", " \n", "\n ", "ba", "日本", "-=", "aab"}) {
    for (size_t units : many_lengths(10000 / unit.size())) {
      ASSERT_TRUE(checker.check(repeat(unit, units), 2000)) << "unit '" << unit << "' x" << units;
    }
  }
}

TEST_P(BucketMergeTest, RandomBytes) {
  Checker checker(vocab());
  std::mt19937 rng(7);
  for (int round = 0; round < 60; ++round) {
    ASSERT_TRUE(checker.check(random_bytes(rng, 1 + rng() % (round < 40 ? 300 : 5000)))) << "round " << round;
  }
}

TEST_P(BucketMergeTest, SpacelessText) {
  Checker checker(vocab());
  std::mt19937 rng(11);
  for (int round = 0; round < 80; ++round) {
    ASSERT_TRUE(checker.check(spaceless_text(rng, 1 + rng() % (round < 50 ? 300 : 5000)))) << "round " << round;
  }
  for (int round = 0; round < 20; ++round) {
    ASSERT_TRUE(checker.check(cjk_text(rng, 1 + rng() % 1500))) << "cjk round " << round;
  }
  const std::string base64_alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  for (int round = 0; round < 20; ++round) {
    ASSERT_TRUE(checker.check(from_alphabet(rng, base64_alphabet, 1 + rng() % 5000))) << "base64 round " << round;
  }
}

TEST_P(BucketMergeTest, LongPiecesAgreeWithHeap) {
  // Past what scan can check quickly: heap only, on pieces long enough for buckets of many
  // thousands of entries and many suspended sweeps.
  Checker checker(vocab());
  std::mt19937 rng(5);
  ASSERT_TRUE(checker.check(std::string(200000, 'a'), 0));
  ASSERT_TRUE(checker.check(std::string(200001, ' '), 0));
  ASSERT_TRUE(checker.check(repeat("日", 70000), 0));
  ASSERT_TRUE(checker.check(from_alphabet(rng, "abcdefghijklmnopqrstuvwxyz", 300000), 0));
  ASSERT_TRUE(checker.check(spaceless_text(rng, 300000), 0));
  ASSERT_TRUE(checker.check(cjk_text(rng, 100000), 0));
  ASSERT_TRUE(checker.check(random_bytes(rng, 100000), 0));
}

TEST_P(BucketMergeTest, TokensSpellThePiece) {
  const Vocabulary& v = vocab();
  BucketMergeScratch scratch;
  std::mt19937 rng(3);
  for (int round = 0; round < 30; ++round) {
    std::string piece = spaceless_text(rng, 1 + rng() % 20000);
    std::vector<uint32_t> ids;
    tokenmeter::byte_pair_encode_bucket(v, piece, ids, scratch);
    std::string spelled;
    for (uint32_t id : ids) spelled += std::string(v.ranks.bytes_of(id));
    ASSERT_EQ(spelled, piece);
  }
}

TEST_P(BucketMergeTest, ThreadLocalOverloadMatches) {
  const Vocabulary& v = vocab();
  BucketMergeScratch scratch;
  std::mt19937 rng(17);
  // Includes a piece above the per-thread trim size, then short ones again after the trim.
  for (size_t len : {size_t(5), size_t(3000), size_t(1) << 21, size_t(100), size_t(70000)}) {
    std::string piece = spaceless_text(rng, len);
    std::vector<uint32_t> with_scratch, thread_local_scratch;
    tokenmeter::byte_pair_encode_bucket(v, piece, with_scratch, scratch);
    tokenmeter::byte_pair_encode_bucket(v, piece, thread_local_scratch);
    ASSERT_EQ(with_scratch, thread_local_scratch) << len;
  }
}

INSTANTIATE_TEST_SUITE_P(Encodings, BucketMergeTest, ::testing::Values("r50k_base", "cl100k_base", "o200k_base"));

TEST(BucketMergeScratchTest, OneScratchAcrossVocabularies) {
  // The scratch is sized by the largest rank_limit seen and must come back clean after each call,
  // whichever vocabulary used it last.
  BucketMergeScratch scratch;
  MergeScratch merge_scratch;
  std::mt19937 rng(23);
  for (int round = 0; round < 30; ++round) {
    const char* name = round % 3 == 0 ? "r50k_base" : round % 3 == 1 ? "o200k_base" : "cl100k_base";
    const Vocabulary& v = tokenmeter_test::encoding(name)->vocabulary();
    std::string piece = spaceless_text(rng, 1 + rng() % 8000);
    std::vector<uint32_t> bucket, heap;
    tokenmeter::byte_pair_encode_bucket(v, piece, bucket, scratch);
    tokenmeter::byte_pair_encode_heap(v, piece, heap, merge_scratch);
    ASSERT_EQ(bucket, heap) << name << " round " << round;
    if (round % 4 == 3) scratch.trim(round % 8 == 3 ? 0 : 4096);  // freed buffers are regrown
  }
}

// Synthetic vocabularies: every byte, plus random strings over a tiny alphabet at random ranks.
// Ranks carry no relation to merge order, so a merge very often creates a pair of lower rank than
// the one being swept: sweeps are suspended and resumed, buckets receive pushes behind their
// cursor, and the same rank is drained and refilled many times.
Vocabulary synthetic_vocabulary(std::mt19937& rng, const std::string& alphabet, size_t extra_tokens,
                                size_t max_len) {
  std::vector<std::string> tokens;
  for (int b = 0; b < 256; ++b) tokens.emplace_back(1, static_cast<char>(b));
  std::vector<std::string> extra;
  // Bounded attempts: a tiny alphabet with short tokens has fewer distinct strings than asked for.
  for (size_t attempt = 0; attempt < 20 * extra_tokens && extra.size() < extra_tokens; ++attempt) {
    std::string t = from_alphabet(rng, alphabet, 2 + rng() % (max_len - 1));
    if (std::find(extra.begin(), extra.end(), t) == extra.end()) extra.push_back(t);
  }
  tokens.insert(tokens.end(), extra.begin(), extra.end());
  std::shuffle(tokens.begin(), tokens.end(), rng);
  // A few gaps (unused ranks), as real rank files may have.
  for (int g = 0; g < 5; ++g) tokens.insert(tokens.begin() + static_cast<long>(rng() % tokens.size()), "");
  return Vocabulary(std::move(tokens));
}

TEST(BucketMergeSyntheticTest, UnorderedRanksAgree) {
  std::mt19937 rng(31337);
  for (int vocab_round = 0; vocab_round < 12; ++vocab_round) {
    const std::string alphabet = vocab_round % 3 == 0 ? "ab" : vocab_round % 3 == 1 ? "abc" : "abcd";
    Vocabulary v = synthetic_vocabulary(rng, alphabet, 40 + rng() % 300, 3 + rng() % 6);
    Checker checker(v);
    for (int round = 0; round < 150; ++round) {
      size_t len = round < 100 ? 1 + rng() % 200 : 1 + rng() % 3000;
      ASSERT_TRUE(checker.check(from_alphabet(rng, alphabet, len))) << "vocab " << vocab_round << " round " << round;
    }
    for (size_t len : {size_t(20000), size_t(100000)}) {
      ASSERT_TRUE(checker.check(from_alphabet(rng, alphabet, len), 0)) << "vocab " << vocab_round << " len " << len;
      ASSERT_TRUE(checker.check(std::string(len, alphabet[0]), 0)) << "vocab " << vocab_round << " len " << len;
    }
  }
}

TEST(RankBitmapTest, LowestMatchesASet) {
  std::mt19937 rng(41);
  for (uint32_t limit : {1u, 2u, 63u, 64u, 65u, 4095u, 4096u, 4097u, 100000u, 262144u, 262145u, 300000u}) {
    RankBitmap bitmap;
    bitmap.reset(limit);
    std::vector<bool> model(limit, false);
    auto model_lowest = [&]() -> uint32_t {
      for (uint32_t i = 0; i < limit; ++i)
        if (model[i]) return i;
      return RankBitmap::kNone;
    };
    ASSERT_EQ(bitmap.lowest(), RankBitmap::kNone);
    for (int op = 0; op < 400; ++op) {
      uint32_t bit = rng() % 4 == 0 ? limit - 1 : rng() % limit;
      if (rng() % 3 != 0) {
        bitmap.set(bit);
        model[bit] = true;
      } else {
        bitmap.clear(bit);
        model[bit] = false;
      }
      ASSERT_EQ(bitmap.lowest(), model_lowest()) << "limit " << limit << " op " << op;
    }
    for (uint32_t i = 0; i < limit; ++i) {
      if (model[i]) bitmap.clear(i);
    }
    ASSERT_EQ(bitmap.lowest(), RankBitmap::kNone);
  }
}

}  // namespace
