#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <string>
#include <unordered_map>
#include <vector>

#include "bpe/rank_file.h"
#include "bpe/rank_table.h"
#include "encoding/encoding_specs.h"
#include "test_vocab.h"
#include "util/error.h"

using tokenmeter::Error;
using tokenmeter::ErrorCode;

namespace {

ErrorCode code_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.code();
  }
  ADD_FAILURE() << "expected a tokenmeter::Error";
  return ErrorCode::kInvalidArgument;
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

}  // namespace

TEST(RankFile, ParsesRanksAndGaps) {
  auto ranks = tokenmeter::parse_rank_file("YQ== 0\nYg== 2\n");
  ASSERT_EQ(ranks.size(), 3u);
  EXPECT_EQ(ranks[0], "a");
  EXPECT_EQ(ranks[1], "");
  EXPECT_EQ(ranks[2], "b");
}

TEST(RankFile, RejectsMalformedLines) {
  EXPECT_EQ(code_of([] { tokenmeter::parse_rank_file("YQ==0\n"); }), ErrorCode::kVocabCorrupt);
  EXPECT_EQ(code_of([] { tokenmeter::parse_rank_file("Y!== 0\n"); }), ErrorCode::kVocabCorrupt);
  EXPECT_EQ(code_of([] { tokenmeter::parse_rank_file("YQ== x\n"); }), ErrorCode::kVocabCorrupt);
  EXPECT_EQ(code_of([] { tokenmeter::parse_rank_file("YQ== 0\nYg== 0\n"); }), ErrorCode::kVocabCorrupt);
  EXPECT_EQ(code_of([] { tokenmeter::parse_rank_file("YQ== 999999999\n"); }), ErrorCode::kVocabCorrupt);
  // A rank far beyond what the file's size allows (found by fuzzing: it allocated ~640 MB).
  EXPECT_EQ(code_of([] { tokenmeter::parse_rank_file("AA== 16777215\n"); }), ErrorCode::kVocabCorrupt);
  EXPECT_EQ(code_of([] { tokenmeter::parse_rank_file("AA== 15\n"); }), ErrorCode::kVocabCorrupt);
  EXPECT_EQ(tokenmeter::parse_rank_file("AA== 7\n").size(), 8u);  // 7 bytes of file: rank 7 is allowed
  EXPECT_EQ(code_of([] { tokenmeter::parse_rank_file(""); }), ErrorCode::kVocabCorrupt);
}

TEST(RankFile, ShippedFilesMatchTheirPublishedHashes) {
  for (const auto& spec : tokenmeter::encoding_specs()) {
    auto ranks = tokenmeter::load_rank_file(tokenmeter_test::vocab_dir() + "/" + spec.rank_file, spec.rank_sha256);
    EXPECT_GT(ranks.size(), 50000u) << spec.name;
  }
}

TEST(RankFile, RefusesAFileWithAnotherHash) {
  std::string text = read_file(tokenmeter_test::vocab_dir() + "/r50k_base.tiktoken");
  ASSERT_FALSE(text.empty());
  text[10] = text[10] == 'A' ? 'B' : 'A';  // one changed byte
  std::string path = ::testing::TempDir() + "/tampered.tiktoken";
  std::ofstream(path, std::ios::binary) << text;
  const auto* spec = tokenmeter::find_encoding_spec("r50k_base");
  EXPECT_EQ(code_of([&] { tokenmeter::load_rank_file(path, spec->rank_sha256); }), ErrorCode::kVocabHashMismatch);
  std::remove(path.c_str());
}

TEST(RankFile, MissingFileIsVocabNotFound) {
  EXPECT_EQ(code_of([] { tokenmeter::load_rank_file("/nonexistent/x.tiktoken", "00"); }), ErrorCode::kVocabNotFound);
}

