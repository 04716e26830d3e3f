// Everything BPE needs about one rank file: bytes <-> rank, and merges by token id.
// Built once per process per rank file and shared read-only.
#pragma once

#include <atomic>
#include <string>
#include <vector>

#include "bpe/pair_table.h"
#include "bpe/rank_table.h"

namespace tokenmeter {

// Not copyable or movable: `pairs` refers to `ranks`.
struct Vocabulary {
  explicit Vocabulary(TokenBytes tokens) : ranks(std::move(tokens)), pairs(ranks) {}
  explicit Vocabulary(const std::vector<std::string>& token_bytes) : ranks(token_bytes), pairs(ranks) {}
  Vocabulary(const Vocabulary&) = delete;
  Vocabulary& operator=(const Vocabulary&) = delete;
  RankTable ranks;
  PairTable pairs;
  // Process-unique, never 0: tags per-thread caches (a freed vocabulary's address may be reused).
  uint32_t id = next_id();

 private:
  static uint32_t next_id() {
    static std::atomic<uint32_t> counter{1};
    uint32_t id = counter.fetch_add(1);
    return id != 0 ? id : counter.fetch_add(1);
  }
};

}  // namespace tokenmeter
