#include "chat/compact_json.h"

#include <charconv>
#include <cmath>
#include <cstdio>

namespace tokenmeter {
namespace {

void append_js_string(const std::string& s, std::string& out) {
  out.push_back('"');
  for (unsigned char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          out += buf;
        } else {
          out.push_back(static_cast<char>(c));
        }
    }
  }
  out.push_back('"');
}

}  // namespace

// ECMAScript Number::toString: the shortest digits that round-trip (what std::to_chars gives in
// scientific form), laid out as an integer or decimal when the exponent is in [-7, 21), else as
// d.ddde±x.
void append_js_number(double value, std::string& out) {
  if (!std::isfinite(value)) {  // JSON.stringify writes NaN and ±Infinity as null
    out += "null";
    return;
  }
  if (value == 0) {
    out.push_back('0');  // -0 too
    return;
  }
  if (value < 0) {
    out.push_back('-');
    value = -value;
  }
  char buf[64];
  auto res = std::to_chars(buf, buf + sizeof buf, value, std::chars_format::scientific);
  std::string_view sci(buf, static_cast<size_t>(res.ptr - buf));  // e.g. "1.2345e+02"
  const size_t e_pos = sci.find('e');
  std::string digits;
  for (char c : sci.substr(0, e_pos))
    if (c != '.') digits.push_back(c);
  const int exponent = std::atoi(std::string(sci.substr(e_pos + 1)).c_str());
  const int k = static_cast<int>(digits.size());
  const int n = exponent + 1;  // position of the decimal point relative to the digits
  if (k <= n && n <= 21) {
    out += digits;
    out.append(static_cast<size_t>(n - k), '0');
  } else if (0 < n && n <= 21) {
    out.append(digits, 0, static_cast<size_t>(n));
    out.push_back('.');
    out.append(digits, static_cast<size_t>(n), std::string::npos);
  } else if (-6 < n && n <= 0) {
    out += "0.";
    out.append(static_cast<size_t>(-n), '0');
    out += digits;
  } else {
    out.push_back(digits[0]);
    if (k > 1) {
      out.push_back('.');
      out.append(digits, 1, std::string::npos);
    }
    out.push_back('e');
    out.push_back(n - 1 >= 0 ? '+' : '-');
    out += std::to_string(std::abs(n - 1));
  }
}

constexpr int64_t kMaxSafe = (int64_t(1) << 53);

void append_compact_json(const nlohmann::ordered_json& value, std::string& out) {
  using V = nlohmann::ordered_json::value_t;
  switch (value.type()) {
    case V::null:
    case V::discarded: out += "null"; break;
    case V::boolean: out += value.get<bool>() ? "true" : "false"; break;
    // JavaScript numbers are doubles: integers beyond 2^53 print rounded, as JSON.stringify does.
    case V::number_integer: {
      const int64_t v = value.get<int64_t>();
      if (v > kMaxSafe || v < -kMaxSafe) append_js_number(static_cast<double>(v), out);
      else out += std::to_string(v);
      break;
    }
    case V::number_unsigned: {
      const uint64_t v = value.get<uint64_t>();
      if (v > static_cast<uint64_t>(kMaxSafe)) append_js_number(static_cast<double>(v), out);
      else out += std::to_string(v);
      break;
    }
    case V::number_float: append_js_number(value.get<double>(), out); break;
    case V::string: append_js_string(value.get_ref<const std::string&>(), out); break;
    case V::binary: out += "null"; break;
    case V::array: {
      out.push_back('[');
      bool first = true;
      for (const auto& item : value) {
        if (!first) out.push_back(',');
        first = false;
        append_compact_json(item, out);
      }
      out.push_back(']');
      break;
    }
    case V::object: {
      out.push_back('{');
      bool first = true;
      for (auto it = value.begin(); it != value.end(); ++it) {
        if (!first) out.push_back(',');
        first = false;
        append_js_string(it.key(), out);
        out.push_back(':');
        append_compact_json(it.value(), out);
      }
      out.push_back('}');
      break;
    }
  }
}

}  // namespace tokenmeter
