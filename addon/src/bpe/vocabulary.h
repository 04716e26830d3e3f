// Everything BPE needs about one rank file: bytes <-> rank, and merges by token id.
// Built once per process per rank file and shared read-only.
#pragma once

#include <string>
#include <vector>

#include "bpe/pair_table.h"
#include "bpe/rank_table.h"

namespace tokenmeter {

// Not copyable or movable: `pairs` refers to `ranks`.
struct Vocabulary {
  explicit Vocabulary(std::vector<std::string> token_bytes) : ranks(std::move(token_bytes)), pairs(ranks) {}
  Vocabulary(const Vocabulary&) = delete;
  Vocabulary& operator=(const Vocabulary&) = delete;
  RankTable ranks;
  PairTable pairs;
};

}  // namespace tokenmeter
