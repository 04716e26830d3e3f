// Building blocks shared by the hand-written pre-tokenizer scanners (r50k.cc, cl100k.cc, o200k.cc).
//
// Each scanner reproduces one tiktoken regex by deciding, from the first character or two, which
// alternative the backtracking engine would settle on, then scanning that alternative's run. The
// helpers here are the runs: "characters of class X", "characters of none of classes X", the
// contraction suffixes, and the whitespace alternatives every pattern ends with.
//
// Conventions: `s`/`n` are the segment's bytes and size, `pos` a byte offset with pos <= n. Nothing
// reads at or past n. An invalid UTF-8 byte is one character of class 0 ("no class"): it is then
// neither letter, number nor whitespace, exactly like a symbol, so scanning always advances.
// Internal header: not part of the pre-tokenizer interface (pretokenizer.h).
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>

#include "unicode/char_class.h"
#include "unicode/utf8.h"

namespace tokenmeter::pretokenize_internal {

using unicode::kLetter;
using unicode::kLowerish;
using unicode::kNewline;
using unicode::kNumber;
using unicode::kSpace;
using unicode::kUpperish;

// \p{L}, \p{N} and \s together: what [^\s\p{L}\p{N}] excludes.
inline constexpr std::uint8_t kLetterNumberSpace = kLetter | kNumber | kSpace;

struct CharAt {
  std::uint32_t length;  // bytes, 1..4
  std::uint8_t cls;      // unicode::CharClassBit bits; 0 for an invalid byte
};

// The character starting at pos (pos < n).
inline CharAt char_at(const unsigned char* s, std::size_t n, std::size_t pos) {
  const unsigned b = s[pos];
  if (b < 0x80) return {1, unicode::kAsciiClass[b]};
  const unicode::DecodedChar d = unicode::decode_utf8(s + pos, s + n);
  return {d.length, unicode::char_class(d.cp)};  // char_class(kInvalidCodePoint) == 0
}

// SWAR (eight bytes per step) for the runs that dominate ASCII text: letters, lowercase,
// uppercase, digits. A byte-at-a-time loop costs a branch per byte and a mispredicted exit per
// run; here a whole word of up to eight letters is one load and one count-trailing-zeros.
// Needs a little-endian target (byte i of the loaded word is s[pos + i]) and GCC/Clang builtins;
// elsewhere the scanners use the byte loop alone.
#if (defined(__GNUC__) || defined(__clang__)) && defined(__BYTE_ORDER__) && \
    __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define TOKENMETER_SCAN_SWAR 1
inline constexpr std::uint64_t kSwarOnes = 0x0101010101010101ull;
inline constexpr std::uint64_t kSwarHigh = 0x8080808080808080ull;

// High bit of each byte set where lo <= byte <= hi (1 <= lo <= hi < 0x80); never for non-ASCII.
// The high bits are cleared before adding so that no byte can carry into its neighbour.
inline std::uint64_t swar_in_range(std::uint64_t w, unsigned lo, unsigned hi) {
  const std::uint64_t low7 = w & ~kSwarHigh;
  const std::uint64_t at_least_lo = low7 + kSwarOnes * (0x80 - lo);
  const std::uint64_t above_hi = low7 + kSwarOnes * (0x80 - (hi + 1));
  return at_least_lo & ~above_hi & ~w & kSwarHigh;
}

// The ASCII members of class Mask, for the masks that have a SWAR form.
template <std::uint8_t Mask>
inline std::uint64_t swar_members(std::uint64_t w) {
  if constexpr (Mask == kLetter) {
    return swar_in_range(w | (kSwarOnes * 0x20), 'a', 'z');  // b | 0x20 in a..z iff b is a letter
  } else if constexpr (Mask == kLowerish) {
    return swar_in_range(w, 'a', 'z');
  } else if constexpr (Mask == kUpperish) {
    return swar_in_range(w, 'A', 'Z');
  } else {
    static_assert(Mask == kNumber, "no SWAR form for this class");
    return swar_in_range(w, '0', '9');
  }
}
#endif

// End of the run of characters, from pos, whose class has any bit of Mask.
template <std::uint8_t Mask>
inline std::size_t skip_any(const unsigned char* s, std::size_t n, std::size_t pos) {
#ifdef TOKENMETER_SCAN_SWAR
  if constexpr (Mask == kLetter || Mask == kLowerish || Mask == kUpperish || Mask == kNumber) {
    while (true) {
      while (pos + 8 <= n) {
        std::uint64_t w;
        std::memcpy(&w, s + pos, 8);
        const std::uint64_t outside = ~swar_members<Mask>(w) & kSwarHigh;
        if (outside == 0) {
          pos += 8;
          continue;
        }
        pos += static_cast<std::size_t>(__builtin_ctzll(outside)) >> 3;
        break;
      }
      // s[pos] is not an ASCII member (or fewer than eight bytes remain): decide it the slow way.
      if (pos >= n) return pos;
      const unsigned b = s[pos];
      if (b < 0x80) {
        if (!(unicode::kAsciiClass[b] & Mask)) return pos;
        ++pos;  // only in the last seven bytes
        continue;
      }
      const CharAt c = char_at(s, n, pos);
      if (!(c.cls & Mask)) return pos;
      pos += c.length;
      // A non-ASCII member: go on byte-wise while non-ASCII follows (CJK, Cyrillic...), and back
      // to eight at a time once ASCII does ("naïve", "Straße").
      while (pos < n && s[pos] >= 0x80) {
        const CharAt d = char_at(s, n, pos);
        if (!(d.cls & Mask)) return pos;
        pos += d.length;
      }
    }
  }
#endif
  while (pos < n) {
    const unsigned b = s[pos];
    if (b < 0x80) {
      if (!(unicode::kAsciiClass[b] & Mask)) break;
      ++pos;
      continue;
    }
    const CharAt c = char_at(s, n, pos);
    if (!(c.cls & Mask)) break;
    pos += c.length;
  }
  return pos;
}

// End of the run of characters, from pos, whose class has no bit of Mask.
template <std::uint8_t Mask>
inline std::size_t skip_none(const unsigned char* s, std::size_t n, std::size_t pos) {
  while (pos < n) {
    const unsigned b = s[pos];
    if (b < 0x80) {
      if (unicode::kAsciiClass[b] & Mask) break;
      ++pos;
      continue;
    }
    const CharAt c = char_at(s, n, pos);
    if (c.cls & Mask) break;
    pos += c.length;
  }
  return pos;
}

// \p{N}{1,3} from pos (the character at pos is known to be a number): at most three numbers.
inline std::size_t skip_numbers_max3(const unsigned char* s, std::size_t n, std::size_t pos) {
  for (int count = 0; count < 3 && pos < n; ++count) {
    const CharAt c = char_at(s, n, pos);
    if (!(c.cls & kNumber)) break;
    pos += c.length;
  }
  return pos;
}

// [\r\n]* from pos.
inline std::size_t skip_newlines(const unsigned char* s, std::size_t n, std::size_t pos) {
  while (pos < n && (s[pos] == '\r' || s[pos] == '\n')) ++pos;
  return pos;
}

// Length of 's|'t|'re|'ve|'m|'ll|'d at pos (case-sensitive, as in r50k), or 0.
inline std::size_t contraction_length(const unsigned char* s, std::size_t n, std::size_t pos) {
  if (pos + 1 >= n || s[pos] != '\'') return 0;
  switch (s[pos + 1]) {
    case 's': case 't': case 'm': case 'd':
      return 2;
    case 'r': case 'v':
      return pos + 2 < n && s[pos + 2] == 'e' ? 3 : 0;
    case 'l':
      return pos + 2 < n && s[pos + 2] == 'l' ? 3 : 0;
    default:
      return 0;
  }
}

// Length of (?i:'s|'t|'re|'ve|'m|'ll|'d) at pos, or 0. The regex crate's (?i) is Unicode simple
// case folding: in Unicode 16.0 the only non-ASCII character folding to one of s,t,r,e,v,m,l,d is
// U+017F LATIN SMALL LETTER LONG S (-> s), UTF-8 C5 BF. (scripts/check-pretokenizer.mjs derives
// the case variants from the Case_Folding data independently.)
inline std::size_t contraction_length_ci(const unsigned char* s, std::size_t n, std::size_t pos) {
  if (pos + 1 >= n || s[pos] != '\'') return 0;
  // For bytes below 0x80, b | 0x20 equals a lowercase ASCII letter only for that letter's two cases.
  const unsigned c1 = s[pos + 1] | 0x20u;
  switch (c1) {
    case 's': case 't': case 'm': case 'd':
      return 2;
    case 'r': case 'v':
      return pos + 2 < n && (s[pos + 2] | 0x20u) == 'e' ? 3 : 0;
    case 'l':
      return pos + 2 < n && (s[pos + 2] | 0x20u) == 'l' ? 3 : 0;
    default:
      break;
  }
  if (s[pos + 1] == 0xC5 && pos + 2 < n && s[pos + 2] == 0xBF) return 3;  // 'ſ
  return 0;
}

// End of the run of bytes equal to `byte` from pos.
inline std::size_t skip_byte_run(const unsigned char* s, std::size_t n, std::size_t pos, unsigned char byte) {
#ifdef TOKENMETER_SCAN_SWAR
  while (pos + 8 <= n) {
    std::uint64_t w;
    std::memcpy(&w, s + pos, 8);
    const std::uint64_t differs = w ^ (kSwarOnes * byte);  // a non-zero byte where it differs
    if (differs != 0) return pos + (static_cast<std::size_t>(__builtin_ctzll(differs)) >> 3);
    pos += 8;
  }
#endif
  while (pos < n && s[pos] == byte) ++pos;
  return pos;
}

// The last three alternatives of every pattern, for a whitespace character at pos:
//   [\s*[\r\n]+ |]  \s+(?!\S)  |  \s+
// With a maximal whitespace run [pos, end):
//   \s*[\r\n]+ (cl100k, o200k only): \s* backs off until [\r\n]+ can match, so the piece ends just
//       after the LAST \r or \n of the run;
//   \s+(?!\S): at the end of the text the whole run; otherwise the run followed by a non-space
//       gives up its last character (which then starts the next piece, e.g. " world"), provided at
//       least one character stays;
//   \s+: a run of one character followed by a non-space.
template <bool kNewlineAlternative>
inline std::size_t whitespace_piece_end(const unsigned char* s, std::size_t n, std::size_t pos) {
  std::size_t last_start = pos;  // start of the run's last character
  std::size_t newline_end = 0;   // just past the run's last \r or \n; 0 if none
  std::size_t p = pos;
  while (p < n) {
    const unsigned b = s[p];
    if (b < 0x80) {
      const std::uint8_t cls = unicode::kAsciiClass[b];
      if (!(cls & kSpace)) break;
      // Whitespace comes in runs of one byte (indentation, blank lines, padding): take the run
      // 8 bytes at a time. Its last byte is the run's last character.
      p = skip_byte_run(s, n, p + 1, static_cast<unsigned char>(b));
      last_start = p - 1;
      if (kNewlineAlternative && (cls & kNewline)) newline_end = p;
      continue;
    }
    const CharAt c = char_at(s, n, p);
    if (!(c.cls & kSpace)) break;
    last_start = p;
    p += c.length;
  }
  if (kNewlineAlternative && newline_end != 0) return newline_end;
  if (p == n) return n;
  if (last_start > pos) return last_start;
  return p;
}

}  // namespace tokenmeter::pretokenize_internal
