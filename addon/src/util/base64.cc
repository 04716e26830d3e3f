#include "util/base64.h"

#include <array>
#include <cstdint>

namespace tokenmeter {
namespace {

constexpr int8_t kInvalid = -1;

constexpr std::array<int8_t, 256> make_decode_table() {
  std::array<int8_t, 256> table{};
  for (auto& v : table) v = kInvalid;
  const char* alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  for (int i = 0; i < 64; ++i) table[static_cast<uint8_t>(alphabet[i])] = static_cast<int8_t>(i);
  return table;
}

constexpr std::array<int8_t, 256> kDecode = make_decode_table();

// Standard and URL-safe alphabets in one table.
constexpr std::array<int8_t, 256> make_lenient_table() {
  std::array<int8_t, 256> table = make_decode_table();
  table[static_cast<uint8_t>('-')] = 62;
  table[static_cast<uint8_t>('_')] = 63;
  return table;
}

constexpr std::array<int8_t, 256> kDecodeLenient = make_lenient_table();

bool is_ascii_space(char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == '\v'; }

}  // namespace

bool base64_decode_lenient(std::string_view text, std::string& out) {
  out.clear();
  out.reserve(text.size() / 4 * 3 + 3);
  uint32_t bits = 0;
  int nbits = 0;
  size_t symbols = 0;
  bool padded = false;
  for (char c : text) {
    if (is_ascii_space(c)) continue;
    if (c == '=') {
      padded = true;
      continue;
    }
    if (padded) return false;  // data after '='
    const int8_t v = kDecodeLenient[static_cast<uint8_t>(c)];
    if (v == kInvalid) return false;
    bits = (bits << 6) | static_cast<uint32_t>(v);
    nbits += 6;
    ++symbols;
    if (nbits >= 8) {
      nbits -= 8;
      out.push_back(static_cast<char>((bits >> nbits) & 0xff));
    }
  }
  return symbols % 4 != 1;  // one leftover symbol carries fewer than 8 bits: not base64
}

bool base64_decode(std::string_view text, std::string& out) {
  out.clear();
  if (text.size() % 4 != 0) return false;
  out.reserve(text.size() / 4 * 3);
  for (size_t i = 0; i < text.size(); i += 4) {
    bool last_quad = i + 4 == text.size();
    int8_t v[4];
    int padding = 0;
    for (int j = 0; j < 4; ++j) {
      char c = text[i + j];
      if (c == '=' && last_quad && j >= 2) {
        v[j] = 0;
        ++padding;
        continue;
      }
      if (padding > 0) return false;  // data after '='
      v[j] = kDecode[static_cast<uint8_t>(c)];
      if (v[j] == kInvalid) return false;
    }
    uint32_t triple = (uint32_t(v[0]) << 18) | (uint32_t(v[1]) << 12) | (uint32_t(v[2]) << 6) | uint32_t(v[3]);
    out.push_back(static_cast<char>(triple >> 16));
    if (padding < 2) out.push_back(static_cast<char>((triple >> 8) & 0xff));
    if (padding < 1) out.push_back(static_cast<char>(triple & 0xff));
  }
  return true;
}

}  // namespace tokenmeter
