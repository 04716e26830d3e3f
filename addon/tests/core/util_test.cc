#include <gtest/gtest.h>

#include "util/base64.h"
#include "util/error.h"
#include "util/sha256.h"

using tokenmeter::base64_decode;
using tokenmeter::sha256_hex;

TEST(Sha256, MatchesFipsVectors) {
  EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  EXPECT_EQ(sha256_hex(std::string(1000000, 'a')),
            "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST(Sha256, PaddingBoundaries) {
  // 55, 56 and 64 bytes straddle the one-block/two-block padding cases; digests must all differ
  // and be stable (a wrong length encoding would collide or change between runs).
  std::string a55(55, 'x'), a56(56, 'x'), a64(64, 'x');
  EXPECT_NE(sha256_hex(a55), sha256_hex(a56));
  EXPECT_NE(sha256_hex(a56), sha256_hex(a64));
  EXPECT_EQ(sha256_hex(a64), sha256_hex(std::string(64, 'x')));
}

TEST(Base64, DecodesWithAndWithoutPadding) {
  std::string out;
  ASSERT_TRUE(base64_decode("aGVsbG8=", out));
  EXPECT_EQ(out, "hello");
  ASSERT_TRUE(base64_decode("aGk=", out));
  EXPECT_EQ(out, "hi");
  ASSERT_TRUE(base64_decode("aGV5", out));
  EXPECT_EQ(out, "hey");
  ASSERT_TRUE(base64_decode("IQ==", out));
  EXPECT_EQ(out, "!");
  ASSERT_TRUE(base64_decode("/w==", out));
  EXPECT_EQ(out, std::string(1, '\xff'));
}

TEST(Base64, RejectsMalformedInput) {
  std::string out;
  EXPECT_FALSE(base64_decode("aGVsbG8", out));    // length not a multiple of 4
  EXPECT_FALSE(base64_decode("aG!s", out));       // outside the alphabet
  EXPECT_FALSE(base64_decode("a===", out));       // too much padding
  EXPECT_FALSE(base64_decode("aG=s", out));       // data after padding
  EXPECT_FALSE(base64_decode("aGk=aGk=", out));   // padding before the last quad
}

TEST(ErrorCodes, NamesAreTheJavaScriptCodes) {
  EXPECT_STREQ(tokenmeter::error_code_name(tokenmeter::ErrorCode::kInvalidUtf8), "ERR_INVALID_UTF8");
  EXPECT_STREQ(tokenmeter::error_code_name(tokenmeter::ErrorCode::kVocabHashMismatch), "ERR_VOCAB_HASH_MISMATCH");
  EXPECT_STREQ(tokenmeter::error_code_name(tokenmeter::ErrorCode::kAborted), "ABORT_ERR");
}
