// Pre-tokenization: splitting text into the pieces that BPE then encodes one by one.
//
// tiktoken defines each encoding's split with a regular expression. tokenmeter implements each
// pattern family as a hand-written scanner over UTF-8 instead of running a regex engine, and the
// golden tests prove the pieces (and so the tokens) identical to the reference.
//
// Contract of every PieceEndFn:
//   - `text` is one segment between special tokens (the regex never spans a special token);
//   - `start < text.size()`; the return value is the exclusive end of the piece starting at
//     `start`, always > start and <= text.size();
//   - never reads outside `text`, and terminates on any bytes: invalid UTF-8 is scanned as
//     single bytes of no character class, so fuzzed input cannot crash or hang it.
#pragma once

#include <cstddef>
#include <string_view>

namespace tokenmeter {

enum class PatternFamily {
  kR50k,    // r50k_base, p50k_base, p50k_edit (GPT-2 pattern)
  kCl100k,  // cl100k_base
  kO200k,   // o200k_base, o200k_harmony
};

using PieceEndFn = std::size_t (*)(std::string_view text, std::size_t start);

std::size_t r50k_piece_end(std::string_view text, std::size_t start);
std::size_t cl100k_piece_end(std::string_view text, std::size_t start);
std::size_t o200k_piece_end(std::string_view text, std::size_t start);

inline PieceEndFn piece_end_function(PatternFamily family) {
  switch (family) {
    case PatternFamily::kR50k: return &r50k_piece_end;
    case PatternFamily::kCl100k: return &cl100k_piece_end;
    case PatternFamily::kO200k: return &o200k_piece_end;
  }
  return &cl100k_piece_end;
}

}  // namespace tokenmeter
