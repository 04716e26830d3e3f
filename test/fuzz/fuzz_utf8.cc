// Fuzz target: UTF-8 validation and repair (unicode/utf8.h) and the three pre-tokenizers.
//
// Input: arbitrary bytes. Properties:
//   1. find_invalid_utf8 returns the same offset as a plain validator written here from the
//      well-formed byte sequences table (Unicode 16.0, Table 3-7).
//   2. replace_invalid_utf8 returns exactly what the WHATWG Encoding Standard's UTF-8 decoder
//      (written here step by step from the spec) produces, re-encoded as UTF-8; so its output is
//      valid UTF-8, and a valid input comes back unchanged.
//   3. decode_utf8 at every character boundary agrees with the plain validator's sequence length.
//   4. r50k/cl100k/o200k piece_end: every call returns an end in (start, size]; the pieces tile
//      the input; and every piece ends on a character boundary (a scanner never cuts a valid
//      multi-byte character in two).
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_common.h"
#include "pretokenize/pretokenizer.h"
#include "unicode/utf8.h"

using tokenmeter_fuzz::preview;

namespace {

// Length of the well-formed UTF-8 sequence starting at text[i], or 0 if none starts there.
// Straight from Table 3-7: each row lists the allowed range of each byte.
size_t plain_sequence_length(std::string_view text, size_t i) {
  struct Row {
    unsigned char lo[4], hi[4];
    size_t len;
  };
  static const Row rows[] = {
      {{0x00}, {0x7F}, 1},
      {{0xC2, 0x80}, {0xDF, 0xBF}, 2},
      {{0xE0, 0xA0, 0x80}, {0xE0, 0xBF, 0xBF}, 3},
      {{0xE1, 0x80, 0x80}, {0xEC, 0xBF, 0xBF}, 3},
      {{0xED, 0x80, 0x80}, {0xED, 0x9F, 0xBF}, 3},
      {{0xEE, 0x80, 0x80}, {0xEF, 0xBF, 0xBF}, 3},
      {{0xF0, 0x90, 0x80, 0x80}, {0xF0, 0xBF, 0xBF, 0xBF}, 4},
      {{0xF1, 0x80, 0x80, 0x80}, {0xF3, 0xBF, 0xBF, 0xBF}, 4},
      {{0xF4, 0x80, 0x80, 0x80}, {0xF4, 0x8F, 0xBF, 0xBF}, 4},
  };
  for (const Row& row : rows) {
    if (i + row.len > text.size()) continue;
    bool match = true;
    for (size_t k = 0; k < row.len && match; ++k) {
      const unsigned char b = static_cast<unsigned char>(text[i + k]);
      match = b >= row.lo[k] && b <= row.hi[k];
    }
    if (match) return row.len;
  }
  return 0;
}

size_t plain_find_invalid(std::string_view text) {
  for (size_t i = 0; i < text.size();) {
    const size_t len = plain_sequence_length(text, i);
    if (len == 0) return i;
    i += len;
  }
  return std::string_view::npos;
}

bool plain_valid(std::string_view text) { return plain_find_invalid(text) == std::string_view::npos; }

void append_utf8(std::string& out, uint32_t cp) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

// The WHATWG Encoding Standard's UTF-8 decoder (section 9.1.1), one step per byte, with the
// replacement error mode; code points are re-encoded as UTF-8.
std::string whatwg_decode(std::string_view text) {
  std::string out;
  uint32_t code_point = 0, bytes_seen = 0, bytes_needed = 0;
  unsigned lower = 0x80, upper = 0xBF;
  size_t i = 0;
  while (i < text.size()) {
    const unsigned byte = static_cast<unsigned char>(text[i]);
    if (bytes_needed == 0) {
      ++i;
      if (byte <= 0x7F) {
        out.push_back(static_cast<char>(byte));
      } else if (byte >= 0xC2 && byte <= 0xDF) {
        bytes_needed = 1;
        code_point = byte & 0x1F;
      } else if (byte >= 0xE0 && byte <= 0xEF) {
        if (byte == 0xE0) lower = 0xA0;
        if (byte == 0xED) upper = 0x9F;
        bytes_needed = 2;
        code_point = byte & 0xF;
      } else if (byte >= 0xF0 && byte <= 0xF4) {
        if (byte == 0xF0) lower = 0x90;
        if (byte == 0xF4) upper = 0x8F;
        bytes_needed = 3;
        code_point = byte & 0x7;
      } else {
        append_utf8(out, 0xFFFD);
      }
      continue;
    }
    if (byte < lower || byte > upper) {
      // Error: reset, and the byte is processed again (the spec "restores it to the stream").
      code_point = bytes_needed = bytes_seen = 0;
      lower = 0x80;
      upper = 0xBF;
      append_utf8(out, 0xFFFD);
      continue;
    }
    ++i;
    lower = 0x80;
    upper = 0xBF;
    code_point = (code_point << 6) | (byte & 0x3F);
    if (++bytes_seen == bytes_needed) {
      append_utf8(out, code_point);
      code_point = bytes_needed = bytes_seen = 0;
    }
  }
  if (bytes_needed != 0) append_utf8(out, 0xFFFD);  // end of stream inside a sequence
  return out;
}

void check_pieces(const char* name, tokenmeter::PieceEndFn piece_end, std::string_view text,
                  const std::vector<bool>& boundary) {
  size_t start = 0;
  while (start < text.size()) {
    const size_t end = piece_end(text, start);
    FUZZ_CHECK(end > start && end <= text.size(), std::string(name) + ": piece end " + std::to_string(end) +
                                                      " not in (" + std::to_string(start) + ", " +
                                                      std::to_string(text.size()) + "] for " + preview(text));
    FUZZ_CHECK(boundary[end], std::string(name) + ": piece [" + std::to_string(start) + ", " + std::to_string(end) +
                                  ") ends inside a UTF-8 character of " + preview(text));
    start = end;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  namespace u = tokenmeter::unicode;

  const size_t plain_bad = plain_find_invalid(text);
  const size_t bad = u::find_invalid_utf8(text);
  FUZZ_CHECK(bad == plain_bad, "find_invalid_utf8 says " + std::to_string(bad) + ", plain validator " +
                                   std::to_string(plain_bad) + " for " + preview(text));

  const std::string repaired = u::replace_invalid_utf8(text);
  FUZZ_CHECK(plain_valid(repaired), "replace_invalid_utf8 output is not valid UTF-8 for " + preview(text));
  if (plain_bad == std::string_view::npos) FUZZ_CHECK(repaired == text, "valid input was changed");
  FUZZ_CHECK(repaired == whatwg_decode(text),
             "replace_invalid_utf8 differs from the WHATWG decoder for " + preview(text));

  // Character boundaries as the scanners must see them: a valid sequence is one character, any
  // other byte is a character of its own.
  std::vector<bool> boundary(text.size() + 1, false);
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  for (size_t i = 0; i < text.size();) {
    boundary[i] = true;
    const size_t len = plain_sequence_length(text, i);
    const u::DecodedChar d = u::decode_utf8(s + i, s + text.size());
    FUZZ_CHECK(d.length == (len == 0 ? 1 : len), "decode_utf8 length at " + std::to_string(i));
    FUZZ_CHECK((d.cp == u::kInvalidCodePoint) == (len == 0), "decode_utf8 validity at " + std::to_string(i));
    if (len > 0) {
      // The code point: the lead byte's payload bits, then six bits per continuation byte.
      static const unsigned kLeadMask[5] = {0, 0x7F, 0x1F, 0x0F, 0x07};
      uint32_t cp = s[i] & kLeadMask[len];
      for (size_t k = 1; k < len; ++k) cp = (cp << 6) | (s[i + k] & 0x3F);
      FUZZ_CHECK(d.cp == cp, "decode_utf8 code point at " + std::to_string(i));
    }
    i += len == 0 ? 1 : len;
  }
  boundary[text.size()] = true;

  check_pieces("r50k", &tokenmeter::r50k_piece_end, text, boundary);
  check_pieces("cl100k", &tokenmeter::cl100k_piece_end, text, boundary);
  check_pieces("o200k", &tokenmeter::o200k_piece_end, text, boundary);
  return 0;
}
