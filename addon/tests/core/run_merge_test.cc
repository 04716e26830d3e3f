// Runs of one repeated character, encoded chunk by chunk (run_merge.h), against the bucket merge;
// and the junction rule the run merge rests on, checked directly on random pairs of texts.
#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "bpe/bucket_merge.h"
#include "bpe/byte_pair_merge.h"
#include "bpe/run_merge.h"
#include "test_vocab.h"

using tokenmeter::MergeScratch;
using tokenmeter::Vocabulary;

namespace {

std::string repeat(const std::string& character, size_t times) {
  std::string s;
  s.reserve(character.size() * times);
  for (size_t i = 0; i < times; ++i) s += character;
  return s;
}

std::vector<uint32_t> bucket(const Vocabulary& vocab, const std::string& piece) {
  std::vector<uint32_t> out;
  tokenmeter::byte_pair_encode_bucket(vocab, piece, out);
  return out;
}

std::vector<uint32_t> dispatched(const Vocabulary& vocab, const std::string& piece, MergeScratch& scratch) {
  std::vector<uint32_t> out;
  tokenmeter::byte_pair_encode(vocab, piece, out, scratch);
  return out;
}

// Characters of 1-4 bytes that make runs in real text, plus a byte that is not UTF-8.
const std::vector<std::string> kCharacters = {" ", "\n", "\t", "a", "-", "=", "0", ".", "*", "#",
                                              "é", "日", "\xe2\x80\x94" /* — */, "\xf0\x9f\x98\x80" /* 😀 */,
                                              "\xff"};

class RunMergeTest : public ::testing::TestWithParam<std::string> {
 protected:
  const Vocabulary& vocab() { return tokenmeter_test::encoding(GetParam())->vocabulary(); }
};

TEST_P(RunMergeTest, EveryLengthAroundTheChunkSizesMatchesTheBucketMerge) {
  const Vocabulary& v = vocab();
  MergeScratch scratch;
  const size_t chunk = tokenmeter::kRunChunkChars;
  for (const std::string& character : kCharacters) {
    // Below the run minimum (bucket merge), across it, and around every multiple of the chunk up
    // to six chunks: each tail length and both ways of ending a run.
    for (size_t chars = 2 * chunk - 20; chars <= 6 * chunk + 20; ++chars) {
      const std::string piece = repeat(character, chars);
      ASSERT_EQ(dispatched(v, piece, scratch), bucket(v, piece)) << "character of " << character.size()
                                                                 << " bytes repeated " << chars << " times";
    }
  }
}

TEST_P(RunMergeTest, LongRunsMatchTheBucketMerge) {
  const Vocabulary& v = vocab();
  MergeScratch scratch;
  for (const std::string& character : {std::string(" "), std::string("a"), std::string("日"), std::string("\n")}) {
    for (size_t chars : {size_t(8191), size_t(10007), size_t(65536 + 3), size_t(1) << 20}) {
      const std::string piece = repeat(character, chars);
      ASSERT_EQ(dispatched(v, piece, scratch), bucket(v, piece)) << "repeated " << chars << " times";
    }
  }
}

TEST_P(RunMergeTest, TakesTheRunsItIsFor) {
  // Not vacuous: common runs really go through the chunked path (it returns true), and the
  // chunks are reused, not recomputed.
  const Vocabulary& v = vocab();
  MergeScratch scratch;
  for (const std::string& character : {std::string(" "), std::string("-"), std::string("a")}) {
    const std::string piece = repeat(character, 100000);
    std::vector<uint32_t> out = {7};
    ASSERT_TRUE(tokenmeter::byte_pair_encode_run(v, piece, out, scratch)) << "run of '" << character << "'";
    EXPECT_EQ(out[0], 7u);  // appends
    out.erase(out.begin());
    EXPECT_EQ(out, bucket(v, piece));
  }
}

TEST_P(RunMergeTest, DeclinesWhatIsNotALongRun) {
  const Vocabulary& v = vocab();
  MergeScratch scratch;
  const size_t chunk = tokenmeter::kRunChunkChars;
  std::vector<uint32_t> out;
  EXPECT_FALSE(tokenmeter::byte_pair_encode_run(v, repeat(" ", 2 * chunk - 1), out, scratch));  // too short
  std::string almost = repeat(" ", 10 * chunk);
  almost[5 * chunk] = '\t';
  EXPECT_FALSE(tokenmeter::byte_pair_encode_run(v, almost, out, scratch));  // one odd character
  EXPECT_FALSE(tokenmeter::byte_pair_encode_run(v, repeat("ab", 5 * chunk), out, scratch));  // period of 2 characters
  EXPECT_FALSE(tokenmeter::byte_pair_encode_run(v, repeat("日", 5 * chunk) + "\xe6", out, scratch));  // cut character
  EXPECT_TRUE(out.empty());
}

// The rule itself: BPE(A + B) == BPE(A) + BPE(B) exactly when the junction of BPE(A)'s last token
// and BPE(B)'s first holds. Random short texts over small alphabets, where merges across the
// boundary are frequent, so both outcomes are exercised many times.
TEST_P(RunMergeTest, JunctionRuleHoldsOnRandomTexts) {
  const Vocabulary& v = vocab();
  MergeScratch scratch;
  std::mt19937 rng(20261207);
  const std::vector<std::string> alphabets = {" a", "ab", " \n", "01", " -=", "e ", "日本 ", "aé "};
  size_t held = 0, failed = 0;
  for (const std::string& alphabet : alphabets) {
    // Characters of the alphabet (some are multi-byte).
    std::vector<std::string> chars;
    for (size_t i = 0; i < alphabet.size();) {
      const unsigned char lead = static_cast<unsigned char>(alphabet[i]);
      const size_t len = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
      chars.push_back(alphabet.substr(i, len));
      i += len;
    }
    for (int trial = 0; trial < 1500; ++trial) {
      std::string a, b;
      const size_t len_a = 1 + rng() % 40, len_b = 1 + rng() % 40;
      for (size_t i = 0; i < len_a; ++i) a += chars[rng() % chars.size()];
      for (size_t i = 0; i < len_b; ++i) b += chars[rng() % chars.size()];
      std::vector<uint32_t> ta, tb, whole, joined;
      tokenmeter::byte_pair_encode_scan(v, a, ta, scratch);
      tokenmeter::byte_pair_encode_scan(v, b, tb, scratch);
      tokenmeter::byte_pair_encode_scan(v, a + b, whole, scratch);
      joined = ta;
      joined.insert(joined.end(), tb.begin(), tb.end());
      const bool holds = tokenmeter::junction_holds(v, ta.back(), tb.front(), scratch);
      ASSERT_EQ(holds, whole == joined) << "A=\"" << a << "\" B=\"" << b << "\"";
      (holds ? held : failed)++;
    }
  }
  EXPECT_GT(held, 1000u);
  EXPECT_GT(failed, 1000u);
}

INSTANTIATE_TEST_SUITE_P(ShippedEncodings, RunMergeTest,
                         ::testing::Values("r50k_base", "p50k_base", "cl100k_base", "o200k_base"));

}  // namespace
