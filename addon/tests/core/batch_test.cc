// Batches (Encoding::count_many / encode_many) and the helper threads behind them and behind
// encode_parallel: same results as a plain loop, whatever the thread count, from many callers at
// once, with errors reported as the loop would report them.
#include <gtest/gtest.h>

#include <atomic>
#include <random>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "encoding/helper_pool.h"
#include "encoding/registry.h"
#include "test_vocab.h"
#include "util/error.h"

namespace {

std::vector<std::string> short_texts(size_t count, unsigned seed) {
  static const char* parts[] = {"hello", " world", "日本語", "  ", "\n", "1234567", "don't", "🎉", "x<y", "<|endoftext|>",
                                "Ωmega", "\t\t", "naïve", "{\"k\": 1}"};
  std::mt19937 rng(seed);
  std::vector<std::string> texts(count);
  for (auto& text : texts) {
    for (unsigned n = rng() % 12; n > 0; --n) text += parts[rng() % (sizeof(parts) / sizeof(parts[0]))];
  }
  return texts;
}

std::vector<std::string_view> views_of(const std::vector<std::string>& texts) {
  return std::vector<std::string_view>(texts.begin(), texts.end());
}

}  // namespace

TEST(HelperPool, RunsEveryItemExactlyOnceFromManyCallersAtOnce) {
  std::vector<std::thread> callers;
  std::atomic<int> failures{0};
  for (int c = 0; c < 6; ++c) {
    callers.emplace_back([&, c] {
      for (int round = 0; round < 50; ++round) {
        const size_t items = 1 + (c * 37 + round * 11) % 300;
        std::vector<std::atomic<int>> seen(items);
        tokenmeter::run_on_helpers(items, 4, [&](size_t i) { seen[i]++; });
        for (auto& s : seen) {
          if (s.load() != 1) failures++;
        }
      }
    });
  }
  for (auto& t : callers) t.join();
  EXPECT_EQ(failures.load(), 0);
}

TEST(HelperPool, RethrowsTheFailureAndStaysUsable) {
  EXPECT_THROW(tokenmeter::run_on_helpers(1000, 2,
                                          [](size_t i) {
                                            if (i == 500) throw std::runtime_error("item 500");
                                          }),
               std::runtime_error);
  std::atomic<size_t> sum{0};
  tokenmeter::run_on_helpers(100, 2, [&](size_t i) { sum += i; });
  EXPECT_EQ(sum.load(), 4950u);
}

TEST(Batch, CountManyAndEncodeManyEqualALoopAtEveryThreadCount) {
  for (const char* name : {"cl100k_base", "o200k_base", "r50k_base"}) {
    auto enc = tokenmeter_test::encoding(name);
    const auto& policy = enc->specials().allow_all_policy();
    // Large enough (> 32 KB per thread) that 2 and 4 threads really split the batch.
    std::vector<std::string> texts = short_texts(6000, 7);
    std::vector<uint32_t> loop_counts, loop_ids, loop_ends;
    for (const auto& text : texts) {
      loop_counts.push_back(static_cast<uint32_t>(enc->count(text, policy)));
      enc->encode(text, policy, loop_ids);
      loop_ends.push_back(static_cast<uint32_t>(loop_ids.size()));
    }
    for (unsigned threads : {1u, 2u, 4u}) {
      std::vector<uint32_t> counts, ids, ends;
      enc->count_many(views_of(texts), policy, threads, counts);
      enc->encode_many(views_of(texts), policy, threads, ids, ends);
      EXPECT_EQ(counts, loop_counts) << name << " threads " << threads;
      EXPECT_EQ(ids, loop_ids) << name << " threads " << threads;
      EXPECT_EQ(ends, loop_ends) << name << " threads " << threads;
    }
  }
}

TEST(Batch, EncodeManyAppendsAfterWhatIsAlreadyThere) {
  auto enc = tokenmeter_test::encoding("cl100k_base");
  std::vector<std::string> texts = short_texts(3000, 3);
  std::vector<uint32_t> ids{1, 2, 3}, ends{9};
  enc->encode_many(views_of(texts), enc->specials().allow_all_policy(), 2, ids, ends);
  ASSERT_EQ(ends.size(), texts.size() + 1);
  EXPECT_EQ(ends.back(), ids.size());
  std::vector<uint32_t> first;
  enc->encode(texts[0], enc->specials().allow_all_policy(), first);
  EXPECT_EQ(ends[1], 3 + first.size());
}

TEST(Batch, ADisallowedSpecialIsReportedForTheFirstTextThatHasOne) {
  auto enc = tokenmeter_test::encoding("cl100k_base");
  std::vector<std::string> texts(5000, std::string(20, 'a'));
  texts[4000] = "late <|endofprompt|>";
  texts[1234] = "early <|endoftext|>";
  std::vector<uint32_t> counts;
  try {
    enc->count_many(views_of(texts), enc->specials().default_policy(), 2, counts);
    FAIL();
  } catch (const tokenmeter::Error& e) {
    EXPECT_EQ(e.code(), tokenmeter::ErrorCode::kDisallowedSpecialToken);
    EXPECT_NE(std::string(e.what()).find("<|endoftext|>"), std::string::npos) << e.what();
  }
}

TEST(Batch, CancelStopsALargeBatch) {
  auto enc = tokenmeter_test::encoding("cl100k_base");
  std::vector<std::string> texts = short_texts(20000, 5);
  tokenmeter::CancelFlag cancel;
  cancel.cancel();
  std::vector<uint32_t> counts;
  try {
    enc->count_many(views_of(texts), enc->specials().allow_all_policy(), 2, counts, &cancel);
    FAIL();
  } catch (const tokenmeter::Error& e) {
    EXPECT_EQ(e.code(), tokenmeter::ErrorCode::kAborted);
  }
}
