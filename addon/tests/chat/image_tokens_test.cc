#include "chat/image_tokens.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <limits>

using tokenmeter::anthropic_area_tokens;
using tokenmeter::anthropic_patch_tokens;
using tokenmeter::AnthropicAreaRule;
using tokenmeter::AnthropicPatchRule;
using tokenmeter::ImageDetail;
using tokenmeter::ImageSize;
using tokenmeter::openai_patch_tokens;
using tokenmeter::openai_tile_tokens;
using tokenmeter::PatchRule;
using tokenmeter::TileRule;

namespace {

constexpr uint32_t kMaxSide = std::numeric_limits<uint32_t>::max();
constexpr uint64_t kMax64 = std::numeric_limits<uint64_t>::max();

ImageSize sz(uint32_t w, uint32_t h) { return ImageSize{w, h}; }

uint64_t tile_high(uint32_t w, uint32_t h, const TileRule& rule = TileRule{}) {
  return openai_tile_tokens(sz(w, h), ImageDetail::kHigh, rule);
}

const TileRule kGpt4oMini{2833, 5667, 2048, 768, 512};
const TileRule kO3{75, 150, 2048, 768, 512};
const TileRule kGptImage1{65, 129, 2048, 512, 512};

PatchRule patch_rule(double multiplier, uint32_t budget = 1536) {
  PatchRule rule;
  rule.multiplier = multiplier;
  rule.budget = budget;
  return rule;
}

const AnthropicPatchRule kStandard{28, 1568, 1568};
const AnthropicPatchRule kHighRes{28, 2576, 4784};

}  // namespace

// --- OpenAI tiles ---

TEST(OpenAiTiles, DocumentedExamples) {
  EXPECT_EQ(tile_high(1024, 1024), 765u);   // 768² → 4 tiles
  EXPECT_EQ(tile_high(2048, 4096), 1105u);  // 1024×2048 → 768×1536 → 6 tiles
  EXPECT_EQ(openai_tile_tokens(sz(4096, 8192), ImageDetail::kLow, TileRule{}), 85u);
  EXPECT_EQ(openai_tile_tokens(sz(1024, 1024), ImageDetail::kAuto, TileRule{}), 765u);  // auto = high
}

TEST(OpenAiTiles, MeasuredOneTileImages) {
  EXPECT_EQ(tile_high(128, 64), 255u);
  EXPECT_EQ(tile_high(1, 1, kGpt4oMini), 8500u);
  EXPECT_EQ(openai_tile_tokens(sz(1, 1), ImageDetail::kLow, kGpt4oMini), 2833u);
  EXPECT_EQ(tile_high(128, 64, kO3), 225u);
}

TEST(OpenAiTiles, ForumRoundingDataPoints) {
  // 2049×513 → 2048×513 (512.75 rounds up) → 4×2 tiles; 2050×513 → 2048×512 → 4×1 tiles.
  EXPECT_EQ(tile_high(2049, 513), 85u + 170u * 8);
  EXPECT_EQ(tile_high(2050, 513), 85u + 170u * 4);
  EXPECT_EQ(tile_high(513, 2049), 85u + 170u * 8);  // portrait takes the same path
  EXPECT_EQ(tile_high(513, 2050), 85u + 170u * 4);
  // gpt-image-1 (short side 512): 1024×1025 → 512×512.5, billed 194 = 65 + 129, i.e. one tile, so
  // the exact tie rounds down (to even); 1024×1027 → 513.5 rounds up to 514.
  EXPECT_EQ(tile_high(1024, 1025, kGptImage1), 194u);
  EXPECT_EQ(tile_high(1024, 1024, kGptImage1), 194u);
  EXPECT_EQ(tile_high(1024, 1027, kGptImage1), 65u + 129u * 2);
}

TEST(OpenAiTiles, TiesRoundToEvenInTheFitStepToo) {
  // 4096×1025 → 2048×512.5 → 512 (even) → 4×1 tiles; 4096×1027 → 513.5 → 514 → 4×2 tiles.
  EXPECT_EQ(tile_high(4096, 1025), 85u + 170u * 4);
  EXPECT_EQ(tile_high(4096, 1027), 85u + 170u * 8);
}

