// Developer tool for the pre-tokenizer oracle check (scripts/check-pretokenizer.mjs).
//
// Usage: pretokenize_dump <r50k|cl100k|o200k> < text
// Reads all of stdin as one segment, splits it with the family's scanner and prints the byte
// length of each piece, one per line. Exit status 2 on a usage error.
#include <cstdio>
#include <cstring>
#include <iostream>
#include <iterator>
#include <string>

#include "pretokenize/pretokenizer.h"

int main(int argc, char** argv) {
  using tokenmeter::PatternFamily;
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s <r50k|cl100k|o200k> < text\n", argv[0]);
    return 2;
  }
  PatternFamily family;
  if (std::strcmp(argv[1], "r50k") == 0) {
    family = PatternFamily::kR50k;
  } else if (std::strcmp(argv[1], "cl100k") == 0) {
    family = PatternFamily::kCl100k;
  } else if (std::strcmp(argv[1], "o200k") == 0) {
    family = PatternFamily::kO200k;
  } else {
    std::fprintf(stderr, "unknown pattern family: %s\n", argv[1]);
    return 2;
  }
  std::ios::sync_with_stdio(false);
  const std::string text((std::istreambuf_iterator<char>(std::cin)), std::istreambuf_iterator<char>());
  const tokenmeter::PieceEndFn piece_end = tokenmeter::piece_end_function(family);

  std::string out;
  out.reserve(text.size());
  char buf[24];
  for (std::size_t start = 0; start < text.size();) {
    const std::size_t end = piece_end(text, start);
    if (end <= start || end > text.size()) {
      std::fprintf(stderr, "pretokenize_dump: bad piece end %zu at %zu\n", end, start);
      return 1;
    }
    const int len = std::snprintf(buf, sizeof buf, "%zu\n", end - start);
    out.append(buf, static_cast<std::size_t>(len));
    start = end;
  }
  std::fwrite(out.data(), 1, out.size(), stdout);
  return 0;
}
