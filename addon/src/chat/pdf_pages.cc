// PDF page count by a single forward pass over the file's tokens, without building objects.
//
// The pass tracks dictionary nesting (<< >>) so that a /Count is attributed to the dictionary it
// belongs to: an outline's /Count or a /Count inside a page's resources must not be read as the
// page tree's. Strings, comments and stream bodies are skipped whole, because their bytes can
// contain anything, "<<" and "/Type /Page" included. Every step advances `pos`, and the look-ahead
// for "n g R" covers at most three tokens, so the work is linear in the input.
#include "chat/pdf_pages.h"

#include <algorithm>
#include <cstdint>
#include <vector>

namespace tokenmeter {
namespace {

bool is_pdf_space(char c) {
  return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == '\0';
}

bool is_pdf_delimiter(char c) {
  return c == '(' || c == ')' || c == '<' || c == '>' || c == '[' || c == ']' || c == '{' ||
         c == '}' || c == '/' || c == '%';
}

bool is_regular(char c) { return !is_pdf_space(c) && !is_pdf_delimiter(c); }

bool is_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// One dictionary being read: whether it is a page-tree node or a page, and its /Count.
struct Dict {
  bool pages_node = false;
  bool page = false;
  bool has_count = false;
  size_t count = 0;
};

class PageScanner {
 public:
  explicit PageScanner(std::string_view bytes) : b_(bytes) {}

  size_t run() {
    while (pos_ < b_.size()) step();
    while (depth_ > 0) close_dict();  // a truncated file still reports what it declared
    return max_count_ > 0 ? max_count_ : page_objects_;
  }

 private:
  // Deeper nesting is still tracked by depth_ but not recorded: page-tree nodes are shallow, and
  // the cap keeps memory bounded on "<<<<<<<<...".
  static constexpr size_t kMaxRecordedDepth = 64;

  enum class Expect { kNothing, kTypeName, kCountValue };

  void step() {
    char c = b_[pos_];
    if (is_pdf_space(c)) {
      ++pos_;
      return;
    }
    if (c == '%') return skip_comment();
    if (c == '(') return skip_literal_string();
    if (c == '/') return read_name();
    if (c == '<' && next_is('<')) {
      pos_ += 2;
      open_dict();
      return;
    }
    if (c == '>' && next_is('>')) {
      pos_ += 2;
      close_dict();
      return;
    }
    if (c == '<') return skip_hex_string();
    if (is_pdf_delimiter(c)) {  // [ ] { } and stray ) >
      ++pos_;
      expect_ = Expect::kNothing;
      return;
    }
    read_regular_token();
  }

  bool next_is(char c) const { return pos_ + 1 < b_.size() && b_[pos_ + 1] == c; }

  Dict* current() { return depth_ > 0 && depth_ <= dicts_.size() ? &dicts_[depth_ - 1] : nullptr; }

  void open_dict() {
    ++depth_;
    if (depth_ <= kMaxRecordedDepth) dicts_.resize(depth_);
    if (Dict* d = current()) *d = Dict{};
    expect_ = Expect::kNothing;
  }

  void close_dict() {
    expect_ = Expect::kNothing;
    if (depth_ == 0) return;  // unbalanced ">>": ignore
    if (Dict* d = current(); d && d->pages_node && d->has_count) {
      max_count_ = std::max(max_count_, d->count);
    }
    --depth_;
  }

  void skip_comment() {
    while (pos_ < b_.size() && b_[pos_] != '\n' && b_[pos_] != '\r') ++pos_;
  }

  // ( ... ) with balanced inner parentheses and backslash escapes.
  void skip_literal_string() {
    expect_ = Expect::kNothing;
    size_t open = 0;
    while (pos_ < b_.size()) {
      char c = b_[pos_++];
      if (c == '\\') {
        ++pos_;  // may step one past the end; the loop condition stops there
      } else if (c == '(') {
        ++open;
      } else if (c == ')' && --open == 0) {
        return;
      }
    }
    pos_ = b_.size();
  }

  void skip_hex_string() {
    expect_ = Expect::kNothing;
    size_t end = b_.find('>', pos_);
    pos_ = end == std::string_view::npos ? b_.size() : end + 1;
  }

  std::string_view take_regular_run() {
    size_t start = pos_;
    while (pos_ < b_.size() && is_regular(b_[pos_])) ++pos_;
    return b_.substr(start, pos_ - start);
  }

  void read_name() {
    ++pos_;  // '/'
    std::string_view name = take_regular_run();
    Dict* d = current();
    if (expect_ == Expect::kTypeName) {
      expect_ = Expect::kNothing;
      if (d && name == "Pages") d->pages_node = true;
      if (d && name == "Page" && !d->page) {
        d->page = true;
        ++page_objects_;
      }
      return;
    }
    expect_ = name == "Type" ? Expect::kTypeName
              : name == "Count" ? Expect::kCountValue
                                : Expect::kNothing;
  }

  void read_regular_token() {
    std::string_view token = take_regular_run();
    if (token == "stream") return skip_stream_body();
    if (expect_ == Expect::kCountValue && is_digits(token) && !reference_follows()) {
      if (Dict* d = current()) {
        d->has_count = true;
        d->count = parse_saturating(token);
      }
    }
    expect_ = Expect::kNothing;
  }

  // After a number: is it the object number of an indirect reference "n g R"? Then it is not the
  // count itself. Only looks; `pos_` is unchanged.
  bool reference_follows() const {
    size_t p = pos_;
    auto skip_space = [&] { while (p < b_.size() && is_pdf_space(b_[p])) ++p; };
    auto take = [&] {
      size_t start = p;
      while (p < b_.size() && is_regular(b_[p])) ++p;
      return b_.substr(start, p - start);
    };
    skip_space();
    if (!is_digits(take())) return false;
    skip_space();
    return take() == "R";
  }

  static size_t parse_saturating(std::string_view digits) {
    constexpr size_t kCap = SIZE_MAX / 10 - 9;
    size_t value = 0;
    for (char c : digits) {
      if (value > kCap) return SIZE_MAX;
      value = value * 10 + static_cast<size_t>(c - '0');
    }
    return value;
  }

  // Stream data is arbitrary bytes up to "endstream". A missing terminator ends the scan.
  void skip_stream_body() {
    expect_ = Expect::kNothing;
    size_t end = b_.find("endstream", pos_);
    pos_ = end == std::string_view::npos ? b_.size() : end + 9;
  }

  std::string_view b_;
  size_t pos_ = 0;
  size_t depth_ = 0;
  std::vector<Dict> dicts_;  // dicts_[i] describes nesting level i + 1, up to kMaxRecordedDepth
  Expect expect_ = Expect::kNothing;
  size_t max_count_ = 0;
  size_t page_objects_ = 0;
};

}  // namespace

std::optional<size_t> count_pdf_pages(std::string_view bytes) {
  if (bytes.substr(0, 5) != "%PDF-") return std::nullopt;
  return PageScanner(bytes).run();
}

}  // namespace tokenmeter
