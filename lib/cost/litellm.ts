// LiteLLM's model_prices_and_context_window.json, taken as is, turned into our price rows.
// Its prices are USD per token; ours are per million, so each figure is shifted by six decimal
// places as text (exact), never multiplied as a float.
import type { PriceRates, PriceRowData } from '../../types/cost';
import { RATE_FIELDS, type RateField } from './compile';
import { normalizeProvider } from './model-id';
import { shiftDecimalText } from './money';

type Entry = Record<string, unknown>;

const KEYS: Record<RateField, string> = {
  input: 'input_cost_per_token',
  cacheRead: 'cache_read_input_token_cost',
  cacheWrite: 'cache_creation_input_token_cost',
  cacheWrite1h: 'cache_creation_input_token_cost_above_1hr',
  output: 'output_cost_per_token',
  reasoning: 'output_cost_per_reasoning_token',
};

/** Key prefixes that name the model's own vendor, so 'xai/grok-4' may also answer to 'grok-4'. */
const FIRST_PARTY_PREFIXES = new Set(['openai', 'anthropic', 'gemini', 'xai', 'mistral', 'deepseek']);

/** Does this object look like LiteLLM's table (entries keyed by model, per-token prices)? */
export function isLiteLLMTable(table: Record<string, unknown>): boolean {
  if (Array.isArray(table.models)) return false;
  return Object.values(table).some(
    (v) => typeof v === 'object' && v !== null && ('litellm_provider' in v || KEYS.input in v || KEYS.output in v),
  );
}

function providerOf(litellmProvider: unknown): string {
  const p = typeof litellmProvider === 'string' ? litellmProvider.toLowerCase() : 'unknown';
  if (p === 'vertex_ai-language-models') return 'google'; // Gemini on Vertex: Google's own list price
  if (p.startsWith('vertex_ai')) return 'vertex'; // partner models on Vertex
  if (p.startsWith('text-completion-openai')) return 'openai';
  return normalizeProvider(p);
}

function perMillion(entry: Entry, key: string, where: string): string | undefined {
  const v = entry[key];
  if (typeof v !== 'number' && typeof v !== 'string') return undefined;
  return shiftDecimalText(v, 6, `${where}.${key}`);
}

/** Rates under `${key}${suffix}` for every rate field (suffix '' gives the base rates). */
function ratesWithSuffix(entry: Entry, suffix: string, where: string): PriceRates {
  const rates: PriceRates = {};
  for (const field of RATE_FIELDS) {
    const v = perMillion(entry, KEYS[field] + suffix, where);
    if (v !== undefined) rates[field] = v;
  }
  return rates;
}

const isEmpty = (r: PriceRates): boolean => Object.keys(r).length === 0;

/** `*_above_{N}k_tokens` keys -> whole-request tiers (LiteLLM switches every rate above N thousand). */
function longContextTiers(entry: Entry, where: string): PriceRowData['longContext'] {
  const thresholds = new Set<number>();
  for (const key of Object.keys(entry)) {
    const m = /_above_(\d+)k_tokens$/.exec(key);
    if (m !== null && RATE_FIELDS.some((f) => key === `${KEYS[f]}_above_${m[1]}k_tokens`)) thresholds.add(Number(m[1]));
  }
  return [...thresholds].map((k) => ({ aboveInputTokens: k * 1000, ...ratesWithSuffix(entry, `_above_${k}k_tokens`, where) }));
}

/** Dashscope-style `tiered_pricing` [{range: [a, b], ...rates}]: all-or-nothing, so the same as tiers. */
function tieredPricing(entry: Entry, where: string): { base: PriceRates; tiers: NonNullable<PriceRowData['longContext']> } | null {
  const list = entry.tiered_pricing;
  if (!Array.isArray(list) || list.length === 0) return null;
  const sorted = list
    .filter((t): t is Entry => typeof t === 'object' && t !== null && Array.isArray((t as Entry).range))
    .sort((a, b) => Number((a.range as number[])[0]) - Number((b.range as number[])[0]));
  if (sorted.length === 0) return null;
  return {
    base: ratesWithSuffix(sorted[0], '', `${where}.tiered_pricing[0]`),
    tiers: sorted.slice(1).map((t, i) => ({
      aboveInputTokens: Number((t.range as number[])[0]),
      ...ratesWithSuffix(t, '', `${where}.tiered_pricing[${i + 1}]`),
    })),
  };
}

