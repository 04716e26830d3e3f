#include "encoding/special_tokens.h"

#include <algorithm>
#include <cstring>

namespace tokenmeter {

SpecialTokenSet::SpecialTokenSet(std::vector<SpecialToken> tokens) : tokens_(std::move(tokens)) {
  trie_.emplace_back();
  for (size_t i = 0; i < tokens_.size(); ++i) {
    if (tokens_[i].text.empty()) continue;
    insert(tokens_[i].text, static_cast<int>(i));
    can_start_[static_cast<uint8_t>(tokens_[i].text[0])] = true;
  }
  int starts = 0;
  for (int b = 0; b < 256; ++b) {
    if (can_start_[b]) {
      ++starts;
      common_first_byte_ = b;
    }
  }
  if (starts != 1) common_first_byte_ = -1;

  const size_t n = tokens_.size();
  ordinary_.allowed.assign(n, 0);
  ordinary_.disallowed.assign(n, 0);
  default_.allowed.assign(n, 0);
  default_.disallowed.assign(n, 1);
  default_.any_disallowed = n > 0;
  allow_all_.allowed.assign(n, 1);
  allow_all_.disallowed.assign(n, 0);
  allow_all_.any_allowed = n > 0;
}

void SpecialTokenSet::insert(const std::string& text, int index) {
  uint32_t node = 0;
  for (char c : text) {
    uint8_t byte = static_cast<uint8_t>(c);
    auto& children = trie_[node].children;
    auto it = std::lower_bound(children.begin(), children.end(), std::make_pair(byte, uint32_t{0}),
                               [](const auto& a, const auto& b) { return a.first < b.first; });
    if (it != children.end() && it->first == byte) {
      node = it->second;
    } else {
      uint32_t child = static_cast<uint32_t>(trie_.size());
      children.insert(it, {byte, child});
      trie_.emplace_back();  // may reallocate: `children` is not used after this
      node = child;
    }
  }
  trie_[node].token_index = index;
}

int SpecialTokenSet::index_of(std::string_view text) const {
  for (size_t i = 0; i < tokens_.size(); ++i) {
    if (tokens_[i].text == text) return static_cast<int>(i);
  }
  return -1;
}

int SpecialTokenSet::match_at(std::string_view text, size_t pos) const {
  uint32_t node = 0;
  int best = -1;
  for (size_t p = pos; p < text.size(); ++p) {
    const auto& children = trie_[node].children;
    uint8_t byte = static_cast<uint8_t>(text[p]);
    auto it = std::lower_bound(children.begin(), children.end(), std::make_pair(byte, uint32_t{0}),
                               [](const auto& a, const auto& b) { return a.first < b.first; });
    if (it == children.end() || it->first != byte) break;
    node = it->second;
    if (trie_[node].token_index >= 0) best = trie_[node].token_index;
  }
  return best;
}

std::pair<size_t, int> SpecialTokenSet::find(std::string_view text, size_t from,
                                             const std::vector<uint8_t>& wanted) const {
  const char* data = text.data();
  size_t pos = from;
  while (pos < text.size()) {
    if (common_first_byte_ >= 0) {
      const void* hit = std::memchr(data + pos, common_first_byte_, text.size() - pos);
      if (hit == nullptr) break;
      pos = static_cast<size_t>(static_cast<const char*>(hit) - data);
    } else if (!can_start_[static_cast<uint8_t>(data[pos])]) {
      ++pos;
      continue;
    }
    int index = match_at(text, pos);
    if (index >= 0 && wanted[static_cast<size_t>(index)]) return {pos, index};
    ++pos;
  }
  return {std::string_view::npos, -1};
}

SpecialPolicy SpecialTokenSet::make_policy(bool allow_all, const std::vector<std::string>& allowed,
                                           bool disallow_all,
                                           const std::vector<std::string>& disallowed) const {
  const size_t n = tokens_.size();
  SpecialPolicy policy;
  policy.allowed.assign(n, allow_all ? 1 : 0);
  policy.disallowed.assign(n, 0);
  if (!allow_all) {
    for (const auto& name : allowed) {
      int index = index_of(name);
      if (index >= 0) policy.allowed[static_cast<size_t>(index)] = 1;
    }
  }
  if (disallow_all) {
    for (size_t i = 0; i < n; ++i) policy.disallowed[i] = policy.allowed[i] ? 0 : 1;
  } else {
    for (const auto& name : disallowed) {
      int index = index_of(name);
      if (index >= 0) {
        policy.disallowed[static_cast<size_t>(index)] = 1;
      } else if (!name.empty()) {
        policy.disallowed_other.push_back(name);
      }
    }
  }
  policy.any_disallowed = !policy.disallowed_other.empty();
  for (size_t i = 0; i < n; ++i) {
    policy.any_allowed = policy.any_allowed || policy.allowed[i];
    policy.any_disallowed = policy.any_disallowed || policy.disallowed[i];
  }
  return policy;
}

}  // namespace tokenmeter
