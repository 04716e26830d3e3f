#include "chat/json_guard.h"

#include "chat/json_reader.h"
#include "unicode/utf8.h"
#include "util/error.h"

namespace tokenmeter {
namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// The code unit of a "\uXXXX" escape starting at text[i] (the backslash), or -1.
int escape_unit(std::string_view text, size_t i) {
  if (i + 6 > text.size() || text[i] != '\\' || text[i + 1] != 'u') return -1;
  int unit = 0;
  for (size_t k = i + 2; k < i + 6; ++k) {
    const int h = hex_value(text[k]);
    if (h < 0) return -1;
    unit = unit * 16 + h;
  }
  return unit;
}

bool is_high(int unit) { return unit >= 0xD800 && unit <= 0xDBFF; }
bool is_low(int unit) { return unit >= 0xDC00 && unit <= 0xDFFF; }

// One pass over the body: checks nesting depth, and (when `out` is given) copies the body with
// lone-surrogate escapes replaced. Returns whether any lone surrogate escape was seen.
bool scan(std::string_view text, std::string* out) {
  size_t depth = 0;
  bool in_string = false, found = false;
  size_t copied = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '"') {
        in_string = false;
      } else if (c == '\\') {
        const int unit = escape_unit(text, i);
        if (unit < 0) {
          ++i;  // a two-character escape; a malformed one is the parser's to report
          continue;
        }
        if (is_high(unit) && is_low(escape_unit(text, i + 6))) {
          i += 11;  // a well-formed pair
          continue;
        }
        if (is_high(unit) || is_low(unit)) {
          found = true;
          if (out) {
            out->append(text.data() + copied, i - copied);
            *out += "\\ufffd";
            copied = i + 6;
          }
        }
        i += 5;
      }
      continue;
    }
    if (c == '"') {
      in_string = true;
    } else if (c == '{' || c == '[') {
      if (++depth > kMaxJsonDepth)
        throw Error(ErrorCode::kInvalidJson, "request JSON is nested deeper than " +
                                                 std::to_string(kMaxJsonDepth) + " levels (at byte " +
                                                 std::to_string(i) + ")");
    } else if ((c == '}' || c == ']') && depth > 0) {
      --depth;
    }
  }
  if (out) out->append(text.data() + copied, text.size() - copied);
  return found;
}

}  // namespace

nlohmann::ordered_json parse_request_json(std::string_view body) {
  const size_t bad = unicode::find_invalid_utf8(body);
  if (bad != std::string_view::npos)
    throw Error(ErrorCode::kInvalidUtf8, "request body is not valid UTF-8 (byte offset " + std::to_string(bad) + ")");
  // The fast path; anything it refuses goes through the checks and nlohmann's parser below, which
  // either accept it the same way or say precisely what is wrong.
  if (auto fast = read_json_fast(body, kMaxJsonDepth)) return std::move(*fast);
  if (const size_t nul = body.find('\0'); nul != std::string_view::npos) throw Error(ErrorCode::kInvalidJson, "request body is not valid JSON: a NUL byte at offset " + std::to_string(nul));  // nlohmann would stop reading there
  std::string rewritten;
  if (scan(body, nullptr)) {
    rewritten.reserve(body.size());
    scan(body, &rewritten);
    body = rewritten;
  }
  try {
    return nlohmann::ordered_json::parse(body.begin(), body.end());
  } catch (const nlohmann::json::parse_error& e) {
    throw Error(ErrorCode::kInvalidJson, std::string("request body is not valid JSON: ") + e.what());
  } catch (const nlohmann::json::exception& e) {
    throw Error(ErrorCode::kInvalidJson, std::string("request body is not valid JSON: ") + e.what());
  }
}

}  // namespace tokenmeter