function regions(entry: Entry): Record<string, string> | undefined {
  const out: Record<string, string> = {};
  for (const code of ['eu', 'us']) {
    const v = entry[`regional_processing_uplift_multiplier_${code}`];
    if (typeof v === 'number') out[code] = String(v);
  }
  // Anthropic's inference_geo uplift; its other keys ('fast') are speed modes, not regions.
  const specific = entry.provider_specific_entry;
  if (typeof specific === 'object' && specific !== null) {
    for (const [code, v] of Object.entries(specific)) if (code === 'us' && typeof v === 'number') out[code] = String(v);
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

/** Anthropic fast mode (`speed: fast`): provider_specific_entry.fast, a multiple of every rate. */
function fastMultiplier(entry: Entry): string | undefined {
  const specific = entry.provider_specific_entry;
  const fast = typeof specific === 'object' && specific !== null ? (specific as Entry).fast : undefined;
  return typeof fast === 'number' ? String(fast) : undefined;
}

export interface ConvertedTable {
  rows: PriceRowData[];
  skipped: Array<{ key: string; reason: string }>;
}

export function fromLiteLLM(table: Record<string, unknown>, origin: string): ConvertedTable {
  const rows: PriceRowData[] = [];
  const skipped: ConvertedTable['skipped'] = [];
  for (const [key, value] of Object.entries(table)) {
    if (key === 'sample_spec') continue; // LiteLLM's documentation entry
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      skipped.push({ key, reason: 'not an object' });
      continue;
    }
    const entry = value as Entry;
    const where = `LiteLLM '${key}'`;
    const tiered = tieredPricing(entry, where);
    const base = { ...(tiered?.base ?? {}), ...ratesWithSuffix(entry, '', where) };
    if (base.cacheRead === undefined) {
      const hit = perMillion(entry, 'input_cost_per_token_cache_hit', where); // DeepSeek-style alias
      if (hit !== undefined) base.cacheRead = hit;
    }
    if (base.input === undefined && base.output === undefined) {
      skipped.push({ key, reason: 'no per-token input or output price' });
      continue;
    }
    const provider = providerOf(entry.litellm_provider);
    const id = key.toLowerCase();
    const slash = id.indexOf('/');
    const aliases = slash > 0 && FIRST_PARTY_PREFIXES.has(id.slice(0, slash)) && normalizeProvider(id.slice(0, slash)) === provider
      ? [id.slice(slash + 1)]
      : [];
    const batch = ratesWithSuffix(entry, '_batches', where);
    const flex = ratesWithSuffix(entry, '_flex', where);
    const priority = ratesWithSuffix(entry, '_priority', where);
    const tiers = [...(longContextTiers(entry, where) ?? []), ...(tiered?.tiers ?? [])];
    const source = typeof entry.source === 'string' ? `${origin}; ${entry.source}` : origin;
    rows.push({
      model: id,
      provider,
      aliases,
      ...base,
      ...(tiers.length > 0 ? { longContext: tiers } : {}),
      ...(isEmpty(batch) ? {} : { batch }),
      ...(isEmpty(flex) && isEmpty(priority)
        ? {}
        : { serviceTiers: { ...(isEmpty(flex) ? {} : { flex }), ...(isEmpty(priority) ? {} : { priority }) } }),
      ...(regions(entry) ? { regions: regions(entry) } : {}),
      ...(fastMultiplier(entry) ? { speeds: { fast: fastMultiplier(entry) } } : {}),
      source,
      notes: 'converted from LiteLLM (off_peak_pricing, per-request and non-token prices are not imported)',
    });
  }
  return { rows, skipped };
}
