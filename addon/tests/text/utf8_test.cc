// UTF-8 decoding, validation and WHATWG-style repair (addon/src/unicode/utf8.h).
#include "unicode/utf8.h"

#include <gtest/gtest.h>

#include <string>
#include <string_view>

namespace tokenmeter::unicode {
namespace {

DecodedChar decode(std::string_view bytes) {
  const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
  return decode_utf8(p, p + bytes.size());
}

void expect_valid(std::string_view bytes, std::uint32_t cp) {
  const DecodedChar d = decode(bytes);
  EXPECT_EQ(d.cp, cp) << "bytes of length " << bytes.size();
  EXPECT_EQ(d.length, bytes.size());
}

void expect_invalid(std::string_view bytes) {
  const DecodedChar d = decode(bytes);
  EXPECT_EQ(d.cp, kInvalidCodePoint) << "cp " << d.cp;
  EXPECT_EQ(d.length, 1u);
}

TEST(Utf8Decode, ValidSequencesOfEveryLength) {
  expect_valid(std::string_view("\0", 1), 0);
  expect_valid("A", 'A');
  expect_valid("\x7F", 0x7F);
  expect_valid("\xC2\x80", 0x80);
  expect_valid("\xC3\xA9", 0xE9);
  expect_valid("\xDF\xBF", 0x7FF);
  expect_valid("\xE0\xA0\x80", 0x800);
  expect_valid("\xE4\xB8\xAD", 0x4E2D);
  expect_valid("\xED\x9F\xBF", 0xD7FF);  // last before the surrogates
  expect_valid("\xEE\x80\x80", 0xE000);  // first after them
  expect_valid("\xEF\xBF\xBF", 0xFFFF);
  expect_valid("\xF0\x90\x80\x80", 0x10000);
  expect_valid("\xF0\x9F\x98\x80", 0x1F600);
  expect_valid("\xF4\x8F\xBF\xBF", 0x10FFFF);
}

TEST(Utf8Decode, OnlyTheFirstCharacterIsDecoded) {
  const DecodedChar d = decode("\xC3\xA9xyz");
  EXPECT_EQ(d.cp, 0xE9u);
  EXPECT_EQ(d.length, 2u);
}

TEST(Utf8Decode, RejectsOverlongForms) {
  expect_invalid("\xC0\x80");
  expect_invalid("\xC1\xBF");
  expect_invalid("\xE0\x80\x80");
  expect_invalid("\xE0\x9F\xBF");
  expect_invalid("\xF0\x80\x80\x80");
  expect_invalid("\xF0\x8F\xBF\xBF");
}

TEST(Utf8Decode, RejectsSurrogatesAndBeyondMax) {
  expect_invalid("\xED\xA0\x80");  // U+D800
  expect_invalid("\xED\xBF\xBF");  // U+DFFF
  expect_invalid("\xF4\x90\x80\x80");  // U+110000
  expect_invalid("\xF5\x80\x80\x80");
  expect_invalid("\xFF");
  expect_invalid("\xFE");
}

TEST(Utf8Decode, RejectsStrayContinuationAndBadContinuation) {
  expect_invalid("\x80");
  expect_invalid("\xBF");
  expect_invalid("\xC3" "A");
  expect_invalid("\xE4\xB8" "A");
  expect_invalid("\xF0\x9F\x98" "A");
  expect_invalid("\xC3\xC3\xA9");
}

TEST(Utf8Decode, TruncatedSequencesDoNotReadPastTheEnd) {
  // Each view ends inside a multi-byte character; bytes past the view would make it valid.
  const std::string full = "\xF0\x9F\x98\x80";
  for (std::size_t n = 1; n < 4; ++n) expect_invalid(std::string_view(full).substr(0, n));
  const std::string three = "\xE4\xB8\xAD";
  for (std::size_t n = 1; n < 3; ++n) expect_invalid(std::string_view(three).substr(0, n));
  expect_invalid(std::string_view("\xC3\xA9", 1));
}

TEST(Utf8Validate, FindsTheFirstInvalidByte) {
  EXPECT_EQ(find_invalid_utf8(""), std::string_view::npos);
  EXPECT_EQ(find_invalid_utf8("plain ascii text that is longer than eight bytes"), std::string_view::npos);
  EXPECT_EQ(find_invalid_utf8("h\xC3\xA9llo \xE4\xB8\xAD\xE6\x96\x87 \xF0\x9F\x98\x80!"), std::string_view::npos);
  EXPECT_EQ(find_invalid_utf8("\xFF"), 0u);
  EXPECT_EQ(find_invalid_utf8("abcdefgh\xFF"), 8u);
  EXPECT_EQ(find_invalid_utf8("abcdefghijklmno\x80pq"), 15u);
  EXPECT_EQ(find_invalid_utf8("abc\xC3\xA9" "defghijk\xED\xA0\x80"), 13u);
  EXPECT_EQ(find_invalid_utf8("abcdefg\xE4\xB8"), 7u);  // truncated at the end
  EXPECT_EQ(find_invalid_utf8(std::string_view("a\0b", 3)), std::string_view::npos);  // NUL is valid
}

TEST(Utf8Validate, EveryPositionOfAnInvalidByteInALongAsciiRun) {
  for (std::size_t at = 0; at < 40; ++at) {
    std::string s(40, 'x');
    s[at] = '\x80';
    EXPECT_EQ(find_invalid_utf8(s), at);
  }
}

const std::string kFffd = "\xEF\xBF\xBD";

TEST(Utf8Replace, ValidTextIsUnchanged) {
  EXPECT_EQ(replace_invalid_utf8(""), "");
  EXPECT_EQ(replace_invalid_utf8("h\xC3\xA9llo \xF0\x9F\x98\x80"), "h\xC3\xA9llo \xF0\x9F\x98\x80");
}

// Expected outputs follow the WHATWG Encoding Standard's UTF-8 decoder (one U+FFFD per maximal
// subpart of an ill-formed sequence), which Node's Buffer#toString('utf8') implements.
TEST(Utf8Replace, MaximalSubpartsBecomeOneReplacementEach) {
  EXPECT_EQ(replace_invalid_utf8("\xFF"), kFffd);
  EXPECT_EQ(replace_invalid_utf8("a\xFF" "b"), "a" + kFffd + "b");
  EXPECT_EQ(replace_invalid_utf8("\x80\x80"), kFffd + kFffd);
  EXPECT_EQ(replace_invalid_utf8("\xC0\x80"), kFffd + kFffd);            // C0 is never a lead
  EXPECT_EQ(replace_invalid_utf8("\xE0\x80\x80"), kFffd + kFffd + kFffd);  // 80 not allowed after E0
  EXPECT_EQ(replace_invalid_utf8("\xED\xA0\x80"), kFffd + kFffd + kFffd);  // surrogate
  EXPECT_EQ(replace_invalid_utf8("\xF4\x90\x80\x80"), kFffd + kFffd + kFffd + kFffd);
  EXPECT_EQ(replace_invalid_utf8("\xF0\x9F\x98"), kFffd);                // truncated at the end
  EXPECT_EQ(replace_invalid_utf8("\xF0\x9F\x98" "A"), kFffd + "A");
  EXPECT_EQ(replace_invalid_utf8("\xE4\xB8" "x"), kFffd + "x");
  EXPECT_EQ(replace_invalid_utf8("\xE4\xB8\xE4\xB8\xAD"), kFffd + "\xE4\xB8\xAD");
  EXPECT_EQ(replace_invalid_utf8("\xF0\x9F\xF0\x9F\x98\x80"), kFffd + "\xF0\x9F\x98\x80");
  EXPECT_EQ(replace_invalid_utf8("\xC3"), kFffd);
  EXPECT_EQ(replace_invalid_utf8("\xF8\x88\x80\x80\x80"), kFffd + kFffd + kFffd + kFffd + kFffd);
  EXPECT_EQ(replace_invalid_utf8("\xE0\xA0"), kFffd);
  EXPECT_EQ(replace_invalid_utf8("\xED\x9F"), kFffd);
  EXPECT_EQ(replace_invalid_utf8("\xF4\x8F\xBF"), kFffd);
}

TEST(Utf8Replace, SubsequenceLength) {
  auto len = [](std::string_view b) {
    const auto* p = reinterpret_cast<const unsigned char*>(b.data());
    return invalid_subsequence_length(p, p + b.size());
  };
  EXPECT_EQ(len("\xFF"), 1u);
  EXPECT_EQ(len("\x80"), 1u);
  EXPECT_EQ(len("\xE0\x80"), 1u);
  EXPECT_EQ(len("\xE0\xA0"), 2u);
  EXPECT_EQ(len("\xF0\x90\x80" "A"), 3u);
  EXPECT_EQ(len("\xF1\x80\x80"), 3u);
}

}  // namespace
}  // namespace tokenmeter::unicode