TEST(OpenAiTiles, SmallImagesAreNotUpscaled) {
  EXPECT_EQ(tile_high(512, 512), 255u);
  EXPECT_EQ(tile_high(513, 512), 425u);
  EXPECT_EQ(tile_high(768, 2048), 85u + 170u * 2 * 4);  // short side already 768
}

TEST(OpenAiTiles, ExtremeSizes) {
  EXPECT_EQ(tile_high(kMaxSide, kMaxSide), 765u);  // 2048² → 768² → 4 tiles
  // A strip scales to 2048×0.000…: the short side is held at 1 px, which still covers a tile.
  EXPECT_EQ(tile_high(kMaxSide, 1), 85u + 170u * 4);
  EXPECT_EQ(tile_high(1, kMaxSide), 85u + 170u * 4);
  EXPECT_EQ(tile_high(0, 100), 85u);  // no tiles: just the base
  EXPECT_EQ(tile_high(100, 0), 85u);
}

TEST(OpenAiTiles, DegenerateRules) {
  EXPECT_EQ(tile_high(1000, 1000, TileRule{85, 170, 2048, 768, 0}), 85u);  // no tile size
  EXPECT_EQ(tile_high(4096, 4096, TileRule{85, 170, 0, 0, 512}), 85u + 170u * 64);  // no limits
  EXPECT_EQ(tile_high(kMaxSide, kMaxSide, TileRule{kMaxSide, kMaxSide, 0, 0, 1}), kMax64);  // saturates
}

// --- OpenAI patches ---

TEST(OpenAiPatches, DocumentedExamples) {
  EXPECT_EQ(openai_patch_tokens(sz(1024, 1024), patch_rule(1.0)), 1024u);
  EXPECT_EQ(openai_patch_tokens(sz(1800, 2400), patch_rule(1.0)), 1452u);  // via 1056×1408
  EXPECT_EQ(openai_patch_tokens(sz(2400, 1800), patch_rule(1.0)), 1452u);
}

TEST(OpenAiPatches, MultipliersRoundUp) {
  EXPECT_EQ(openai_patch_tokens(sz(1024, 1024), patch_rule(1.62)), 1659u);  // 1658.88
  EXPECT_EQ(openai_patch_tokens(sz(128, 64), patch_rule(1.62)), 13u);       // 12.96
  EXPECT_EQ(openai_patch_tokens(sz(128, 64), patch_rule(2.46)), 20u);       // 19.68
  EXPECT_EQ(openai_patch_tokens(sz(128, 64), patch_rule(1.72)), 14u);       // 13.76 (o4-mini, measured)
}

TEST(OpenAiPatches, ExactProductsDoNotGainAToken) {
  // 150 × 1.62 is 243.00000000000003 in doubles; 50 × 1.1 is 55.00000000000001.
  ASSERT_GT(150 * 1.62, 243.0);
  EXPECT_EQ(openai_patch_tokens(sz(480, 320), patch_rule(1.62)), 243u);
  ASSERT_GT(50 * 1.1, 55.0);
  EXPECT_EQ(openai_patch_tokens(sz(320, 160), patch_rule(1.1)), 55u);
}

TEST(OpenAiPatches, BudgetCapsAfterTheShrink) {
  // The documented shrink gives 1997×736 → 63×23 = 1449 patches. (A forum report has gpt-4.1-mini
  // billing this size at the cap instead, 2488 = 1536 × 1.62; the formula as printed does not.)
  EXPECT_EQ(openai_patch_tokens(sz(4000, 1474), patch_rule(1.0)), 1449u);
  EXPECT_EQ(openai_patch_tokens(sz(4000, 1474), patch_rule(1.62)), 2348u);
  EXPECT_EQ(openai_patch_tokens(sz(1536 * 32, 32), patch_rule(1.0)), 1536u);  // exactly the budget
  EXPECT_EQ(openai_patch_tokens(sz(1537 * 32, 32), patch_rule(1.0)), 1536u);
  EXPECT_EQ(openai_patch_tokens(sz(1024, 1024), patch_rule(1.0, 2500)), 1024u);
  EXPECT_EQ(openai_patch_tokens(sz(4096, 4096), patch_rule(1.0, 0)), 16384u);  // no budget
}

