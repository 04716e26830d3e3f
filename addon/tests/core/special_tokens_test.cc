#include <gtest/gtest.h>

#include "encoding/special_tokens.h"

using tokenmeter::SpecialTokenSet;

namespace {

SpecialTokenSet sample() {
  return SpecialTokenSet({{"<|endoftext|>", 100}, {"<|fim|>", 101}, {"<|fim_long|>", 102}});
}

}  // namespace

TEST(SpecialTokens, FindsLeftmostWantedToken) {
  SpecialTokenSet set = sample();
  std::string text = "a <|fim|> b <|endoftext|>";
  auto all = set.allow_all_policy().allowed;
  auto hit = set.find(text, 0, all);
  EXPECT_EQ(hit.first, 2u);
  EXPECT_EQ(set.tokens()[hit.second].text, "<|fim|>");
  std::vector<uint8_t> only_eot = {1, 0, 0};
  hit = set.find(text, 0, only_eot);
  EXPECT_EQ(hit.first, 12u);
  EXPECT_EQ(set.find("no specials <| here", 0, all).second, -1);
}

TEST(SpecialTokens, PrefersTheLongestTokenAtAPosition) {
  SpecialTokenSet set = sample();
  EXPECT_EQ(set.tokens()[set.match_at("<|fim_long|>", 0)].text, "<|fim_long|>");
  EXPECT_EQ(set.tokens()[set.match_at("<|fim|>x", 0)].text, "<|fim|>");
  EXPECT_EQ(set.match_at("<|fi", 0), -1);
}

TEST(SpecialTokens, PoliciesFollowTiktokensRule) {
  SpecialTokenSet set = sample();
  // allowed = {eot}, disallowed = "all" -> everything but eot is disallowed.
  auto p = set.make_policy(false, {"<|endoftext|>"}, true, {});
  EXPECT_EQ(p.allowed, (std::vector<uint8_t>{1, 0, 0}));
  EXPECT_EQ(p.disallowed, (std::vector<uint8_t>{0, 1, 1}));
  // allowed = none, disallowed = [] -> nothing special at all.
  p = set.make_policy(false, {}, false, {});
  EXPECT_FALSE(p.any_allowed);
  EXPECT_FALSE(p.any_disallowed);
  // Allowed names that are not special tokens are ignored; disallowed ones are kept as strings
  // to search for, as tiktoken does.
  p = set.make_policy(false, {"<|nope|>"}, false, {"<|also_nope|>"});
  EXPECT_FALSE(p.any_allowed);
  EXPECT_TRUE(p.any_disallowed);
  EXPECT_EQ(p.disallowed_other, (std::vector<std::string>{"<|also_nope|>"}));
}

TEST(SpecialTokens, ArbitraryFirstBytesWork) {
  SpecialTokenSet set({{"[CLS]", 1}, {"<|x|>", 2}});
  auto all = set.allow_all_policy().allowed;
  auto hit = set.find("abc [CLS] <|x|>", 0, all);
  EXPECT_EQ(hit.first, 4u);
  hit = set.find("abc [CLS] <|x|>", 5, all);
  EXPECT_EQ(hit.first, 10u);
}
