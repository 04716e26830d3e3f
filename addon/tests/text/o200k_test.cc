// Piece boundaries of the o200k_base / o200k_harmony pattern:
//   [^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+(?i:'s|'t|'re|'ve|'m|'ll|'d)?|
//   [^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*(?i:'s|'t|'re|'ve|'m|'ll|'d)?|
//   \p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n/]*|\s*[\r\n]+|\s+(?!\S)|\s+
// Expected pieces were checked against the reference tiktoken (see scripts/check-pretokenizer.mjs).
#include <gtest/gtest.h>

#include "split_helpers.h"

namespace tokenmeter {
namespace {

using testing::Pieces;

Pieces o200k(std::string_view text) { return testing::split(&o200k_piece_end, text); }

TEST(O200k, CaseShapesOfWords) {
  EXPECT_EQ(o200k("Hello World"), (Pieces{"Hello", " World"}));
  EXPECT_EQ(o200k("helloWorld"), (Pieces{"hello", "World"}));
  EXPECT_EQ(o200k("HELLOworld"), (Pieces{"HELLOworld"}));
  EXPECT_EQ(o200k("HTTPServer"), (Pieces{"HTTPServer"}));
  EXPECT_EQ(o200k("HELLO"), (Pieces{"HELLO"}));
  EXPECT_EQ(o200k("aBcDeF"), (Pieces{"a", "Bc", "De", "F"}));
  EXPECT_EQ(o200k("\xC7\x85" "emal"), (Pieces{"\xC7\x85" "emal"}));  // ǅ (Lt) starts a word
  EXPECT_EQ(o200k("\xCA\xB0" "ello"), (Pieces{"\xCA\xB0" "ello"}));  // ʰ (Lm) is in both classes
}

TEST(O200k, ContractionsAttachToTheWord) {
  EXPECT_EQ(o200k("don't"), (Pieces{"don't"}));
  EXPECT_EQ(o200k("DON'T"), (Pieces{"DON'T"}));
  EXPECT_EQ(o200k("Don'T we'LL"), (Pieces{"Don'T", " we'LL"}));
  EXPECT_EQ(o200k("I'm"), (Pieces{"I'm"}));
  EXPECT_EQ(o200k("x'\xC5\xBF"), (Pieces{"x'\xC5\xBF"}));  // 'ſ
  EXPECT_EQ(o200k("it'sa"), (Pieces{"it's", "a"}));
  EXPECT_EQ(o200k("it'x"), (Pieces{"it", "'x"}));
  EXPECT_EQ(o200k("'s"), (Pieces{"'s"}));
  EXPECT_EQ(o200k("'S"), (Pieces{"'S"}));
  EXPECT_EQ(o200k("you're've"), (Pieces{"you're", "'ve"}));
}

TEST(O200k, LettersOfOtherScriptsAndMarks) {
  EXPECT_EQ(o200k("\xE6\x97\xA5\xE6\x9C\xAC\xE8\xAA\x9E"), (Pieces{"\xE6\x97\xA5\xE6\x9C\xAC\xE8\xAA\x9E"}));  // 日本語
  // 日本ABC: the U run backs off to its last Lo, then ABC is an all-caps word.
  EXPECT_EQ(o200k("\xE6\x97\xA5\xE6\x9C\xAC" "ABC"), (Pieces{"\xE6\x97\xA5\xE6\x9C\xAC", "ABC"}));
  EXPECT_EQ(o200k("ABC\xE6\x97\xA5"), (Pieces{"ABC\xE6\x97\xA5"}));
  EXPECT_EQ(o200k("e\xCC\x81"), (Pieces{"e\xCC\x81"}));              // a mark continues a word here
  EXPECT_EQ(o200k("\xCC\x81" "ABC"), (Pieces{"\xCC\x81", "ABC"}));   // leading mark alone
  EXPECT_EQ(o200k("A\xCC\x81" "B"), (Pieces{"A\xCC\x81", "B"}));
  EXPECT_EQ(o200k(" \xCC\x81"), (Pieces{" \xCC\x81"}));
  EXPECT_EQ(o200k("\xE0\xA4\xA8\xE0\xA4\xAE\xE0\xA4\xB8\xE0\xA5\x8D\xE0\xA4\xA4\xE0\xA5\x87"),  // नमस्ते
            (Pieces{"\xE0\xA4\xA8\xE0\xA4\xAE\xE0\xA4\xB8\xE0\xA5\x8D\xE0\xA4\xA4\xE0\xA5\x87"}));
}

TEST(O200k, NumbersInChunksOfThree) {
  EXPECT_EQ(o200k("1234567"), (Pieces{"123", "456", "7"}));
  EXPECT_EQ(o200k("12ab"), (Pieces{"12", "ab"}));
  EXPECT_EQ(o200k(" 42"), (Pieces{" ", "42"}));
}

TEST(O200k, PunctuationTakesNewlinesAndSlashes) {
  EXPECT_EQ(o200k("!\n/x"), (Pieces{"!\n/", "x"}));
  EXPECT_EQ(o200k("a/b\n/"), (Pieces{"a", "/b", "\n", "/"}));
  EXPECT_EQ(o200k("}\r\n//"), (Pieces{"}\r\n//"}));
  EXPECT_EQ(o200k(" ...\n\n"), (Pieces{" ...\n\n"}));
}

TEST(O200k, Whitespace) {
  EXPECT_EQ(o200k("\n\n  x"), (Pieces{"\n\n", " ", " x"}));
  EXPECT_EQ(o200k("a   b"), (Pieces{"a", "  ", " b"}));
  EXPECT_EQ(o200k("hi   "), (Pieces{"hi", "   "}));
  EXPECT_EQ(o200k("x\r\n\r\ny"), (Pieces{"x", "\r\n\r\n", "y"}));
  EXPECT_EQ(o200k("\xE3\x80\x80word"), (Pieces{"\xE3\x80\x80word"}));
  EXPECT_EQ(o200k("a\xC2\x85\xC2\x85" "B"), (Pieces{"a", "\xC2\x85", "\xC2\x85" "B"}));
}

TEST(O200k, EmojiAndInvalidBytes) {
  EXPECT_EQ(o200k(" \xF0\x9F\x91\x8D\xF0\x9F\x8F\xBD!"), (Pieces{" \xF0\x9F\x91\x8D\xF0\x9F\x8F\xBD!"}));
  EXPECT_EQ(o200k("a\xFF" "b"), (Pieces{"a", "\xFF" "b"}));
  EXPECT_EQ(o200k("\xC3"), (Pieces{"\xC3"}));
}

}  // namespace
}  // namespace tokenmeter
