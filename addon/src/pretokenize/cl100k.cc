// Scanner for the cl100k_base pattern:
//
//   (?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|
//   \s*[\r\n]+|\s+(?!\S)|\s+
//
// How the backtracking engine resolves it, by the first character c at start:
//   - an apostrophe followed by a contraction in any case ('S, 'Ll, 'ſ ...): that contraction;
//   - a letter: the maximal letter run;
//   - c neither \r, \n, letter nor number (so a symbol, a space, a tab, U+3000, an invalid byte...)
//     followed by a letter: c plus the maximal letter run (the optional prefix is one character);
//   - a number: at most three numbers;
//   - any other non-space c: the run of others plus any \r\n after it;
//   - U+0020 followed by an other: the space, the run of others, any \r\n after;
//   - whitespace otherwise: the whitespace alternatives (see whitespace_piece_end).
#include "pretokenize/pretokenizer.h"
#include "pretokenize/scan_common.h"

namespace tokenmeter {

using namespace pretokenize_internal;

std::size_t cl100k_piece_end(std::string_view text, std::size_t start) {
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t n = text.size();
  const std::size_t pos = start;

  if (s[pos] == '\'') {
    if (const std::size_t k = contraction_length_ci(s, n, pos)) return pos + k;
  }
  const CharAt c = char_at(s, n, pos);
  const std::size_t after = pos + c.length;
  if (c.cls & kLetter) return skip_any<kLetter>(s, n, after);

  CharAt d{0, 0};  // the next character, when there is one
  if (after < n) d = char_at(s, n, after);
  if (!(c.cls & (kNumber | kNewline)) && (d.cls & kLetter)) {
    return skip_any<kLetter>(s, n, after + d.length);
  }
  if (c.cls & kNumber) return skip_numbers_max3(s, n, pos);
  if (!(c.cls & kSpace)) return skip_newlines(s, n, skip_none<kLetterNumberSpace>(s, n, after));
  if (s[pos] == ' ' && d.length != 0 && !(d.cls & kLetterNumberSpace)) {
    return skip_newlines(s, n, skip_none<kLetterNumberSpace>(s, n, after + d.length));
  }
  return whitespace_piece_end<true>(s, n, pos);
}

}  // namespace tokenmeter
