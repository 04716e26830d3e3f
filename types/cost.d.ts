// Public types of the cost calculator (lib/cost/). Prices are USD per million tokens in the data
// file and in results. Money is computed exactly: every amount is an integer number of 1e-18 USD
// (BigInt), so any rate with up to 12 decimals per million tokens (18 per token) and any sum of
// costs is exact; `total` is the JS number nearest to that exact value (one rounding, at the end),
// and `totalExact` is the exact value as decimal text. Add costs with addCosts / a CostAccumulator,
// which sum the exact values, not the numbers.
import type { CountResult, RequestBody } from './index';

/**
 * Token usage to price, in the normalized shape extractUsage produces. Every field may be null
 * (not reported) or absent; a bare `{ inputTokens, outputTokens }` is accepted too.
 *
 * - `inputTokens` is the TOTAL input: uncached + cache reads + cache writes, whatever the
 *   provider's own convention (Anthropic reports them additively; they are summed before here).
 * - `outputTokens` includes reasoning/thinking tokens, as every provider checked bills them:
 *   `reasoningTokens` is a subset, used only to show a separate line when a model prices reasoning
 *   at its own rate. It is never added on top of `outputTokens`.
 * - `cacheWriteTokens` is all written tokens; `cacheWrite5mTokens` / `cacheWrite1hTokens` split
 *   them by TTL when the provider does. Written tokens with no TTL split are priced at the default
 *   (5-minute) write rate.
 * - `model` is the served model and wins over the requested one (`options.model`).
 */
export interface NormalizedUsage {
  inputTokens?: number | null;
  uncachedInputTokens?: number | null;
  cacheReadTokens?: number | null;
  cacheWriteTokens?: number | null;
  cacheWrite5mTokens?: number | null;
  cacheWrite1hTokens?: number | null;
  outputTokens?: number | null;
  reasoningTokens?: number | null;
  /** The served model. */
  model?: string | null;
  /** Who served it; options.provider, when given, is taken as the more specific (e.g. 'vertex'). */
  provider?: string | null;
  /** false when the provider reported no usage at all: the cost is then unknown (null), never $0. */
  available?: boolean | null;
  /** The tier the response reports ('standard', 'flex', 'priority', 'batch', ...); wins over options. */
  serviceTier?: string | null;
  /** Where the provider says it ran the request (Anthropic inference_geo); options.region wins. */
  region?: string | null;
  /** Anthropic's `speed`: 'fast' is billed at a multiple where the table has one; options.speed wins. */
  speed?: string | null;
  /** Cache writes by TTL as reported ('5m', '1h', '30m', '12h'); TTLs without a price are flagged. */
  cacheWriteByTtl?: Readonly<Record<string, number>> | null;
  /** Server-side web searches, billed per request where the table has a price (Anthropic). */
  webSearchRequests?: number | null;
}

export type ServiceTier = 'standard' | 'flex' | 'priority';

/**
 * What happens when no price applies (unknown model; or a known model with no price for the date,
 * batch, service tier or region asked): 'throw' a TokenmeterError ERR_UNKNOWN_PRICE (default);
 * 'warn': return null and emit one process warning per model (code TOKENMETER_UNKNOWN_PRICE);
 * 'zero': return a $0 cost flagged `price.unknown: true`. Never a silent $0.
 */
export type UnknownPricePolicy = 'throw' | 'warn' | 'zero';

export interface CostOptions {
  /** The requested model; `usage.model` (the served one) wins when both are given and it is priced. */
  model?: string;
  /**
   * The vendor ('openai', 'anthropic', 'google', ...) or the platform ('bedrock', 'vertex', 'azure',
   * 'openrouter'). Picks among same-named rows; a platform also selects its regional prices.
   */
  provider?: string;
  /** When the request ran (default: now): picks date-bounded prices and time-of-day windows (UTC). */
  at?: Date | string;
  /** Default 'standard'. A tier reported in `usage.serviceTier` wins. */
  serviceTier?: ServiceTier;
  /** Priced as a Batch API request (usually 50 %). */
  batch?: boolean;
  /** Data-residency / regional endpoint: 'eu', 'us', 'global', ... (uplift where documented). */
  region?: string;
  /** 'fast' for Anthropic / OpenAI fast mode (a multiple of the standard rates). Default 'standard'. */
  speed?: 'standard' | 'fast';
  unknownModel?: UnknownPricePolicy;
}

