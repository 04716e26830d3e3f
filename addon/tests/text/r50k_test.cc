// Piece boundaries of the GPT-2 pattern (r50k_base, p50k_base, p50k_edit):
//   's|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+
// Expected pieces were checked against the reference tiktoken (see scripts/check-pretokenizer.mjs).
#include <gtest/gtest.h>

#include "split_helpers.h"

namespace tokenmeter {
namespace {

using testing::Pieces;

Pieces r50k(std::string_view text) { return testing::split(&r50k_piece_end, text); }

TEST(R50k, WordsTakeOneLeadingSpace) {
  EXPECT_EQ(r50k("Hello world"), (Pieces{"Hello", " world"}));
  EXPECT_EQ(r50k("Hello, world!"), (Pieces{"Hello", ",", " world", "!"}));
  EXPECT_EQ(r50k(" a b"), (Pieces{" a", " b"}));
}

TEST(R50k, ContractionsAreCaseSensitive) {
  EXPECT_EQ(r50k("it's"), (Pieces{"it", "'s"}));
  EXPECT_EQ(r50k("we'll've'd'm're't"), (Pieces{"we", "'ll", "'ve", "'d", "'m", "'re", "'t"}));
  EXPECT_EQ(r50k("IT'S"), (Pieces{"IT", "'", "S"}));
  EXPECT_EQ(r50k("we'LL"), (Pieces{"we", "'", "LL"}));
  EXPECT_EQ(r50k("a'\xC5\xBF"), (Pieces{"a", "'", "\xC5\xBF"}));  // 'ſ: no case folding here
  EXPECT_EQ(r50k("'sa"), (Pieces{"'s", "a"}));
  EXPECT_EQ(r50k("'x"), (Pieces{"'", "x"}));
  EXPECT_EQ(r50k("'''s"), (Pieces{"'''", "s"}));
  EXPECT_EQ(r50k("'"), (Pieces{"'"}));
  EXPECT_EQ(r50k("'r"), (Pieces{"'", "r"}));
  EXPECT_EQ(r50k(" 's"), (Pieces{" '", "s"}));
}

TEST(R50k, NumbersAreOneRun) {
  EXPECT_EQ(r50k("1234567"), (Pieces{"1234567"}));
  EXPECT_EQ(r50k("abc 123def"), (Pieces{"abc", " 123", "def"}));
  EXPECT_EQ(r50k("\xD9\xA3\xD9\xA4 \xC2\xBD"), (Pieces{"\xD9\xA3\xD9\xA4", " \xC2\xBD"}));  // ٣٤ ½
}

TEST(R50k, PunctuationRuns) {
  EXPECT_EQ(r50k("a...b"), (Pieces{"a", "...", "b"}));
  EXPECT_EQ(r50k("x !?"), (Pieces{"x", " !?"}));
  EXPECT_EQ(r50k("!'s"), (Pieces{"!'", "s"}));
}

TEST(R50k, WhitespaceRunGivesItsLastCharacterToTheNextPiece) {
  EXPECT_EQ(r50k("a   b"), (Pieces{"a", "  ", " b"}));
  EXPECT_EQ(r50k("a\t\tb"), (Pieces{"a", "\t", "\t", "b"}));
  EXPECT_EQ(r50k("a\n\nb"), (Pieces{"a", "\n", "\n", "b"}));
  EXPECT_EQ(r50k("a \n b"), (Pieces{"a", " \n", " b"}));
  EXPECT_EQ(r50k("\n\n  x"), (Pieces{"\n\n ", " x"}));
  EXPECT_EQ(r50k("a  !"), (Pieces{"a", " ", " !"}));
}

TEST(R50k, WhitespaceAtTheEndStaysWhole) {
  EXPECT_EQ(r50k("hi   "), (Pieces{"hi", "   "}));
  EXPECT_EQ(r50k("hi\r\n"), (Pieces{"hi", "\r\n"}));
  EXPECT_EQ(r50k(" "), (Pieces{" "}));
}

TEST(R50k, UnicodeWhitespace) {
  // U+00A0 and U+3000 are \s but only U+0020 can prefix a word.
  EXPECT_EQ(r50k("a\xC2\xA0" "b"), (Pieces{"a", "\xC2\xA0", "b"}));
  EXPECT_EQ(r50k("a \xE3\x80\x80" "b"), (Pieces{"a", " ", "\xE3\x80\x80", "b"}));
  EXPECT_EQ(r50k("a\xC2\x85\xC2\x85" "b"), (Pieces{"a", "\xC2\x85", "\xC2\x85", "b"}));  // U+0085
  EXPECT_EQ(r50k("a\xEF\xBB\xBF" "b"), (Pieces{"a", "\xEF\xBB\xBF", "b"}));  // U+FEFF is not \s
}

TEST(R50k, ScriptsAndMarks) {
  EXPECT_EQ(r50k("\xE6\x97\xA5\xE6\x9C\xAC\xE8\xAA\x9E"), (Pieces{"\xE6\x97\xA5\xE6\x9C\xAC\xE8\xAA\x9E"}));
  EXPECT_EQ(r50k("cafe\xCC\x81!"), (Pieces{"cafe", "\xCC\x81!"}));  // a mark is not \p{L}
  EXPECT_EQ(r50k(" \xF0\x9F\x91\x8D\xF0\x9F\x8F\xBD"), (Pieces{" \xF0\x9F\x91\x8D\xF0\x9F\x8F\xBD"}));
}

}  // namespace
}  // namespace tokenmeter
