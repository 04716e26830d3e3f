// What an image costs in input tokens, per provider rule. The numbers that differ between models
// (base and per-tile rates, patch multipliers and budgets, size limits) are parameters: they come
// from data/chat-models.json, not from code.
#pragma once

#include <cstdint>

#include "chat/image_size.h"

namespace tokenmeter {

// In every rule a zero limit or budget means "no limit"; a zero tile, patch or pixels-per-token
// size counts nothing (the tile rule then returns its base). Results saturate at UINT64_MAX.

enum class ImageDetail { kAuto, kLow, kHigh };

// OpenAI tile model (gpt-4o, gpt-4.1, gpt-5, o1/o3, ...): low → base; high/auto → fit in
// max_side², scale the short side down to short_side, count tile_side tiles; base + per_tile·tiles.
struct TileRule {
  uint32_t base = 85;
  uint32_t per_tile = 170;
  uint32_t max_side = 2048;
  uint32_t short_side = 768;
  uint32_t tile_side = 512;
};
uint64_t openai_tile_tokens(ImageSize size, ImageDetail detail, const TileRule& rule);

// OpenAI patch model (gpt-4.1-mini/nano, o4-mini, gpt-5-mini/nano, ...): 32-px patches capped at
// `budget` after an aspect-preserving downscale; tokens = ceil(patches · multiplier). `detail` is
// ignored (measured: low and high bill the same).
struct PatchRule {
  double multiplier = 1.0;
  uint32_t budget = 1536;
  uint32_t patch_side = 32;
};
uint64_t openai_patch_tokens(ImageSize size, const PatchRule& rule);

// Anthropic, Claude 3 – 4.6 documentation: downscale to the largest aspect-preserving size whose
// long edge is ≤ max_long_edge and whose ceil(w·h / pixels_per_token) is ≤ max_tokens, then
// ceil(w·h / pixels_per_token).
struct AnthropicAreaRule {
  uint32_t max_long_edge = 1568;
  uint32_t max_tokens = 1600;       // images above this many tokens are downscaled to fit it
  uint32_t pixels_per_token = 750;
};
uint64_t anthropic_area_tokens(ImageSize size, const AnthropicAreaRule& rule);

// Anthropic, current documentation: tokens = ceil(w/28)·ceil(h/28) after downscaling to the largest
// aspect-preserving size whose padded edges fit max_edge and whose patch count fits max_tokens.
struct AnthropicPatchRule {
  uint32_t patch_side = 28;
  uint32_t max_edge = 1568;
  uint32_t max_tokens = 1568;
};
uint64_t anthropic_patch_tokens(ImageSize size, const AnthropicPatchRule& rule);

}  // namespace tokenmeter
