// Encoding-level behaviour of the core. Token-for-token equality with tiktoken over large corpora
// is proven by the golden suite in test/golden (against the reference implementation); these
// tests pin the rules the core must keep on its own.
#include <gtest/gtest.h>

#include <random>

#include "encoding/registry.h"
#include "test_vocab.h"
#include "util/error.h"

using tokenmeter::Error;
using tokenmeter::ErrorCode;

namespace {

std::vector<uint32_t> encode_ordinary(const tokenmeter::Encoding& enc, const std::string& text) {
  std::vector<uint32_t> out;
  enc.encode_ordinary(text, out);
  return out;
}

std::string decode(const tokenmeter::Encoding& enc, const std::vector<uint32_t>& ids) {
  std::string out;
  enc.decode_bytes(ids.data(), ids.size(), out);
  return out;
}

std::string mixed_text(size_t approx_bytes, unsigned seed) {
  static const char* words[] = {"the", "Quick", "brown", "FOX", "jumps", "over", "1234567", "lazy", "dog's",
                                "naïve", "café", "日本語", "テキスト", "\xf0\x9f\x98\x80", "    ", "\n\n", "\t",
                                "{\"a\": [1, 2]}", "x<y", "don't", "<|endoftext|>"};
  std::mt19937 rng(seed);
  std::string text;
  while (text.size() < approx_bytes) {
    text += words[rng() % (sizeof(words) / sizeof(words[0]))];
    text += rng() % 4 == 0 ? "\n" : " ";
  }
  return text;
}

}  // namespace

TEST(Encoding, KnownTokens) {
  auto cl100k = tokenmeter_test::encoding("cl100k_base");
  EXPECT_EQ(encode_ordinary(*cl100k, "hello world"), (std::vector<uint32_t>{15339, 1917}));
  EXPECT_EQ(cl100k->n_vocab(), 100277u);
  EXPECT_EQ(tokenmeter_test::encoding("r50k_base")->n_vocab(), 50257u);
  EXPECT_EQ(tokenmeter_test::encoding("p50k_edit")->n_vocab(), 50284u);
  EXPECT_EQ(tokenmeter_test::encoding("o200k_base")->n_vocab(), 200019u);
  EXPECT_EQ(tokenmeter_test::encoding("o200k_harmony")->n_vocab(), 201088u);
}

TEST(Encoding, SharesRankTablesBetweenEncodingsOfOneFile) {
  EXPECT_EQ(&tokenmeter_test::encoding("o200k_base")->ranks(), &tokenmeter_test::encoding("o200k_harmony")->ranks());
  EXPECT_EQ(&tokenmeter_test::encoding("p50k_base")->ranks(), &tokenmeter_test::encoding("p50k_edit")->ranks());
  EXPECT_EQ(tokenmeter_test::encoding("cl100k_base").get(), tokenmeter_test::encoding("cl100k_base").get());
}

TEST(Encoding, UnknownEncodingIsAClearError) {
  try {
    tokenmeter_test::encoding("cl200k_base");
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kUnknownEncoding);
    EXPECT_NE(std::string(e.what()).find("cl100k_base"), std::string::npos);  // lists the known ones
  }
}

TEST(Encoding, SpecialTokenRules) {
  auto enc = tokenmeter_test::encoding("cl100k_base");
  const std::string text = "a<|endoftext|>b";
  // Default: disallowed, error names the token.
  try {
    enc->count(text, enc->specials().default_policy());
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kDisallowedSpecialToken);
    EXPECT_NE(std::string(e.what()).find("<|endoftext|>"), std::string::npos);
  }
  // Allowed: one special id between the text tokens.
  std::vector<uint32_t> ids;
  enc->encode(text, enc->specials().allow_all_policy(), ids);
  EXPECT_EQ(ids.size(), 3u);
  EXPECT_EQ(ids[1], 100257u);
  // Neither allowed nor disallowed: plain text.
  auto plain_policy = enc->specials().make_policy(false, {}, false, {});
  std::vector<uint32_t> plain;
  enc->encode(text, plain_policy, plain);
  EXPECT_EQ(plain, encode_ordinary(*enc, text));
  EXPECT_GT(plain.size(), 3u);
  EXPECT_EQ(decode(*enc, ids), text);
}

TEST(Encoding, DecodeRejectsUnknownIds) {
  auto enc = tokenmeter_test::encoding("cl100k_base");
  std::string out;
  std::vector<uint32_t> ids = {15339, 100256};  // 100256 is a gap between ranks and specials
  try {
    enc->decode_bytes(ids.data(), ids.size(), out);
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kInvalidTokenId);
    EXPECT_NE(std::string(e.what()).find("index 1"), std::string::npos);
  }
  ids = {4000000000u};
  EXPECT_THROW(enc->decode_bytes(ids.data(), ids.size(), out), Error);
}

TEST(Encoding, RoundTripsAndCountsAgree) {
  for (const auto& name : tokenmeter::encoding_names()) {
    auto enc = tokenmeter_test::encoding(name);
    std::string text = mixed_text(20000, 7);
    auto ids = encode_ordinary(*enc, text);
    EXPECT_EQ(enc->count_ordinary(text), ids.size()) << name;
    EXPECT_EQ(decode(*enc, ids), text) << name;
  }
}

TEST(Encoding, ParallelEqualsSequential) {
  for (const auto& name : {"r50k_base", "cl100k_base", "o200k_base"}) {
    auto enc = tokenmeter_test::encoding(name);
    std::string text = mixed_text(3 * 1024 * 1024, 11);
    const auto& policy = enc->specials().allow_all_policy();
    std::vector<uint32_t> sequential, parallel;
    enc->encode(text, policy, sequential);
    enc->encode_parallel(text, policy, 4, parallel);
    ASSERT_EQ(sequential, parallel) << name;
    EXPECT_EQ(enc->count_parallel(text, policy, 3), sequential.size()) << name;
  }
}

TEST(Encoding, ExtraSpecialTokensShareRanks) {
  auto base = tokenmeter_test::encoding("cl100k_base");
  auto extended = base->with_extra_special_tokens({{"<|im_start|>", 100264}, {"<|im_end|>", 100265}});
  EXPECT_EQ(&base->ranks(), &extended->ranks());
  std::vector<uint32_t> ids;
  extended->encode("<|im_start|>hi<|im_end|>", extended->specials().allow_all_policy(), ids);
  EXPECT_EQ(ids.front(), 100264u);
  EXPECT_EQ(ids.back(), 100265u);
}
