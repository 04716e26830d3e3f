// Image token formulas. Sizes are at most 2^32-1 per side, so a product of two sides (or of a side
// and a limit) fits in uint64_t; anything that could go beyond that (tile or patch counts with a
// degenerate 1-px tile) saturates instead of wrapping. A zero limit or budget means "no limit";
// a zero tile, patch or pixels-per-token size counts nothing instead of dividing by zero.
#include "chat/image_tokens.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <tuple>
#include <utility>

namespace tokenmeter {
namespace {

constexpr uint64_t kMax = std::numeric_limits<uint64_t>::max();

uint64_t ceil_div(uint64_t a, uint64_t b) { return a / b + (a % b != 0); }

uint64_t saturating_mul(uint64_t a, uint64_t b) {
  if (a != 0 && b > kMax / a) return kMax;
  return a * b;
}

uint64_t saturating_add(uint64_t a, uint64_t b) { return b > kMax - a ? kMax : a + b; }

// a·b/c rounded to nearest with ties to even, the rounding of Python's round(). It is the one
// tie rule that fits all three OpenAI data points: 2049×513 → 513 (512.75 rounds up), 2050×513 →
// 512 (512.4995 rounds down) and gpt-image-1 1024×1025 → 512×512.5 → 512 (one tile, 194 tokens;
// half-up would give 513 and two tiles). Callers keep a, b < 2^32, so a·b fits.
uint64_t scale_round_half_even(uint64_t a, uint64_t b, uint64_t c) {
  uint64_t product = a * b;
  uint64_t q = product / c, r = product % c;
  if (r > c - r || (r == c - r && q % 2 == 1)) ++q;
  return q;
}

// a·b/c rounded half up, as JavaScript's Math.round in the published Anthropic resize code.
uint64_t scale_round_half_up(uint64_t a, uint64_t b, uint64_t c) {
  uint64_t product = a * b;
  uint64_t q = product / c, r = product % c;
  if (r >= c - r) ++q;
  return q;
}

// Largest (long', short') with long' ≤ long, short' = round(long'·short/long) (at least 1), that
// satisfies `fits`, which must be monotone in long'. Binary search: at most 32 probes.
template <typename Fits>
std::pair<uint64_t, uint64_t> largest_fitting(uint64_t long_side, uint64_t short_side, Fits fits) {
  auto short_for = [&](uint64_t l) {
    return std::max<uint64_t>(1, scale_round_half_up(l, short_side, long_side));
  };
  uint64_t lo = 1, hi = long_side, best = 1;
  while (lo <= hi) {
    uint64_t mid = lo + (hi - lo) / 2;
    if (fits(mid, short_for(mid))) {
      best = mid;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  return {best, short_for(best)};
}

// Downscales (w, h) to the largest aspect-preserving size that `fits` unless it already fits.
// `fits` is symmetric in its two sides, so the search runs on (long, short) and swaps back.
template <typename Fits>
void shrink_to_fit(uint64_t& w, uint64_t& h, Fits fits) {
  if (fits(w, h)) return;
  if (w >= h) {
    std::tie(w, h) = largest_fitting(w, h, fits);
  } else {
    std::tie(h, w) = largest_fitting(h, w, fits);
  }
}

}  // namespace

uint64_t openai_tile_tokens(ImageSize size, ImageDetail detail, const TileRule& rule) {
  if (detail == ImageDetail::kLow) return rule.base;
  uint64_t w = size.width, h = size.height;
  if (w == 0 || h == 0 || rule.tile_side == 0) return rule.base;

  // (1) Fit inside max_side × max_side. The long side lands exactly on the limit; the short side
  // is rounded, but never to zero (a 1×100000 strip still covers a tile).
  uint64_t max_side = rule.max_side;
  if (max_side != 0 && std::max(w, h) > max_side) {
    if (w >= h) {
      h = std::max<uint64_t>(1, scale_round_half_even(h, max_side, w));
      w = max_side;
    } else {
      w = std::max<uint64_t>(1, scale_round_half_even(w, max_side, h));
      h = max_side;
    }
  }
  // (2) Shrink so the short side is short_side (only ever downwards).
  uint64_t short_side = rule.short_side;
  if (short_side != 0 && std::min(w, h) > short_side) {
    if (w <= h) {
      h = scale_round_half_even(h, short_side, w);
      w = short_side;
    } else {
      w = scale_round_half_even(w, short_side, h);
      h = short_side;
    }
  }
  uint64_t tiles = saturating_mul(ceil_div(w, rule.tile_side), ceil_div(h, rule.tile_side));
  return saturating_add(rule.base, saturating_mul(rule.per_tile, tiles));
}

uint64_t openai_patch_tokens(ImageSize size, const PatchRule& rule) {
  if (rule.patch_side == 0 || !(rule.multiplier > 0)) return 0;  // also rejects NaN
  const uint64_t w = size.width, h = size.height, side = rule.patch_side, budget = rule.budget;
  uint64_t patches = saturating_mul(ceil_div(w, side), ceil_div(h, side));
  if (budget != 0 && patches > budget) {
    // The documented shrink: scale so the area holds `budget` patches, then shrink a bit more so
    // the side that loses most to flooring ends on a whole number of patches. A side that would
    // fall below one patch is held at one (the formula as printed would scale a thin strip to 0).
    const double dw = static_cast<double>(w), dh = static_cast<double>(h);
    const double ds = static_cast<double>(side);
    double scale = std::sqrt(ds * ds * static_cast<double>(budget) / (dw * dh));
    const double cols = dw * scale / ds, rows = dh * scale / ds;
    scale *= std::min(std::max(1.0, std::floor(cols)) / cols, std::max(1.0, std::floor(rows)) / rows);
    const uint64_t w2 = std::max<uint64_t>(1, static_cast<uint64_t>(std::floor(dw * scale)));
    const uint64_t h2 = std::max<uint64_t>(1, static_cast<uint64_t>(std::floor(dh * scale)));
    patches = std::min(budget, saturating_mul(ceil_div(w2, side), ceil_div(h2, side)));
  }
  // Round up, but do not let binary floating-point error turn an exact product into the next
  // integer (1000 × 1.1 is 1100.0000000000002 in doubles).
  const double product = static_cast<double>(patches) * rule.multiplier;
  const double tokens = std::ceil(product - product * 1e-12);
  if (!(tokens < 18446744073709549568.0)) return kMax;  // largest double below 2^64
  return static_cast<uint64_t>(tokens);
}

uint64_t anthropic_area_tokens(ImageSize size, const AnthropicAreaRule& rule) {
  if (rule.pixels_per_token == 0) return 0;
  uint64_t w = size.width, h = size.height;
  if (w == 0 || h == 0) return 0;
  const uint64_t ppt = rule.pixels_per_token;
  auto fits = [&](uint64_t a, uint64_t b) {
    return (rule.max_long_edge == 0 || std::max(a, b) <= rule.max_long_edge) &&
           (rule.max_tokens == 0 || ceil_div(a * b, ppt) <= rule.max_tokens);
  };
  shrink_to_fit(w, h, fits);
  return ceil_div(w * h, ppt);
}

uint64_t anthropic_patch_tokens(ImageSize size, const AnthropicPatchRule& rule) {
  if (rule.patch_side == 0) return 0;
  uint64_t w = size.width, h = size.height;
  if (w == 0 || h == 0) return 0;
  const uint64_t side = rule.patch_side;
  // Padded edges (ceil(x/side)·side) are below 2^33; the patch count saturates for side 1.
  auto fits = [&](uint64_t a, uint64_t b) {
    uint64_t cols = ceil_div(a, side), rows = ceil_div(b, side);
    return (rule.max_edge == 0 || (cols * side <= rule.max_edge && rows * side <= rule.max_edge)) &&
           (rule.max_tokens == 0 || saturating_mul(cols, rows) <= rule.max_tokens);
  };
  shrink_to_fit(w, h, fits);
  return saturating_mul(ceil_div(w, side), ceil_div(h, side));
}

}  // namespace tokenmeter
