// UTF-8 validation and WHATWG-style repair; see utf8.h.
#include "unicode/utf8.h"

#include <cstring>

namespace tokenmeter::unicode {

namespace {

constexpr std::uint64_t kHighBits = 0x8080808080808080ull;

// First offset >= pos whose byte is not ASCII, or n.
inline std::size_t skip_ascii(const unsigned char* s, std::size_t pos, std::size_t n) {
  while (pos + 8 <= n) {
    std::uint64_t word;
    std::memcpy(&word, s + pos, 8);  // unaligned load without UB
    if (word & kHighBits) break;
    pos += 8;
  }
  while (pos < n && s[pos] < 0x80) ++pos;
  return pos;
}

}  // namespace

std::size_t find_invalid_utf8(std::string_view text) {
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t n = text.size();
  std::size_t pos = 0;
  while (true) {
    pos = skip_ascii(s, pos, n);
    if (pos >= n) return std::string_view::npos;
    const DecodedChar d = decode_utf8(s + pos, s + n);
    if (d.cp == kInvalidCodePoint) return pos;
    pos += d.length;
  }
}

std::size_t invalid_subsequence_length(const unsigned char* p, const unsigned char* end) {
  const unsigned b0 = p[0];
  std::size_t needed;  // continuation bytes a valid sequence with this lead would have
  unsigned lo = 0x80, hi = 0xBF;  // allowed range of the first continuation byte
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    needed = 1;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    needed = 2;
    if (b0 == 0xE0) lo = 0xA0;
    if (b0 == 0xED) hi = 0x9F;
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    needed = 3;
    if (b0 == 0xF0) lo = 0x90;
    if (b0 == 0xF4) hi = 0x8F;
  } else {
    return 1;  // not a lead byte at all
  }
  // The WHATWG decoder consumes continuation bytes while they fit; the first misfit (or the end of
  // input) ends the subsequence, and the misfit is decoded afresh.
  std::size_t i = 1;
  while (i <= needed && p + i < end) {
    const unsigned b = p[i];
    if (b < lo || b > hi) break;
    lo = 0x80;
    hi = 0xBF;
    ++i;
  }
  return i;
}

std::string replace_invalid_utf8(std::string_view text) {
  std::size_t bad = find_invalid_utf8(text);
  if (bad == std::string_view::npos) return std::string(text);
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t n = text.size();
  std::string out;
  out.reserve(n + n / 4 + 3);
  std::size_t pos = 0;
  while (bad != std::string_view::npos) {
    out.append(text.data() + pos, bad - pos);
    out.append("\xEF\xBF\xBD", 3);
    pos = bad + invalid_subsequence_length(s + bad, s + n);
    const std::size_t next = find_invalid_utf8(text.substr(pos));
    bad = next == std::string_view::npos ? next : pos + next;
  }
  out.append(text.data() + pos, n - pos);
  return out;
}

}  // namespace tokenmeter::unicode
