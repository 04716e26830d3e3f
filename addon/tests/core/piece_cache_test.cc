// The per-thread piece cache must answer only for the exact bytes and vocabulary it stored, and
// stay correct when its arena fills up and it starts over.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "bpe/rank_table.h"
#include "encoding/piece_cache.h"

using tokenmeter::PieceCache;
using tokenmeter::RankTable;

namespace {

std::vector<uint32_t> found(const PieceCache& cache, uint32_t vocab, const std::string& piece) {
  PieceCache::Tokens hit = cache.find(vocab, piece, RankTable::hash_bytes(piece.data(), piece.size()));
  if (hit.data == nullptr) return {};
  return std::vector<uint32_t>(hit.data, hit.data + hit.size);
}

void store(PieceCache& cache, uint32_t vocab, const std::string& piece, const std::vector<uint32_t>& tokens) {
  cache.store(vocab, piece, RankTable::hash_bytes(piece.data(), piece.size()), tokens.data(), tokens.size());
}

}  // namespace

TEST(PieceCache, ReturnsWhatWasStoredForTheSameBytesAndVocabularyOnly) {
  PieceCache cache;
  EXPECT_TRUE(found(cache, 1, "hello").empty());  // empty cache, nothing allocated yet
  store(cache, 1, "hello", {7, 8});
  EXPECT_EQ(found(cache, 1, "hello"), (std::vector<uint32_t>{7, 8}));
  EXPECT_TRUE(found(cache, 2, "hello").empty());
  EXPECT_TRUE(found(cache, 1, "hellp").empty());
  EXPECT_TRUE(found(cache, 1, "hell").empty());
  store(cache, 2, "hello", {9});  // same set, other vocabulary: both fit (two ways)
  EXPECT_EQ(found(cache, 2, "hello"), (std::vector<uint32_t>{9}));
  EXPECT_EQ(found(cache, 1, "hello"), (std::vector<uint32_t>{7, 8}));
  store(cache, 3, "hello", {10});  // a third: replaces the older of the two
  EXPECT_EQ(found(cache, 3, "hello"), (std::vector<uint32_t>{10}));
  EXPECT_EQ(found(cache, 2, "hello"), (std::vector<uint32_t>{9}));
  EXPECT_TRUE(found(cache, 1, "hello").empty());
}

TEST(PieceCache, IgnoresPiecesAboveTheLimit) {
  PieceCache cache;
  std::string longest(PieceCache::kMaxPieceBytes, 'a');
  std::string too_long(PieceCache::kMaxPieceBytes + 1, 'a');
  store(cache, 1, longest, {1, 2, 3});
  store(cache, 1, too_long, {4});
  EXPECT_EQ(found(cache, 1, longest), (std::vector<uint32_t>{1, 2, 3}));
  EXPECT_TRUE(found(cache, 1, too_long).empty());
}

TEST(PieceCache, StaysExactWhenTheArenaFillsAndStartsOver) {
  PieceCache cache;
  // Each entry takes 64 token words + 64 byte words; a few thousand of them wrap the arena
  // several times. Whatever is found must be exactly what was stored for that piece.
  const size_t entries = 4 * PieceCache::kArenaWords / 128;
  std::vector<uint32_t> tokens(64);
  size_t hits_after_wrap = 0;
  for (size_t i = 0; i < entries; ++i) {
    std::string piece = std::to_string(i);
    piece.resize(256, static_cast<char>('a' + i % 26));
    for (size_t t = 0; t < tokens.size(); ++t) tokens[t] = static_cast<uint32_t>(i * 100 + t);
    store(cache, 1, piece, tokens);
    ASSERT_EQ(found(cache, 1, piece), tokens) << "entry " << i;
    if (i >= 16) {
      // An older entry is either gone or intact, never another piece's tokens.
      std::string older = std::to_string(i - 16);
      older.resize(256, static_cast<char>('a' + (i - 16) % 26));
      std::vector<uint32_t> got = found(cache, 1, older);
      if (!got.empty()) {
        ASSERT_EQ(got.front(), (i - 16) * 100);
        ++hits_after_wrap;
      }
    }
  }
  EXPECT_GT(hits_after_wrap, 0u);
  EXPECT_LT(hits_after_wrap, entries - 16);  // some were dropped by the resets
}
