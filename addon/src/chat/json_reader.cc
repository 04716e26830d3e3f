#include "chat/json_reader.h"

#include <charconv>
#include <cstdlib>
#include <cstring>
#include <string>
#include <unordered_map>
#include <vector>

namespace tokenmeter {
namespace {

using Json = nlohmann::ordered_json;

struct Failed {};  // thrown internally; becomes nullopt

class Reader {
 public:
  Reader(std::string_view text, size_t max_depth)
      : p_(text.data()), end_(text.data() + text.size()), max_depth_(max_depth) {}

  Json read_document() {
    Json root = read_value(0);
    skip_space();
    if (p_ != end_) throw Failed{};
    return root;
  }

 private:
  void skip_space() {
    while (p_ < end_ && (*p_ == ' ' || *p_ == '\n' || *p_ == '\r' || *p_ == '\t')) ++p_;
  }

  char peek() {
    skip_space();
    if (p_ >= end_) throw Failed{};
    return *p_;
  }

  void expect(char c) {
    if (peek() != c) throw Failed{};
    ++p_;
  }

  void literal(const char* word, size_t n) {
    if (static_cast<size_t>(end_ - p_) < n || std::memcmp(p_, word, n) != 0) throw Failed{};
    p_ += n;
  }

  // Recursion is bounded by max_depth (256 by default): a few hundred small frames.
  Json read_value(size_t depth) {
    switch (peek()) {
      case '{': return read_object(depth + 1);
      case '[': return read_array(depth + 1);
      case '"': return Json(read_string());
      case 't': literal("true", 4); return Json(true);
      case 'f': literal("false", 5); return Json(false);
      case 'n': literal("null", 4); return Json(nullptr);
      default: return read_number();
    }
  }

  Json read_array(size_t depth) {
    if (depth > max_depth_) throw Failed{};
    ++p_;  // '['
    Json array = Json::array();
    auto& items = array.get_ref<Json::array_t&>();
    if (peek() == ']') {
      ++p_;
      return array;
    }
    for (;;) {
      items.push_back(read_value(depth));
      const char c = peek();
      ++p_;
      if (c == ']') return array;
      if (c != ',') throw Failed{};
    }
  }

  Json read_object(size_t depth) {
    if (depth > max_depth_) throw Failed{};
    ++p_;  // '{'
    Json object = Json::object();
    // ordered_map is a std::vector of pairs; index it as one.
    std::vector<std::pair<const std::string, Json>>& members = object.get_ref<Json::object_t&>();
    if (peek() == '}') {
      ++p_;
      return object;
    }
    // Duplicate keys: small objects are searched linearly; big ones through an index, so an
    // object with a million keys stays linear.
    std::unordered_map<std::string_view, size_t> index;
    for (;;) {
      if (peek() != '"') throw Failed{};
      std::string key = read_string();
      expect(':');
      Json value = read_value(depth);
      size_t found = members.size();
      if (members.size() < 16) {
        for (size_t i = 0; i < members.size(); ++i)
          if (members[i].first == key) found = i;
      } else {
        if (index.empty())
          for (size_t i = 0; i < members.size(); ++i) index.emplace(members[i].first, i);
        auto it = index.find(key);
        if (it != index.end()) found = it->second;
      }
      if (found < members.size()) {
        members[found].second = std::move(value);
      } else {
        // The vector may reallocate and move its strings; keys of short strings live inside the
        // pair, so the index is rebuilt from scratch when that happens.
        const bool will_move = members.size() == members.capacity();
        members.emplace_back(std::move(key), std::move(value));
        if (!index.empty()) {
          if (will_move) {
            index.clear();
            for (size_t i = 0; i < members.size(); ++i) index.emplace(members[i].first, i);
          } else {
            index.emplace(members.back().first, members.size() - 1);
          }
        }
      }
      const char c = peek();
      ++p_;
      if (c == '}') return object;
      if (c != ',') throw Failed{};
    }
  }

  static int hex(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  }

  uint32_t read_hex4() {
    if (end_ - p_ < 4) throw Failed{};
    uint32_t unit = 0;
    for (int i = 0; i < 4; ++i) {
      const int h = hex(p_[i]);
      if (h < 0) throw Failed{};
      unit = unit * 16 + static_cast<uint32_t>(h);
    }
    p_ += 4;
    return unit;
  }

