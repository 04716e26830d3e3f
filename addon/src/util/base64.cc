#include "util/base64.h"

#include <array>
#include <cstdint>
#include <cstdio>
#include <string>

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

}  // namespace

// Base64 with either alphabet ('+' or '-' for 62, '/' or '_' for 63), optional '=' padding and
// ASCII whitespace anywhere (MIME line breaks). Returns an empty string on success, else why not.
std::string base64_decode_lenient(std::string_view text, std::string& out) {
  out.clear();
  out.reserve(text.size() / 4 * 3 + 3);
  uint32_t bits = 0;  // pending bits, fewer than 8 after each step
  int bit_count = 0;
  size_t sextets = 0;
  size_t padding = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    int v;
    if (c >= 'A' && c <= 'Z') v = c - 'A';
    else if (c >= 'a' && c <= 'z') v = c - 'a' + 26;
    else if (c >= '0' && c <= '9') v = c - '0' + 52;
    else if (c == '+' || c == '-') v = 62;
    else if (c == '/' || c == '_') v = 63;
    else if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') continue;
    else if (c == '=') { ++padding; continue; }
    else {
      char why[96];
      std::snprintf(why, sizeof why, "unexpected character 0x%02x at offset %zu",
                    static_cast<unsigned>(static_cast<unsigned char>(c)), i);
      return why;
    }
    if (padding > 0) return "data after '=' padding";
    ++sextets;
    bits = (bits << 6) | static_cast<uint32_t>(v);
    bit_count += 6;
    if (bit_count >= 8) {
      bit_count -= 8;
      out.push_back(static_cast<char>(bits >> bit_count));
      bits &= (1u << bit_count) - 1;
    }
  }
  // A final group of one character cannot encode a byte; padding, when present, must complete
  // the last group of four exactly.
  if (sextets % 4 == 1) return "truncated (length is not a valid base64 length)";
  if (padding > 0 && (sextets % 4 == 0 || sextets % 4 + padding != 4)) return "wrong '=' padding";
  return {};
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
