// Every scanner on arbitrary bytes: it must keep the PieceEndFn contract (progress, bounds), and it
// must never cut a valid UTF-8 character in two. Run under -DTOKENMETER_SANITIZE=ON this is also a
// small out-of-bounds check.
#include <gtest/gtest.h>

#include <algorithm>

#include <memory>
#include <random>
#include <string>
#include <string_view>

#include "pretokenize/pretokenizer.h"
#include "unicode/utf8.h"

namespace tokenmeter {
namespace {

struct Family {
  const char* name;
  PieceEndFn fn;
};
const Family kFamilies[] = {
    {"r50k", &r50k_piece_end}, {"cl100k", &cl100k_piece_end}, {"o200k", &o200k_piece_end}};

// Bytes biased towards the interesting ones: ASCII classes, UTF-8 leads and continuations.
std::string random_bytes(std::mt19937& rng, std::size_t length) {
  static const char kInteresting[] = "aZ09 '\t\r\n/.sStTlLrReEvVdDmM\x80\xBF\xC2\xC3\xC5\xE0\xE3\xED\xF0\xF4\xFF";
  std::uniform_int_distribution<int> any(0, 255);
  std::uniform_int_distribution<std::size_t> pick(0, sizeof kInteresting - 2);
  std::string s(length, '\0');
  for (char& c : s) c = rng() % 3 == 0 ? static_cast<char>(any(rng)) : kInteresting[pick(rng)];
  return s;
}

// The text in a heap block of exactly its size, so that AddressSanitizer flags any read past the
// end (a std::string has spare capacity and a terminating NUL after its bytes).
struct ExactBuffer {
  explicit ExactBuffer(const std::string& s) : bytes(new char[s.size()]), size(s.size()) {
    std::copy(s.begin(), s.end(), bytes.get());
  }
  std::string_view view() const { return {bytes.get(), size}; }
  std::unique_ptr<char[]> bytes;
  std::size_t size;
};

TEST(PretokenizeRobustness, RandomBytesKeepTheContract) {
  std::mt19937 rng(12345);
  for (int round = 0; round < 3000; ++round) {
    const ExactBuffer buffer(random_bytes(rng, 1 + rng() % 64));
    const std::string_view text = buffer.view();
    for (const Family& f : kFamilies) {
      std::size_t start = 0;
      while (start < text.size()) {
        const std::size_t end = f.fn(text, start);
        ASSERT_GT(end, start) << f.name;
        ASSERT_LE(end, text.size()) << f.name;
        start = end;
      }
    }
  }
}

TEST(PretokenizeRobustness, ValidTextIsNeverCutInsideACharacter) {
  std::mt19937 rng(777);
  for (int round = 0; round < 2000; ++round) {
    const ExactBuffer buffer(unicode::replace_invalid_utf8(random_bytes(rng, 1 + rng() % 64)));
    const std::string_view text = buffer.view();
    for (const Family& f : kFamilies) {
      for (std::size_t start = 0; start < text.size();) {
        const std::size_t end = f.fn(text, start);
        ASSERT_GT(end, start);
        ASSERT_LE(end, text.size());
        if (end < text.size()) {
          ASSERT_NE(static_cast<unsigned char>(text[end]) & 0xC0, 0x80) << f.name << " cut a character";
        }
        start = end;
      }
    }
  }
}

TEST(PretokenizeRobustness, EveryByteAloneIsOnePiece) {
  for (int b = 0; b < 256; ++b) {
    const ExactBuffer buffer(std::string(1, static_cast<char>(b)));
    const std::string_view text = buffer.view();
    for (const Family& f : kFamilies) EXPECT_EQ(f.fn(text, 0), 1u) << f.name << " byte " << b;
  }
}

TEST(PretokenizeRobustness, StartInTheMiddleOfTheSegment) {
  const std::string text = "abc  def";
  for (const Family& f : kFamilies) {
    EXPECT_EQ(f.fn(text, 3), 4u) << f.name;  // "  d": the run gives up its last space
    EXPECT_EQ(f.fn(text, 4), 8u) << f.name;  // " def"
  }
}

}  // namespace
}  // namespace tokenmeter
