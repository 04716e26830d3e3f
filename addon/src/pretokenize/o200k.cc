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

// End of a run of ASCII capitals A-Z from p. They are Lu: in U, not in W.
inline std::size_t skip_ascii_capitals(const unsigned char* s, std::size_t n, std::size_t p) {
#ifdef TOKENMETER_SCAN_SWAR
  while (p + 8 <= n) {
    std::uint64_t w;
    std::memcpy(&w, s + p, 8);
    const std::uint64_t outside = ~swar_in_range(w, 'A', 'Z') & kSwarHigh;
    if (outside != 0) return p + (static_cast<std::size_t>(__builtin_ctzll(outside)) >> 3);
    p += 8;
  }
#endif
  while (p < n && static_cast<unsigned>(s[p] - 'A') < 26u) ++p;
  return p;
}

// U*W+C? at p; the end, or 0 if it does not match (a match never ends at 0). `upper_end`, when
// given, receives the end of the U run that starts at p (p itself if the run is empty).
inline std::size_t upper_star_lower_plus(const unsigned char* s, std::size_t n, std::size_t p,
                                         std::size_t* upper_end = nullptr) {
  std::size_t last_lower_end = 0;  // end of the last W character inside the U run
  while (p < n) {
    // ASCII capitals are U and never W, so a run of them moves p without touching last_lower_end.
    if (static_cast<unsigned>(s[p] - 'A') < 26u) {
      p = skip_ascii_capitals(s, n, p + 1);
      if (p >= n) break;
    }
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
  if (upper_end != nullptr) *upper_end = p;
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
    std::size_t upper_end = after;
    if (const std::size_t end = upper_star_lower_plus(s, n, after, &upper_end)) return end;
    // Alternative 1 failed on a non-empty U run. Unless the next attempt (alternative 1 without
    // the prefix) applies, alternative 2 with the prefix is next, and it matches that same run:
    // U+ takes all of it and W* nothing (a W after the run would have made alternative 1 match).
    // Its end is known without scanning the run again.
    if (!letterish && upper_end > after) return upper_end + contraction_length_ci(s, n, upper_end);
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
