#include "encoding/parallel_split.h"

namespace tokenmeter {
namespace {

inline bool is_ascii_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
inline bool is_printable_non_space(char c) { return c > ' ' && c < 0x7f; }

}  // namespace

size_t next_safe_cut(std::string_view text, size_t from) {
  const size_t n = text.size();
  for (size_t p = from < 2 ? 2 : from; p + 1 < n; ++p) {
    char c = text[p];
    if (c == ' ' && is_ascii_letter(text[p - 1]) && is_ascii_letter(text[p + 1])) return p;
    if (is_ascii_letter(c) && text[p - 1] == '\n' && is_printable_non_space(text[p - 2])) return p;
  }
  return n;
}

std::vector<size_t> plan_cuts(std::string_view text, size_t parts) {
  std::vector<size_t> cuts{0};
  if (parts < 1) parts = 1;
  const size_t step = text.size() / parts;
  for (size_t i = 1; i < parts; ++i) {
    size_t target = step * i;
    if (target <= cuts.back()) continue;
    size_t cut = next_safe_cut(text, target);
    if (cut >= text.size()) break;
    cuts.push_back(cut);
  }
  cuts.push_back(text.size());
  return cuts;
}

}  // namespace tokenmeter
