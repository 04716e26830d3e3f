// Scanner for the GPT-2 pattern used by r50k_base, p50k_base and p50k_edit:
//
//   's|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+
//
// How the backtracking engine resolves it, by the first character c at start:
//   - an apostrophe followed by a (case-sensitive) contraction: that contraction;
//   - a letter / a number: the maximal run of letters / numbers;
//   - U+0020 followed by a letter, number or other character (neither \s, \p{L} nor \p{N}): the
//     space plus the maximal run of that kind (" ?" is tried with the space first);
//   - any other non-space c (including an apostrophe without a contraction): the run of others;
//   - whitespace otherwise: the whitespace alternatives (see whitespace_piece_end).
#include "pretokenize/pretokenizer.h"
#include "pretokenize/scan_common.h"

namespace tokenmeter {

using namespace pretokenize_internal;

std::size_t r50k_piece_end(std::string_view text, std::size_t start) {
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t n = text.size();
  const std::size_t pos = start;

  if (s[pos] == '\'') {
    if (const std::size_t k = contraction_length(s, n, pos)) return pos + k;
  }
  const CharAt c = char_at(s, n, pos);
  const std::size_t after = pos + c.length;
  if (c.cls & kLetter) return skip_any<kLetter>(s, n, after);
  if (c.cls & kNumber) return skip_any<kNumber>(s, n, after);
  if (!(c.cls & kSpace)) return skip_none<kLetterNumberSpace>(s, n, after);

  if (s[pos] == ' ' && after < n) {
    const CharAt d = char_at(s, n, after);
    const std::size_t after2 = after + d.length;
    if (d.cls & kLetter) return skip_any<kLetter>(s, n, after2);
    if (d.cls & kNumber) return skip_any<kNumber>(s, n, after2);
    if (!(d.cls & kSpace)) return skip_none<kLetterNumberSpace>(s, n, after2);
  }
  return whitespace_piece_end<false>(s, n, pos);
}

}  // namespace tokenmeter
