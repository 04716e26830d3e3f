// Shared by the core tests: where the rank files are, and the loaded shipped encodings.
#pragma once

#include <string>

#include "encoding/registry.h"

namespace tokenmeter_test {

inline std::string vocab_dir() { return TOKENMETER_VOCAB_DIR; }

inline std::shared_ptr<const tokenmeter::Encoding> encoding(const std::string& name) {
  return tokenmeter::get_encoding(name, vocab_dir());
}

}  // namespace tokenmeter_test