/**
 * Token classes, plus per-request fees. `cacheWrite` is the default-TTL write (Anthropic 5 min,
 * OpenAI 30 min); `output` excludes reasoning only when a `reasoning` line is present.
 */
export type CostLineKind = 'input' | 'cacheRead' | 'cacheWrite' | 'cacheWrite1h' | 'output' | 'reasoning' | 'webSearch';

export interface CostLine {
  kind: CostLineKind;
  /** Tokens billed on this line (0 for a per-request fee). */
  tokens: number;
  /** The effective rate, after long-context, batch, tier, region and time-of-day adjustments. */
  ratePerMillion: number;
  /** tokens x ratePerMillion / 1e6 as the nearest JS number. */
  cost: number;
  /** The same, exact, as decimal USD text. */
  costExact: string;
  /** Per-request fees (kind 'webSearch'): the number of requests and the USD price per 1000. */
  requests?: number;
  ratePerThousandRequests?: number;
}

export interface PriceAdjustment {
  kind: 'longContext' | 'batch' | 'serviceTier' | 'speed' | 'region' | 'timeWindow';
  /** e.g. 'above 200000 input tokens', 'flex', 'eu', 'peak'. */
  name: string;
  /** The factor applied to every rate, or null when the table gives explicit rates instead. */
  multiplier: number | null;
}

export interface PriceInfo {
  /** The price row's canonical model id. */
  model: string;
  provider: string;
  source: string;
  /** The row's dates (inclusive), null when open. */
  validFrom: string | null;
  validTo: string | null;
  /** When the figures were last checked against the source. */
  checked: string | null;
  adjustments: PriceAdjustment[];
  /** true for a promotional price past its announced earliest end, or a scheduled (announced, unconfirmed) price. */
  stale: boolean;
  /** Why the price may be wrong or approximate (stale prices, fallbacks such as cached tokens at the input rate). */
  warnings: string[];
  /** Set under unknownModel: 'zero' when no price applied. */
  unknown?: true;
}

export interface CostResult {
  /** USD, the JS number nearest to `totalExact`. */
  total: number;
  /** The exact total as decimal USD text (the arithmetic is exact to 1e-18 USD). */
  totalExact: string;
  currency: 'USD';
  lines: CostLine[];
  price: PriceInfo;
  /** false when input or output was not reported (null): the total then covers only what was. */
  complete: boolean;
}

export interface EstimateCostOptions extends CostOptions {
  /** Output tokens to price the estimate with. */
  expectedOutputTokens?: number;
  /** Upper bound on output tokens; gives `maxTotal` (and `total` when no expectation is given). */
  maxOutputTokens?: number;
  /** Input tokens expected to be read from cache (priced at the cache-read rate). */
  cacheReadTokens?: number;
}

export interface EstimateFromTokensOptions extends EstimateCostOptions {
  /** Whether the given input count is exact (default true). */
  exact?: boolean;
}

export interface EstimateRequestOptions extends EstimateCostOptions {
  /** Counts the request's input tokens; default: tokenmeter's countRequest(request, { model }). */
  counter?: (request: RequestBody, options: { model?: string }) => Pick<CountResult, 'inputTokens' | 'exact'>;
}

export interface CostEstimate extends CostResult {
  inputTokens: number;
  /** The output tokens priced: expectedOutputTokens, else maxOutputTokens, else 0. */
  outputTokens: number;
  /** Whether the input count is exact. */
  exact: boolean;
  /** The cost with maxOutputTokens, when given. */
  maxTotal?: number;
}

/** A sum of costs, exact. */
export interface CostTotal {
  total: number;
  totalExact: string;
  currency: 'USD';
  /** How many costs were added (nulls included). */
  count: number;
  /** How many of them were null (unknown price or usage). */
  unpriced: number;
}

export interface CostAccumulator {
  add(cost: CostResult | CostTotal | null): this;
  result(): CostTotal;
}

/** Rates in USD per million tokens; a number or a decimal string (kept exact). null: not priced. */
export type PriceValue = number | string;

export interface PriceRates {
  input?: PriceValue | null;
  /** Cached input (cache hit / read). Absent: cached tokens are billed at the input rate. */
  cacheRead?: PriceValue | null;
  /** Cache write at the default TTL (Anthropic 5 min, OpenAI 30 min). Absent: billed at the input rate. */
  cacheWrite?: PriceValue | null;
  /** Anthropic 1-hour cache write. */
  cacheWrite1h?: PriceValue | null;
  output?: PriceValue | null;
  /** Only when reasoning is priced apart from output. */
  reasoning?: PriceValue | null;
}