  static void append_utf8(std::string& out, uint32_t cp) {
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

  // At '"'. Plain runs are copied whole; only escapes are handled one by one.
  std::string read_string() {
    ++p_;
    std::string out;
    for (;;) {
      const char* run = p_;
      while (p_ < end_) {
        const unsigned char c = static_cast<unsigned char>(*p_);
        if (c == '"' || c == '\\' || c < 0x20) break;
        ++p_;
      }
      out.append(run, static_cast<size_t>(p_ - run));
      if (p_ >= end_) throw Failed{};
      const char c = *p_++;
      if (c == '"') return out;
      if (c != '\\') throw Failed{};  // a raw control character
      if (p_ >= end_) throw Failed{};
      switch (*p_++) {
        case '"': out.push_back('"'); break;
        case '\\': out.push_back('\\'); break;
        case '/': out.push_back('/'); break;
        case 'b': out.push_back('\b'); break;
        case 'f': out.push_back('\f'); break;
        case 'n': out.push_back('\n'); break;
        case 'r': out.push_back('\r'); break;
        case 't': out.push_back('\t'); break;
        case 'u': {
          uint32_t unit = read_hex4();
          if (unit >= 0xD800 && unit <= 0xDBFF && end_ - p_ >= 6 && p_[0] == '\\' && p_[1] == 'u') {
            const char* save = p_;
            p_ += 2;
            const uint32_t low = read_hex4();
            if (low >= 0xDC00 && low <= 0xDFFF) {
              append_utf8(out, 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00));
              break;
            }
            p_ = save;  // not a pair: the high half alone, then the next escape on its own
          }
          append_utf8(out, unit >= 0xD800 && unit <= 0xDFFF ? 0xFFFD : unit);
          break;
        }
        default: throw Failed{};
      }
    }
  }

  // RFC 8259: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
  Json read_number() {
    const char* start = p_;
    bool is_float = false;
    if (p_ < end_ && *p_ == '-') ++p_;
    if (p_ >= end_) throw Failed{};
    if (*p_ == '0') {
      ++p_;
    } else if (*p_ >= '1' && *p_ <= '9') {
      while (p_ < end_ && *p_ >= '0' && *p_ <= '9') ++p_;
    } else {
      throw Failed{};
    }
    if (p_ < end_ && *p_ == '.') {
      is_float = true;
      ++p_;
      if (p_ >= end_ || *p_ < '0' || *p_ > '9') throw Failed{};
      while (p_ < end_ && *p_ >= '0' && *p_ <= '9') ++p_;
    }
    if (p_ < end_ && (*p_ == 'e' || *p_ == 'E')) {
      is_float = true;
      ++p_;
      if (p_ < end_ && (*p_ == '+' || *p_ == '-')) ++p_;
      if (p_ >= end_ || *p_ < '0' || *p_ > '9') throw Failed{};
      while (p_ < end_ && *p_ >= '0' && *p_ <= '9') ++p_;
    }
    // Same types as nlohmann: unsigned for non-negative integers, signed for negative ones, double
    // for the rest and for integers out of 64-bit range.
    if (!is_float) {
      if (*start == '-') {
        int64_t v = 0;
        auto r = std::from_chars(start, p_, v);
        if (r.ec == std::errc() && r.ptr == p_) return Json(v);
      } else {
        uint64_t v = 0;
        auto r = std::from_chars(start, p_, v);
        if (r.ec == std::errc() && r.ptr == p_) return Json(v);
      }
    }
    double d = 0;
    auto r = std::from_chars(start, p_, d);
    if (r.ptr != p_ || r.ec == std::errc::invalid_argument) throw Failed{};
    if (r.ec == std::errc::result_out_of_range) {
      // Beyond double range: JSON.parse gives ±Infinity (or 0 for underflow), and so does strtod.
      // (nlohmann's parser refuses overflow; bodies JavaScript accepts must count, so this wins.)
      d = std::strtod(std::string(start, p_).c_str(), nullptr);
    }
    return Json(d);
  }

  const char* p_;
  const char* end_;
  size_t max_depth_;
};

}  // namespace

std::optional<nlohmann::ordered_json> read_json_fast(std::string_view text, size_t max_depth) {
  try {
    return Reader(text, max_depth).read_document();
  } catch (const Failed&) {
    return std::nullopt;
  }
}

}  // namespace tokenmeter
