// Unicode character classes used by the pre-tokenizer patterns, as one byte of bits per code point.
//
// The reference tokenizer's regexes use \p{L}, \p{N}, \s, [\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}] and
// [\p{Ll}\p{Lm}\p{Lo}\p{M}] (plus the literal \r and \n); each is one bit here so a scanner tests
// any union of them with one AND. The data is Unicode 16.0 (the reference's version), generated
// into char_class_table.inc by scripts/gen-unicode-tables.mjs; everything is constexpr and inline
// so the scanners' hot loops compile to table loads.
#pragma once

#include <cstdint>

namespace tokenmeter::unicode {

enum CharClassBit : std::uint8_t {
  kLetter = 1 << 0,     // \p{L}: Lu | Ll | Lt | Lm | Lo
  kNumber = 1 << 1,     // \p{N}: Nd | Nl | No
  kSpace = 1 << 2,      // \s in the Rust regex crate: the White_Space property (incl. U+0085)
  kUpperish = 1 << 3,   // [\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]
  kLowerish = 1 << 4,   // [\p{Ll}\p{Lm}\p{Lo}\p{M}]
  kNewline = 1 << 5,    // \r or \n
};

// Not a code point: what UTF-8 decoding reports for an invalid byte (class 0, "no class").
inline constexpr std::uint32_t kInvalidCodePoint = 0xFFFFFFFFu;

#include "unicode/char_class_table.inc"

// Class bits of a code point; 0 for anything above U+10FFFF (e.g. kInvalidCodePoint).
inline std::uint8_t char_class(std::uint32_t cp) {
  if (cp < 0x80) return kAsciiClass[cp];
  if (cp > 0x10FFFF) return 0;
  const std::uint32_t block = kClassIndex[cp >> kClassBlockShift];
  return kClassBlocks[(block << kClassBlockShift) | (cp & kClassBlockMask)];
}

}  // namespace tokenmeter::unicode
