// Piece boundaries of the cl100k_base pattern:
//   (?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|
//   \s*[\r\n]+|\s+(?!\S)|\s+
// Expected pieces were checked against the reference tiktoken (see scripts/check-pretokenizer.mjs).
#include <gtest/gtest.h>

#include "split_helpers.h"

namespace tokenmeter {
namespace {

using testing::Pieces;

Pieces cl100k(std::string_view text) { return testing::split(&cl100k_piece_end, text); }

TEST(Cl100k, Words) {
  EXPECT_EQ(cl100k("Hello world"), (Pieces{"Hello", " world"}));
  EXPECT_EQ(cl100k("Hello, world!"), (Pieces{"Hello", ",", " world", "!"}));
  EXPECT_EQ(cl100k(".Hello"), (Pieces{".Hello"}));  // any one non-letter/number/newline prefixes a word
  EXPECT_EQ(cl100k("(foo)"), (Pieces{"(foo", ")"}));
}

TEST(Cl100k, ContractionsIgnoreCase) {
  EXPECT_EQ(cl100k("I'm"), (Pieces{"I", "'m"}));
  EXPECT_EQ(cl100k("I'M"), (Pieces{"I", "'M"}));
  EXPECT_EQ(cl100k("WE'LL'Ve'rE'D'T'S"), (Pieces{"WE", "'LL", "'Ve", "'rE", "'D", "'T", "'S"}));
  EXPECT_EQ(cl100k("a'\xC5\xBF"), (Pieces{"a", "'\xC5\xBF"}));            // 'ſ folds to 's
  EXPECT_EQ(cl100k("x'\xC5\xBFt"), (Pieces{"x", "'\xC5\xBF", "t"}));
  EXPECT_EQ(cl100k("it'sa"), (Pieces{"it", "'s", "a"}));
  EXPECT_EQ(cl100k("'x"), (Pieces{"'x"}));  // no contraction: the apostrophe prefixes the word
  EXPECT_EQ(cl100k("'l"), (Pieces{"'l"}));
  EXPECT_EQ(cl100k("'"), (Pieces{"'"}));
  EXPECT_EQ(cl100k("''s"), (Pieces{"''", "s"}));  // the first ' is no contraction: a run of symbols
  EXPECT_EQ(cl100k("'\xC5\x9A"), (Pieces{"'\xC5\x9A"}));  // 'Ś is no contraction
}

TEST(Cl100k, NumbersInChunksOfThree) {
  EXPECT_EQ(cl100k("1"), (Pieces{"1"}));
  EXPECT_EQ(cl100k("12"), (Pieces{"12"}));
  EXPECT_EQ(cl100k("123"), (Pieces{"123"}));
  EXPECT_EQ(cl100k("1234"), (Pieces{"123", "4"}));
  EXPECT_EQ(cl100k("12345"), (Pieces{"123", "45"}));
  EXPECT_EQ(cl100k("123456"), (Pieces{"123", "456"}));
  EXPECT_EQ(cl100k("1234567"), (Pieces{"123", "456", "7"}));
  EXPECT_EQ(cl100k(" 123"), (Pieces{" ", "123"}));
  EXPECT_EQ(cl100k("abc123def"), (Pieces{"abc", "123", "def"}));
  EXPECT_EQ(cl100k("\xD9\xA3\xD9\xA4\xD9\xA5\xD9\xA6"), (Pieces{"\xD9\xA3\xD9\xA4\xD9\xA5", "\xD9\xA6"}));
}

TEST(Cl100k, PunctuationTakesFollowingNewlines) {
  EXPECT_EQ(cl100k("!!!\n\nx"), (Pieces{"!!!\n\n", "x"}));
  EXPECT_EQ(cl100k(" !!\n"), (Pieces{" !!\n"}));
  EXPECT_EQ(cl100k("};\r\n}"), (Pieces{"};\r\n", "}"}));
  EXPECT_EQ(cl100k("\t!!"), (Pieces{"\t", "!!"}));  // only U+0020 prefixes punctuation
  EXPECT_EQ(cl100k(" .x"), (Pieces{" .", "x"}));
}

TEST(Cl100k, NewlinesEndAfterTheLastNewlineOfARun) {
  EXPECT_EQ(cl100k("\n\n  x"), (Pieces{"\n\n", " ", " x"}));
  EXPECT_EQ(cl100k("a  \n  b"), (Pieces{"a", "  \n", " ", " b"}));
  EXPECT_EQ(cl100k("x\r\n\r\ny"), (Pieces{"x", "\r\n\r\n", "y"}));
  EXPECT_EQ(cl100k("x \n \n  "), (Pieces{"x", " \n \n", "  "}));
  EXPECT_EQ(cl100k("\nabc"), (Pieces{"\n", "abc"}));  // \n never prefixes a word
  EXPECT_EQ(cl100k("\r"), (Pieces{"\r"}));
}

TEST(Cl100k, WhitespaceRuns) {
  EXPECT_EQ(cl100k("a   b"), (Pieces{"a", "  ", " b"}));
  EXPECT_EQ(cl100k("a\t\tb"), (Pieces{"a", "\t", "\tb"}));  // a tab can prefix a word
  EXPECT_EQ(cl100k("hi   "), (Pieces{"hi", "   "}));
  EXPECT_EQ(cl100k("a  !"), (Pieces{"a", " ", " !"}));
  EXPECT_EQ(cl100k("a \t!"), (Pieces{"a", " ", "\t", "!"}));
}

TEST(Cl100k, UnicodeWhitespace) {
  EXPECT_EQ(cl100k("\xC2\xA0word"), (Pieces{"\xC2\xA0word"}));        // U+00A0 prefixes a word
  EXPECT_EQ(cl100k("\xE3\x80\x80word"), (Pieces{"\xE3\x80\x80word"}));  // U+3000
  EXPECT_EQ(cl100k("\xC2\x85word"), (Pieces{"\xC2\x85word"}));        // U+0085 is \s, not \r\n
  EXPECT_EQ(cl100k("a\xC2\x85\xC2\x85" "b"), (Pieces{"a", "\xC2\x85", "\xC2\x85" "b"}));
  EXPECT_EQ(cl100k("a \xC2\xA0" "b"), (Pieces{"a", " ", "\xC2\xA0" "b"}));
  EXPECT_EQ(cl100k("a\xC2\x85\n"), (Pieces{"a", "\xC2\x85\n"}));
  EXPECT_EQ(cl100k("a\xEF\xBB\xBF" "b"), (Pieces{"a", "\xEF\xBB\xBF" "b"}));  // U+FEFF is not \s
}

TEST(Cl100k, ScriptsMarksAndEmoji) {
  EXPECT_EQ(cl100k("\xE4\xBD\xA0\xE5\xA5\xBD\xEF\xBC\x8C\xE4\xB8\x96\xE7\x95\x8C"),  // 你好，世界
            (Pieces{"\xE4\xBD\xA0\xE5\xA5\xBD", "\xEF\xBC\x8C\xE4\xB8\x96\xE7\x95\x8C"}));
  EXPECT_EQ(cl100k("e\xCC\x81"), (Pieces{"e", "\xCC\x81"}));
  EXPECT_EQ(cl100k("e\xCC\x81x"), (Pieces{"e", "\xCC\x81x"}));
  // नमस्ते: the virama and the vowel sign are marks, not letters.
  EXPECT_EQ(cl100k("\xE0\xA4\xA8\xE0\xA4\xAE\xE0\xA4\xB8\xE0\xA5\x8D\xE0\xA4\xA4\xE0\xA5\x87"),
            (Pieces{"\xE0\xA4\xA8\xE0\xA4\xAE\xE0\xA4\xB8", "\xE0\xA5\x8D\xE0\xA4\xA4", "\xE0\xA5\x87"}));
  // 👨‍👩‍👧 (ZWJ sequence) is one run of non-letters.
  EXPECT_EQ(cl100k("\xF0\x9F\x91\xA8\xE2\x80\x8D\xF0\x9F\x91\xA9\xE2\x80\x8D\xF0\x9F\x91\xA7"),
            (Pieces{"\xF0\x9F\x91\xA8\xE2\x80\x8D\xF0\x9F\x91\xA9\xE2\x80\x8D\xF0\x9F\x91\xA7"}));
  EXPECT_EQ(cl100k("hi \xF0\x9F\x98\x80!"), (Pieces{"hi", " \xF0\x9F\x98\x80!"}));
}

TEST(Cl100k, InvalidBytesAreSymbols) {
  EXPECT_EQ(cl100k("a\xFF" "b"), (Pieces{"a", "\xFF" "b"}));
  EXPECT_EQ(cl100k("\xE6\x97"), (Pieces{"\xE6\x97"}));  // truncated: two invalid bytes, one run
  EXPECT_EQ(cl100k(" \x80\x80\n"), (Pieces{" \x80\x80\n"}));
}

}  // namespace
}  // namespace tokenmeter