TEST(RankTable, FindsKnownCl100kTokens) {
  const auto* spec = tokenmeter::find_encoding_spec("cl100k_base");
  tokenmeter::RankTable table(
      tokenmeter::load_rank_file(tokenmeter_test::vocab_dir() + "/" + spec->rank_file, spec->rank_sha256));
  EXPECT_EQ(table.find("hello"), 15339u);
  EXPECT_EQ(table.find(" world"), 1917u);
  EXPECT_EQ(table.find("!"), 0u);
  EXPECT_EQ(table.find("definitely not one token"), tokenmeter::kNoRank);
  EXPECT_EQ(table.size(), 100256u);
  for (uint32_t rank : {0u, 15339u, 1917u, 100255u}) {
    ASSERT_TRUE(table.has_rank(rank));
    EXPECT_EQ(table.find(table.bytes_of(rank)), rank);
  }
  EXPECT_FALSE(table.has_rank(100256u));
}

TEST(RankTable, RejectsAVocabularyWithoutEveryByte) {
  std::vector<std::string> ranks = {"a", "b"};
  EXPECT_EQ(code_of([&] { tokenmeter::RankTable table(ranks); }), ErrorCode::kVocabCorrupt);
}

// Short tokens live packed in their slots and long ones behind a hash, so both paths, and strings
// that differ from a token only in length or in a trailing zero byte, are checked against a plain
// map for every token of the two largest vocabularies; find_rare (filter first) must agree too.
TEST(RankTable, AgreesWithAMapOnEveryTokenAndItsNeighbours) {
  for (const char* name : {"cl100k_base", "o200k_base"}) {
    const auto* spec = tokenmeter::find_encoding_spec(name);
    std::vector<std::string> tokens =
        tokenmeter::load_rank_file(tokenmeter_test::vocab_dir() + "/" + spec->rank_file, spec->rank_sha256);
    std::unordered_map<std::string, uint32_t> reference;
    for (uint32_t rank = 0; rank < tokens.size(); ++rank) {
      if (!tokens[rank].empty()) reference.emplace(tokens[rank], rank);
    }
    tokenmeter::RankTable table(tokens);
    auto expected = [&](const std::string& bytes) {
      auto it = reference.find(bytes);
      return it == reference.end() ? tokenmeter::kNoRank : it->second;
    };
    size_t checked = 0;
    for (const auto& [bytes, rank] : reference) {
      ASSERT_EQ(table.find(bytes), rank) << name << " rank " << rank;
      ASSERT_EQ(table.find_rare(bytes.data(), bytes.size()), rank) << name << " rank " << rank;
      ASSERT_EQ(table.bytes_of(rank), bytes);
      for (const std::string& near : {bytes.substr(0, bytes.size() - 1), bytes + std::string(1, '\0'),
                                      bytes + "x", std::string(1, '\0') + bytes}) {
        if (near.empty()) continue;
        ASSERT_EQ(table.find(near), expected(near)) << name << " near rank " << rank;
        ASSERT_EQ(table.find_rare(near.data(), near.size()), expected(near)) << name << " near rank " << rank;
        ++checked;
      }
    }
    EXPECT_GT(checked, reference.size() * 3);
  }
}

TEST(RankTable, RejectsTheSameBytesUnderTwoRanks) {
  std::vector<std::string> all_bytes;
  for (int b = 0; b < 256; ++b) all_bytes.push_back(std::string(1, static_cast<char>(b)));
  for (const std::string& twice : {std::string("a"), std::string("ab"), std::string("a long token!")}) {
    std::vector<std::string> ranks = all_bytes;
    ranks.push_back("ab");
    ranks.push_back("a long token!");
    ranks.push_back("other");
    ranks.push_back(twice);
    EXPECT_EQ(code_of([&] { tokenmeter::RankTable table(ranks); }), ErrorCode::kVocabCorrupt) << twice;
  }
  std::vector<std::string> fine = all_bytes;
  fine.push_back("ab");
  EXPECT_EQ(tokenmeter::RankTable(fine).find("ab"), 256u);
}