/** A multiplier on every rate, or explicit rates (fields left out scale like `input`). null: not offered. */
export type PriceAdjustmentData = PriceValue | PriceRates | null;

export interface LongContextTierData extends PriceRates {
  /** The tier applies when the request's total input (cache reads and writes included) is above this. */
  aboveInputTokens: number;
}

export interface TimeWindowData {
  name: string;
  /** UTC weekdays ('mon'..'sun'); absent: every day. */
  days?: string[];
  /** UTC 'HH:MM-HH:MM' ranges, end exclusive. */
  hoursUtc: string[];
  multiplier: PriceValue;
}

export interface PriceRowData extends PriceRates {
  model: string;
  provider: string;
  /** Other names and snapshot ids that resolve to this row. */
  aliases?: string[];
  /** 'YYYY-MM-DD' (a UTC day) or an ISO timestamp; both ends inclusive; null/absent: open. */
  validFrom?: string | null;
  validTo?: string | null;
  longContext?: LongContextTierData[];
  batch?: PriceAdjustmentData;
  serviceTiers?: { flex?: PriceAdjustmentData; priority?: PriceAdjustmentData };
  /** Fast mode (Anthropic `speed: fast`, OpenAI fast mode). */
  speeds?: { fast?: PriceAdjustmentData };
  /** Region code -> multiplier; 'platform:region' and 'platform:*' keys for Bedrock/Vertex endpoints. */
  regions?: Record<string, PriceValue | null>;
  /** USD per 1000 server-side web search requests. */
  webSearchPerThousand?: PriceValue | null;
  timeWindows?: TimeWindowData[];
  /** A promotional price: announced to last at least until this date, later price unknown. */
  promo?: { endsNoEarlierThan: string };
  /** An announced future price, not yet confirmed in effect when the table was made. */
  scheduled?: boolean;
  source: string;
  checked?: string;
  confidence?: string;
  notes?: string;
}

export interface ProviderDefaultsData {
  batch?: PriceAdjustmentData;
  serviceTiers?: { flex?: PriceAdjustmentData; priority?: PriceAdjustmentData };
  speeds?: { fast?: PriceAdjustmentData };
  regions?: Record<string, PriceValue | null>;
  webSearchPerThousand?: PriceValue | null;
}

/** The format of data/prices.json, and of tables given to loadPrices. */
export interface PriceTableData {
  generated?: string;
  currency?: 'USD';
  unit?: string;
  notes?: string[];
  providers?: Record<string, ProviderDefaultsData>;
  models: PriceRowData[];
}

export interface LoadPricesResult {
  format: 'tokenmeter' | 'litellm';
  /** Price rows added (LiteLLM entries without token prices are skipped). */
  rows: number;
  /** LiteLLM keys that were skipped, with the reason. */
  skipped: Array<{ key: string; reason: string }>;
}

/** A resolved price row (what getPrice returns), rates in USD per million tokens. */
export interface PriceRowView {
  model: string;
  provider: string;
  validFrom: string | null;
  validTo: string | null;
  rates: Record<'input' | 'cacheRead' | 'cacheWrite' | 'cacheWrite1h' | 'output' | 'reasoning', number | null>;
  longContext: Array<{ aboveInputTokens: number; rates: Record<string, number | null> }>;
  source: string;
  checked: string | null;
}

/** Prices a usage. Returns null only under unknownModel: 'warn' or when usage.available is false. */
export declare function calculateCost(usage: NormalizedUsage, options?: CostOptions): CostResult | null;
/** Prices a request before sending it, from an input-token count you already have. */
export declare function estimateCostFromTokens(inputTokens: number, options?: EstimateFromTokensOptions): CostEstimate | null;
/** Counts the request's input tokens (countRequest, or options.counter) and prices it. */
export declare function estimateCost(request: RequestBody, options?: EstimateRequestOptions): CostEstimate | null;
/** Merges a price table (tokenmeter format or LiteLLM's model_prices_and_context_window.json) over the current one. */
export declare function loadPrices(table: PriceTableData | Record<string, unknown> | string): LoadPricesResult;
/** Back to the shipped table only. */
export declare function resetPrices(): void;
/** The price row that would apply, or null. */
export declare function getPrice(model: string, options?: Pick<CostOptions, 'provider' | 'at'>): PriceRowView | null;
/** Exact sum of costs (null entries count as unpriced). */
export declare function addCosts(...costs: Array<CostResult | CostTotal | null>): CostTotal;
export declare function createCostAccumulator(): CostAccumulator;
