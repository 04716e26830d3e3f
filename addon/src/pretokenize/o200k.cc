// Scanner for the o200k_base / o200k_harmony pattern:
//
//   [^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+(?i:'s|'t|'re|'ve|'m|'ll|'d)?|
//   [^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*(?i:'s|'t|'re|'ve|'m|'ll|'d)?|
//   \p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n/]*|\s*[\r\n]+|\s+(?!\S)|\s+
//
// Write U = [\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}], W = [\p{Ll}\p{Lm}\p{Lo}\p{M}], P = [^\r\n\p{L}\p{N}],
// C = the case-insensitive contractions. Lm, Lo and marks are in both U and W; marks are also in P
// (they are not \p{L}), so a leading mark can be tried both as the prefix and as a letter.
//
// The engine tries, in order: alternative 1 with the prefix, alternative 1 without it, alternative
// 2 with the prefix, alternative 2 without it; then numbers, others, whitespace as in cl100k.
// Alternative 1 (U*W+C?) backtracks U* from the longest U run: if the character after the run is
// in W (so it is Ll), W+ takes the W run that follows; otherwise W+ can only start at the last
// Lm/Lo/mark inside the U run and takes just that one character (everything after it in the run is
// Lu/Lt). Alternative 2 (U+W*C?) never backtracks: it matches whenever its first character is in U.
#include "pretokenize/pretokenizer.h"
#include "pretokenize/scan_common.h"

namespace tokenmeter {

using namespace pretokenize_internal;

namespace {

// U*W+C? at p; the end, or 0 if it does not match (a match never ends at 0).
inline std::size_t upper_star_lower_plus(const unsigned char* s, std::size_t n, std::size_t p) {
  std::size_t last_lower_end = 0;  // end of the last W character inside the U run
  while (p < n) {
    const CharAt c = char_at(s, n, p);
    if (!(c.cls & kUpperish)) {
      if (c.cls & kLowerish) {
        const std::size_t end = skip_any<kLowerish>(s, n, p + c.length);
        return end + contraction_length_ci(s, n, end);
      }
      break;
    }
    p += c.length;
    if (c.cls & kLowerish) last_lower_end = p;
  }
  if (last_lower_end == 0) return 0;
  return last_lower_end + contraction_length_ci(s, n, last_lower_end);
}

// U+W*C? at p; the end, or 0 if it does not match.
inline std::size_t upper_plus_lower_star(const unsigned char* s, std::size_t n, std::size_t p) {
  if (p >= n) return 0;
  const CharAt c = char_at(s, n, p);
  if (!(c.cls & kUpperish)) return 0;
  const std::size_t end = skip_any<kLowerish>(s, n, skip_any<kUpperish>(s, n, p + c.length));
  return end + contraction_length_ci(s, n, end);
}

}  // namespace

std::size_t o200k_piece_end(std::string_view text, std::size_t start) {
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t n = text.size();
  const std::size_t pos = start;

  const CharAt c = char_at(s, n, pos);
  const std::size_t after = pos + c.length;

  // Alternatives 1 and 2 (letters).
  const bool can_prefix = !(c.cls & (kLetter | kNumber | kNewline));
  const bool letterish = (c.cls & (kUpperish | kLowerish)) != 0;  // \p{L} or \p{M}
  if (can_prefix) {
    if (const std::size_t end = upper_star_lower_plus(s, n, after)) return end;
  }
  if (letterish) {
    if (const std::size_t end = upper_star_lower_plus(s, n, pos)) return end;
  }
  if (can_prefix) {
    if (const std::size_t end = upper_plus_lower_star(s, n, after)) return end;
  }
  if (c.cls & kUpperish) {
    if (const std::size_t end = upper_plus_lower_star(s, n, pos)) return end;
  }

  if (c.cls & kNumber) return skip_numbers_max3(s, n, pos);

  // " ?[^\s\p{L}\p{N}]+[\r\n/]*"
  std::size_t others_from = 0;
  if (!(c.cls & kLetterNumberSpace)) {
    others_from = after;
  } else if (s[pos] == ' ' && after < n) {
    const CharAt d = char_at(s, n, after);
    if (!(d.cls & kLetterNumberSpace)) others_from = after + d.length;
  }
  if (others_from != 0) {
    std::size_t end = skip_none<kLetterNumberSpace>(s, n, others_from);
    while (end < n && (s[end] == '\r' || s[end] == '\n' || s[end] == '/')) ++end;
    return end;
  }
  return whitespace_piece_end<true>(s, n, pos);
}

}  // namespace tokenmeter
