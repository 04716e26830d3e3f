// The BPE rule written as directly as it reads, for the merge tests to compare against: a list of
// byte strings; merge the lowest-ranked adjacent pair, leftmost first, until no pair has a rank.
// Quadratic and obviously correct; short pieces only.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "bpe/rank_table.h"

namespace tokenmeter_test {

inline std::vector<uint32_t> reference_bpe(const tokenmeter::RankTable& ranks, const std::string& piece) {
  std::vector<std::string> parts;
  for (char c : piece) parts.emplace_back(1, c);
  while (true) {
    uint32_t best = tokenmeter::kNoRank;
    size_t at = 0;
    for (size_t i = 0; i + 1 < parts.size(); ++i) {
      const uint32_t r = ranks.find(parts[i] + parts[i + 1]);
      if (r < best) {
        best = r;
        at = i;
      }
    }
    if (best == tokenmeter::kNoRank) break;
    parts[at] += parts[at + 1];
    parts.erase(parts.begin() + static_cast<long>(at) + 1);
  }
  std::vector<uint32_t> ids;
  for (const auto& p : parts) ids.push_back(ranks.find(p));
  return ids;
}

}  // namespace tokenmeter_test