TEST(OpenAiPatches, ExtremeSizes) {
  EXPECT_EQ(openai_patch_tokens(sz(kMaxSide, kMaxSide), patch_rule(1.0)), 1521u);  // 1248² → 39²
  // A strip thinner than one patch after the shrink keeps one column instead of vanishing.
  EXPECT_EQ(openai_patch_tokens(sz(1, 100000), patch_rule(1.0)), 1536u);
  EXPECT_EQ(openai_patch_tokens(sz(kMaxSide, 1), patch_rule(1.0)), 1536u);
  EXPECT_EQ(openai_patch_tokens(sz(0, 100), patch_rule(1.62)), 0u);
  EXPECT_EQ(openai_patch_tokens(sz(100, 100), patch_rule(0.0)), 0u);
  EXPECT_EQ(openai_patch_tokens(sz(100, 100), patch_rule(std::nan(""))), 0u);
  PatchRule no_side = patch_rule(1.0);
  no_side.patch_side = 0;
  EXPECT_EQ(openai_patch_tokens(sz(100, 100), no_side), 0u);
  EXPECT_EQ(openai_patch_tokens(sz(100, 100), patch_rule(1e300)), kMax64);  // saturates
}

// --- Anthropic, area rule (older docs) ---

TEST(AnthropicArea, DocumentedExamples) {
  EXPECT_EQ(anthropic_area_tokens(sz(200, 200), AnthropicAreaRule{}), 54u);
  EXPECT_EQ(anthropic_area_tokens(sz(1000, 1000), AnthropicAreaRule{}), 1334u);
  EXPECT_EQ(anthropic_area_tokens(sz(1092, 1092), AnthropicAreaRule{}), 1590u);  // not resized
  EXPECT_EQ(anthropic_area_tokens(sz(819, 1456), AnthropicAreaRule{}), 1590u);   // not resized
}

TEST(AnthropicArea, DownscalesToTheLargestFittingSize) {
  // Token limit: the largest square with ceil(L²/750) ≤ 1600 is 1095² (1599 tokens).
  EXPECT_EQ(anthropic_area_tokens(sz(2000, 2000), AnthropicAreaRule{}), 1599u);
  EXPECT_EQ(anthropic_area_tokens(sz(1096, 1096), AnthropicAreaRule{}), 1599u);
  EXPECT_EQ(anthropic_area_tokens(sz(1095, 1095), AnthropicAreaRule{}), 1599u);
  // Edge limit: 4000×1000 → 1568×392 = 820 tokens, either orientation.
  EXPECT_EQ(anthropic_area_tokens(sz(4000, 1000), AnthropicAreaRule{}), 820u);
  EXPECT_EQ(anthropic_area_tokens(sz(1000, 4000), AnthropicAreaRule{}), 820u);
  // The doc's 3:4 "largest not resized" 951×1268 is 1608 tokens by this formula, so it is resized
  // (to 948×1264); the printed table is approximate.
  EXPECT_EQ(anthropic_area_tokens(sz(951, 1268), AnthropicAreaRule{}), 1598u);
}

TEST(AnthropicArea, ExtremeSizes) {
  EXPECT_EQ(anthropic_area_tokens(sz(kMaxSide, kMaxSide), AnthropicAreaRule{}), 1599u);
  EXPECT_EQ(anthropic_area_tokens(sz(kMaxSide, 1), AnthropicAreaRule{}), 3u);  // 1568×1
  EXPECT_EQ(anthropic_area_tokens(sz(0, 5), AnthropicAreaRule{}), 0u);
  EXPECT_EQ(anthropic_area_tokens(sz(100, 100), AnthropicAreaRule{1568, 1600, 0}), 0u);
  EXPECT_EQ(anthropic_area_tokens(sz(3000, 3000), AnthropicAreaRule{0, 0, 750}), 12000u);  // no limits
}

