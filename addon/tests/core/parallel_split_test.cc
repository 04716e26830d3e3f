#include <gtest/gtest.h>

#include "encoding/parallel_split.h"

using tokenmeter::next_safe_cut;
using tokenmeter::plan_cuts;

TEST(ParallelSplit, CutsBeforeASpaceBetweenLetters) {
  std::string text = "12 34 word word";
  EXPECT_EQ(next_safe_cut(text, 0), 10u);  // "word| word"
}

TEST(ParallelSplit, CutsAfterANewlineFollowingPrintableText) {
  std::string text = "x!\nabc";
  EXPECT_EQ(next_safe_cut(text, 0), 3u);
  // Whitespace before the newline is not a safe cut (r50k would split it differently at the end).
  std::string unsafe = "x \nabc";
  EXPECT_EQ(next_safe_cut(unsafe, 0), unsafe.size());
}

TEST(ParallelSplit, NoCutInTextWithoutBoundaries) {
  std::string text(1000, 'a');
  EXPECT_EQ(next_safe_cut(text, 0), text.size());
  auto cuts = plan_cuts(text, 4);
  EXPECT_EQ(cuts, (std::vector<size_t>{0, 1000}));
}

TEST(ParallelSplit, PlansIncreasingCutsCoveringTheText) {
  std::string text;
  for (int i = 0; i < 1000; ++i) text += "lorem ipsum dolor ";
  auto cuts = plan_cuts(text, 4);
  ASSERT_EQ(cuts.size(), 5u);
  EXPECT_EQ(cuts.front(), 0u);
  EXPECT_EQ(cuts.back(), text.size());
  for (size_t i = 1; i < cuts.size(); ++i) EXPECT_LT(cuts[i - 1], cuts[i]);
  for (size_t i = 1; i + 1 < cuts.size(); ++i) EXPECT_EQ(text[cuts[i]], ' ');
}
