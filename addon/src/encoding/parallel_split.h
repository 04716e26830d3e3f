// Where a long text may be cut so that encoding the parts separately gives exactly the tokens of
// encoding it whole.
//
// A cut is safe at a position every pattern family treats as a pre-token boundary whatever comes
// before or after, and where a piece ending there is tokenized the same whether the text goes on
// or stops:
//   - before the space in  <ASCII letter> ' ' <ASCII letter>   ("word| word"): a letter run ends
//     at the letter, and " word" starts a piece in all three families;
//   - after the newline in <printable ASCII, not space> '\n' <ASCII letter>: the newline piece
//     ends there and no piece can run from a newline into a letter. (A whitespace run before the
//     newline would be split differently by r50k at the end of a text, hence the first condition.)
// Special tokens are handled before this: cuts are only made inside special-free segments.
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

namespace tokenmeter {

// The first safe cut at or after `from` (and before text.size()), or text.size() if none.
size_t next_safe_cut(std::string_view text, size_t from);

// Cuts `text` into about `parts` pieces of similar size at safe cuts; returns the boundaries,
// starting with 0 and ending with text.size().
std::vector<size_t> plan_cuts(std::string_view text, size_t parts);

}  // namespace tokenmeter
