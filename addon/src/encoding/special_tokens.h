// The special tokens of an encoding (e.g. "<|endoftext|>") and how they are found in text.
//
// tiktoken looks for special tokens before pre-tokenizing: text is cut at each allowed special
// token, and the regex never runs across one. Finding them is a byte-trie walk started only at
// bytes that can begin a special token (memchr when they all share a first byte, as the shipped
// ones do), so text without '<' costs one memchr.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace tokenmeter {

struct SpecialToken {
  std::string text;
  uint32_t id;
};

// Which special tokens a call treats as special, resolved to indices of SpecialTokenSet::tokens().
// Mirrors tiktoken's encode(text, allowed_special, disallowed_special).
struct SpecialPolicy {
  std::vector<uint8_t> allowed;     // per special-token index: encode as the special id
  std::vector<uint8_t> disallowed;  // per index: its presence in the text is an error
  // tiktoken searches the text for every disallowed string it is given, special token or not.
  std::vector<std::string> disallowed_other;
  bool any_allowed = false;
  bool any_disallowed = false;
};

class SpecialTokenSet {
 public:
  explicit SpecialTokenSet(std::vector<SpecialToken> tokens);

  const std::vector<SpecialToken>& tokens() const { return tokens_; }
  // Index of the token with this exact text, or -1.
  int index_of(std::string_view text) const;

  // Leftmost occurrence at or after `from` of a special token whose index passes `wanted`
  // (a per-index flag vector). Returns {position, index}, or {npos, -1}.
  std::pair<size_t, int> find(std::string_view text, size_t from, const std::vector<uint8_t>& wanted) const;

  // Longest special token starting exactly at `pos`, or -1.
  int match_at(std::string_view text, size_t pos) const;

  // Policies for the common calls, built once: nothing special (encode_ordinary), the tiktoken
  // default (nothing allowed, everything disallowed) and everything allowed.
  const SpecialPolicy& ordinary_policy() const { return ordinary_; }
  const SpecialPolicy& default_policy() const { return default_; }
  const SpecialPolicy& allow_all_policy() const { return allow_all_; }

  // tiktoken's rule: allowed = "all" or a list; disallowed = "all" (meaning every special token
  // that is not allowed) or a list. Allowed names that are not special tokens are ignored; disallowed
  // strings that are not special tokens are still errors when they occur in the text (tiktoken builds
  // its check from the strings as given).
  SpecialPolicy make_policy(bool allow_all, const std::vector<std::string>& allowed, bool disallow_all,
                            const std::vector<std::string>& disallowed) const;

 private:
  struct TrieNode {
    std::vector<std::pair<uint8_t, uint32_t>> children;  // sorted by byte
    int token_index = -1;
  };
  void insert(const std::string& text, int index);

  std::vector<SpecialToken> tokens_;
  std::vector<TrieNode> trie_;
  bool can_start_[256] = {};
  int common_first_byte_ = -1;  // the first byte every token shares, or -1
  SpecialPolicy ordinary_, default_, allow_all_;
};

}  // namespace tokenmeter