// --- Anthropic, patch rule (current docs) ---

TEST(AnthropicPatches, DocumentedExamples) {
  EXPECT_EQ(anthropic_patch_tokens(sz(1568, 728), kStandard), 1456u);
  EXPECT_EQ(anthropic_patch_tokens(sz(1928, 1928), kStandard), 1521u);
  EXPECT_EQ(anthropic_patch_tokens(sz(1928, 1928), kHighRes), 4761u);
  EXPECT_EQ(anthropic_patch_tokens(sz(200, 200), kStandard), 64u);
}

TEST(AnthropicPatches, OlderDocsLargestSizesFitWithoutResize) {
  EXPECT_EQ(anthropic_patch_tokens(sz(1092, 1092), kStandard), 39u * 39);
  EXPECT_EQ(anthropic_patch_tokens(sz(951, 1268), kStandard), 34u * 46);
  EXPECT_EQ(anthropic_patch_tokens(sz(896, 1344), kStandard), 32u * 48);
  EXPECT_EQ(anthropic_patch_tokens(sz(819, 1456), kStandard), 30u * 52);
  EXPECT_EQ(anthropic_patch_tokens(sz(784, 1568), kStandard), 28u * 56);
  EXPECT_EQ(anthropic_patch_tokens(sz(1568, 784), kStandard), 56u * 28);
}

TEST(AnthropicPatches, EdgeLimitUsesPaddedEdges) {
  // 1569 px pads to 1596 > 1568, so it is shrunk: 1569×100 → 1568×100 → 56×4.
  EXPECT_EQ(anthropic_patch_tokens(sz(1569, 100), kStandard), 56u * 4);
  EXPECT_EQ(anthropic_patch_tokens(sz(100, 1569), kStandard), 4u * 56);
  EXPECT_EQ(anthropic_patch_tokens(sz(5000, 100), kHighRes), 92u * 2);  // 2576×52 (51.52 rounds to 52)
  // With a limit that is not a multiple of 28 the padding matters: 1000 px pads to 1008 > 1000,
  // so the long edge drops to 980 (35 patches), where a raw-edge check would keep 36.
  EXPECT_EQ(anthropic_patch_tokens(sz(1000, 10), AnthropicPatchRule{28, 1000, 1568}), 35u);
}

TEST(AnthropicPatches, ShortSideTiesRoundUp) {
  // 3136×57 → 1568×28.5: Math.round in the published resize gives 29 → 56×2 patches (28 would
  // give 56×1).
  EXPECT_EQ(anthropic_patch_tokens(sz(3136, 57), kStandard), 56u * 2);
  EXPECT_EQ(anthropic_patch_tokens(sz(57, 3136), kStandard), 2u * 56);
}

TEST(AnthropicPatches, ExtremeSizes) {
  EXPECT_EQ(anthropic_patch_tokens(sz(kMaxSide, kMaxSide), kStandard), 1521u);
  EXPECT_EQ(anthropic_patch_tokens(sz(kMaxSide, 1), kStandard), 56u);
  EXPECT_EQ(anthropic_patch_tokens(sz(kMaxSide, kMaxSide), kHighRes), 4761u);
  EXPECT_EQ(anthropic_patch_tokens(sz(0, 0), kStandard), 0u);
  EXPECT_EQ(anthropic_patch_tokens(sz(100, 100), AnthropicPatchRule{0, 1568, 1568}), 0u);
  // No limits and 1-px patches: the count is the full pixel count, which still fits in 64 bits.
  EXPECT_EQ(anthropic_patch_tokens(sz(kMaxSide, kMaxSide), AnthropicPatchRule{1, 0, 0}),
            uint64_t{kMaxSide} * kMaxSide);
}
