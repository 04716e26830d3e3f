// Strict UTF-8 decoding (RFC 3629 / Unicode Table 3-7): no overlong forms, no surrogates, nothing
// above U+10FFFF, no truncated sequences.
//
// decode_utf8 is the scanners' per-character step, so it lives here inline. An invalid byte
// decodes as kInvalidCodePoint with length 1: callers then treat it as one character of no class,
// which keeps every scanner making progress on arbitrary bytes.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "unicode/char_class.h"

namespace tokenmeter::unicode {

struct DecodedChar {
  std::uint32_t cp;      // the code point, or kInvalidCodePoint
  std::uint32_t length;  // bytes consumed: 1..4 (always 1 for an invalid byte)
};

// Decodes the character at p; requires p < end and reads nothing at or past end.
inline DecodedChar decode_utf8(const unsigned char* p, const unsigned char* end) {
  constexpr DecodedChar kInvalid{kInvalidCodePoint, 1};
  const std::uint32_t b0 = p[0];
  if (b0 < 0x80) return {b0, 1};
  const std::size_t avail = static_cast<std::size_t>(end - p);
  if (b0 < 0xE0) {
    // C0, C1 would be overlong encodings of ASCII; 80..BF are stray continuation bytes.
    if (b0 < 0xC2 || avail < 2) return kInvalid;
    const std::uint32_t b1 = p[1];
    if ((b1 & 0xC0) != 0x80) return kInvalid;
    return {((b0 & 0x1F) << 6) | (b1 & 0x3F), 2};
  }
  if (b0 < 0xF0) {
    if (avail < 3) return kInvalid;
    const std::uint32_t b1 = p[1], b2 = p[2];
    // E0 needs A0.. (else overlong); ED needs ..9F (else a surrogate U+D800..DFFF).
    const std::uint32_t lo = b0 == 0xE0 ? 0xA0 : 0x80;
    const std::uint32_t hi = b0 == 0xED ? 0x9F : 0xBF;
    if (b1 < lo || b1 > hi || (b2 & 0xC0) != 0x80) return kInvalid;
    return {((b0 & 0x0F) << 12) | ((b1 & 0x3F) << 6) | (b2 & 0x3F), 3};
  }
  if (b0 < 0xF5) {
    if (avail < 4) return kInvalid;
    const std::uint32_t b1 = p[1], b2 = p[2], b3 = p[3];
    // F0 needs 90.. (else overlong); F4 needs ..8F (else above U+10FFFF).
    const std::uint32_t lo = b0 == 0xF0 ? 0x90 : 0x80;
    const std::uint32_t hi = b0 == 0xF4 ? 0x8F : 0xBF;
    if (b1 < lo || b1 > hi || (b2 & 0xC0) != 0x80 || (b3 & 0xC0) != 0x80) return kInvalid;
    return {((b0 & 0x07) << 18) | ((b1 & 0x3F) << 12) | ((b2 & 0x3F) << 6) | (b3 & 0x3F), 4};
  }
  return kInvalid;  // F5..FF never occur in UTF-8
}

// Offset of the first byte that does not start a valid UTF-8 character, or std::string_view::npos
// if the whole text is valid. Runs of ASCII are checked eight bytes at a time.
std::size_t find_invalid_utf8(std::string_view text);

// The text with each maximal invalid subsequence replaced by U+FFFD, exactly as the WHATWG UTF-8
// decoder (and so Node's Buffer#toString('utf8') and TextDecoder) does it. A valid text comes back
// unchanged.
std::string replace_invalid_utf8(std::string_view text);

// Length of the maximal invalid subsequence starting at p, given that decode_utf8(p, end) failed:
// a lead byte plus the continuation bytes that could still have completed it (1..3).
std::size_t invalid_subsequence_length(const unsigned char* p, const unsigned char* end);

}  // namespace tokenmeter::unicode
