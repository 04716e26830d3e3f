// Test helpers: run a pre-tokenizer scanner over a whole segment the way the encoder does.
//
// With TOKENMETER_SPLIT_LOG=<file> in the environment, every split is also appended to that file
// (family, text and piece lengths, hex-encoded) so that scripts/check-pretokenizer.mjs
// --verify-log <file> can check each expectation in these tests against the oracle and the
// reference tiktoken.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "pretokenize/pretokenizer.h"

namespace tokenmeter::testing {

using Pieces = std::vector<std::string>;

inline const char* family_name(PieceEndFn piece_end) {
  if (piece_end == &r50k_piece_end) return "r50k";
  if (piece_end == &cl100k_piece_end) return "cl100k";
  if (piece_end == &o200k_piece_end) return "o200k";
  return "unknown";
}

inline void log_split(PieceEndFn piece_end, std::string_view text, const Pieces& pieces) {
  const char* path = std::getenv("TOKENMETER_SPLIT_LOG");
  if (path == nullptr || *path == '\0') return;
  std::FILE* f = std::fopen(path, "a");
  if (f == nullptr) return;
  std::fprintf(f, "%s\t", family_name(piece_end));
  for (unsigned char c : text) std::fprintf(f, "%02x", c);
  std::fputc('\t', f);
  for (std::size_t i = 0; i < pieces.size(); ++i) std::fprintf(f, i ? ",%zu" : "%zu", pieces[i].size());
  std::fputc('\n', f);
  std::fclose(f);
}

// The pieces of `text` under `piece_end`, checking the PieceEndFn contract at every step.
inline Pieces split(PieceEndFn piece_end, std::string_view text) {
  Pieces pieces;
  for (std::size_t start = 0; start < text.size();) {
    const std::size_t end = piece_end(text, start);
    if (end <= start || end > text.size()) {
      pieces.push_back("<contract violated>");
      return pieces;
    }
    pieces.emplace_back(text.substr(start, end - start));
    start = end;
  }
  log_split(piece_end, text, pieces);
  return pieces;
}

}  // namespace tokenmeter::testing
