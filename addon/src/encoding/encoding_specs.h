// Encodings as data: which rank file, which pre-tokenizer, which special tokens.
// Adding an encoding means adding a row in encoding_specs.cc, nothing else.
#pragma once

#include <string>
#include <vector>

#include "encoding/special_tokens.h"
#include "pretokenize/pretokenizer.h"

namespace tokenmeter {

struct EncodingSpec {
  std::string name;
  std::string rank_file;    // file name inside the vocab directory
  std::string rank_sha256;  // published SHA-256 of that file
  PatternFamily family;
  std::vector<SpecialToken> special_tokens;
  unsigned explicit_n_vocab;  // tiktoken's declared vocabulary size, checked at load; 0 = none
};

const std::vector<EncodingSpec>& encoding_specs();
// The spec named `name`, or nullptr.
const EncodingSpec* find_encoding_spec(const std::string& name);

}  // namespace tokenmeter
