// The two merge implementations against each other and against a plain reference BPE written
// here as directly as the rule reads (quadratic, obviously correct, slow).
#include <gtest/gtest.h>

#include <random>

#include "bpe/byte_pair_merge.h"
#include "reference_bpe.h"
#include "test_vocab.h"

using tokenmeter::kNoRank;
using tokenmeter::MergeScratch;
using tokenmeter::RankTable;
using tokenmeter::Vocabulary;

namespace {

using tokenmeter_test::reference_bpe;

std::string random_piece(std::mt19937& rng, size_t len) {
  // Mostly letters from a small alphabet (so merges happen), some arbitrary bytes.
  static const std::string alphabet = "aaabcdeeeinorst ";
  std::string s;
  for (size_t i = 0; i < len; ++i) {
    if (rng() % 10 == 0) {
      s.push_back(static_cast<char>(rng() % 256));
    } else {
      s.push_back(alphabet[rng() % alphabet.size()]);
    }
  }
  return s;
}

class MergeTest : public ::testing::TestWithParam<std::string> {};

TEST_P(MergeTest, ScanHeapAndReferenceAgree) {
  const Vocabulary& vocab = tokenmeter_test::encoding(GetParam())->vocabulary();
  const RankTable& ranks = vocab.ranks;
  std::mt19937 rng(1234);
  MergeScratch scratch;
  for (int round = 0; round < 400; ++round) {
    std::string piece = random_piece(rng, 1 + rng() % 90);
    std::vector<uint32_t> scan, heap;
    tokenmeter::byte_pair_encode_scan(vocab, piece, scan, scratch);
    tokenmeter::byte_pair_encode_heap(vocab, piece, heap, scratch);
    std::vector<uint32_t> expected = reference_bpe(ranks, piece);
    ASSERT_EQ(scan, expected) << "piece #" << round;
    ASSERT_EQ(heap, expected) << "piece #" << round;
  }
}

TEST_P(MergeTest, RepeatedCharactersAgree) {
  const Vocabulary& vocab = tokenmeter_test::encoding(GetParam())->vocabulary();
  const RankTable& ranks = vocab.ranks;
  MergeScratch scratch;
  for (char c : std::string("a 0\n=")) {
    for (size_t len : {2u, 3u, 7u, 16u, 33u, 100u, 257u}) {
      std::string piece(len, c);
      std::vector<uint32_t> scan, heap;
      tokenmeter::byte_pair_encode_scan(vocab, piece, scan, scratch);
      tokenmeter::byte_pair_encode_heap(vocab, piece, heap, scratch);
      ASSERT_EQ(scan, heap) << "char " << int(c) << " x" << len;
      ASSERT_EQ(scan, reference_bpe(ranks, piece)) << "char " << int(c) << " x" << len;
    }
  }
}

TEST_P(MergeTest, TokensSpellThePiece) {
  const Vocabulary& vocab = tokenmeter_test::encoding(GetParam())->vocabulary();
  const RankTable& ranks = vocab.ranks;
  std::mt19937 rng(99);
  MergeScratch scratch;
  for (int round = 0; round < 50; ++round) {
    std::string piece = random_piece(rng, 200 + rng() % 2000);
    std::vector<uint32_t> ids;
    tokenmeter::byte_pair_encode(vocab, piece, ids, scratch);
    std::string spelled;
    for (uint32_t id : ids) spelled += std::string(ranks.bytes_of(id));
    ASSERT_EQ(spelled, piece);
  }
}

INSTANTIATE_TEST_SUITE_P(Encodings, MergeTest, ::testing::Values("r50k_base", "cl100k_base", "o200k_base"));

}  // namespace
