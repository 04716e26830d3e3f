// The rates that apply to one request: the row's base or long-context tier, then batch, service
// tier, region and time-of-day adjustments. Each rate is kept as (start rate, exact ratio) so that
// a line's cost is rounded once, at the end (tokens x rate x ratio), not once per adjustment.
import type { PriceAdjustment, ServiceTier } from '../../types/cost';
import { RATE_FIELDS, type Adjustment, type AdjustmentSet, type CompiledRow, type RateField, type Rates } from './compile';
import { inWindow } from './dates';
import { mulRatio, ONE, ratioToNumber, type Ratio } from './money';
import { layers } from './table';

export interface Rate {
  /** Atto-dollars per token before adjustments. */
  start: bigint;
  ratio: Ratio;
}

export interface RatePlan {
  rates: Partial<Record<RateField, Rate>>;
  /** Fields priced with another field's rate because the row has none (reported when used). */
  fallbacks: Partial<Record<RateField, RateField>>;
  adjustments: PriceAdjustment[];
  warnings: string[];
}

export interface RateContext {
  /** Total input tokens, cache reads and writes included: what long-context thresholds compare. */
  totalInput: number;
  batch: boolean;
  tier: ServiceTier;
  fast: boolean;
  region: string | null;
  /**
   * Who named the region. The caller's choice must be priced or fail; one the usage reports or the
   * model id implies (Bedrock 'us.' profiles) falls back to no uplift where the table has none.
   */
  regionFrom: 'options' | 'usage' | 'id';
  platform: string | null;
  atMs: number;
}

/**
 * Missing rates, the way providers bill them: no cache-read price means cached tokens cost the
 * input rate, no write fee means written tokens cost the input rate, no 1-hour rate falls back to
 * the default write, and reasoning is output unless priced apart.
 */
const FALLBACK: Partial<Record<RateField, RateField>> = {
  cacheRead: 'input',
  cacheWrite: 'input',
  cacheWrite1h: 'cacheWrite',
  reasoning: 'output',
};

function resolve(rates: Rates, under: Rates | undefined): { values: Partial<Record<RateField, bigint>>; fallbacks: RatePlan['fallbacks'] } {
  const values: Partial<Record<RateField, bigint>> = {};
  const fallbacks: RatePlan['fallbacks'] = {};
  for (const field of RATE_FIELDS) {
    // A tier rate, else the base rate (LiteLLM does the same for a tier that leaves a key out).
    const own = rates[field] ?? under?.[field];
    if (own !== undefined) values[field] = own;
    else if (FALLBACK[field] !== undefined && values[FALLBACK[field]] !== undefined) {
      values[field] = values[FALLBACK[field]];
      if (field !== 'reasoning') fallbacks[field] = FALLBACK[field];
    }
  }
  return { values, fallbacks };
}

type Found<T> = { found: true; value: T } | { found: false };

/** The row's setting, else the newest table's provider default. */
function setting<K extends 'batch' | 'flex' | 'priority' | 'fast'>(row: CompiledRow, key: K): Found<Adjustment> {
  if (row[key] !== undefined) return { found: true, value: row[key] as Adjustment };
  for (const layer of layers()) {
    const defaults: AdjustmentSet | undefined = layer.providers.get(row.provider);
    if (defaults?.[key] !== undefined) return { found: true, value: defaults[key] as Adjustment };
  }
  return { found: false };
}

/** The web-search fee per request (atto-dollars), or null when the table has none. */
export function webSearchFee(row: CompiledRow): bigint | null {
  if (row.webSearch !== undefined) return row.webSearch;
  for (const layer of layers()) {
    const fee = layer.providers.get(row.provider)?.webSearch;
    if (fee !== undefined) return fee;
  }
  return null;
}

function regionSetting(row: CompiledRow, keys: string[]): Found<{ ratio: Ratio; text: string } | null> {
  for (const key of keys) {
    if (row.regions.has(key)) return { found: true, value: row.regions.get(key) ?? null };
    for (const layer of layers()) {
      const defaults = layer.providers.get(row.provider);
      if (defaults?.regions.has(key)) return { found: true, value: defaults.regions.get(key) ?? null };
    }
  }
  return { found: false };
}

/** A per-field ratio for an adjustment: a multiplier, or explicit rates relative to the base. */
function fieldRatio(adj: NonNullable<Adjustment>, field: RateField, base: Partial<Record<RateField, bigint>>): Ratio {
  if ('ratio' in adj) return adj.ratio;
  // Explicit rates (LiteLLM's *_priority, *_batches): the ratio to the base rate, so the same
  // adjustment also scales a long-context tier. A field it leaves out scales like input.
  const pick = adj.rates[field] !== undefined && base[field] ? field : 'input';
  const explicit = adj.rates[pick];
  const under = base[pick];
  return explicit !== undefined && under ? { num: explicit, den: under } : ONE;
}

export function planRates(row: CompiledRow, ctx: RateContext): RatePlan | { error: string } {
  const adjustments: PriceAdjustment[] = [];
  const warnings: string[] = [];
  const base = resolve(row.rates, undefined);

  // Whole-request tiers: above the threshold every rate switches; exactly at it, base rates.
  let tier: CompiledRow['tiers'][number] | undefined;
  for (const t of row.tiers) if (ctx.totalInput > t.above) tier = t;
  const start = tier ? resolve(tier.rates, row.rates) : base;
  if (tier) adjustments.push({ kind: 'longContext', name: `above ${tier.above} input tokens`, multiplier: null });

  const applied: Array<NonNullable<Adjustment>> = [];
  const add = (kind: PriceAdjustment['kind'], name: string, adj: NonNullable<Adjustment>): void => {
    applied.push(adj);
    adjustments.push({ kind, name, multiplier: 'ratio' in adj ? ratioToNumber(adj.ratio) : null });
  };

  if (ctx.batch) {
    const b = setting(row, 'batch');
    if (!b.found || b.value === null) return { error: `no batch price for '${row.id}'` };
    add('batch', 'batch', b.value);
  }
  if (ctx.tier !== 'standard') {
    const t = setting(row, ctx.tier);
    if (!t.found || t.value === null) return { error: `no ${ctx.tier} service-tier price for '${row.id}'` };
    add('serviceTier', ctx.tier, t.value);
  }
  if (ctx.fast) {
    const f = setting(row, 'fast');
    if (!f.found || f.value === null) return { error: `no fast-mode price for '${row.id}'` };
    add('speed', 'fast', f.value);
  }
  if (ctx.region !== null) {
    const region = ctx.region.toLowerCase();
    // Through a platform that resells the model (Bedrock, Vertex), only that platform's regional
    // prices apply; the vendor's own data-residency uplift is another product.
    const keys = ctx.platform !== null && ctx.platform !== row.provider ? [`${ctx.platform}:${region}`, `${ctx.platform}:*`] : [region, '*'];
    const r = regionSetting(row, keys);
    const missing = `no regional price for '${row.id}' in region '${ctx.region}'${ctx.platform ? ` via ${ctx.platform}` : ''}`;
    if (r.found && r.value !== null) add('region', region, r.value);
    else if (!r.found && region === 'global') {
      // 'global' is the base price wherever the table says nothing else.
    } else if (ctx.regionFrom === 'options') {
      return { error: r.found ? `region '${ctx.region}' is not offered for '${row.id}'` : missing };
    } else if (ctx.regionFrom === 'usage') {
      warnings.push(`${missing} (reported by the usage): priced without uplift`);
    }
  }
  for (const w of row.windows) if (inWindow(w.matcher, ctx.atMs)) add('timeWindow', w.name, w);

  const rates: RatePlan['rates'] = {};
  for (const field of RATE_FIELDS) {
    const value = start.values[field];
    if (value === undefined) continue;
    let ratio = ONE;
    for (const adj of applied) ratio = mulRatio(ratio, fieldRatio(adj, field, base.values));
    rates[field] = { start: value, ratio };
  }
  return { rates, fallbacks: start.fallbacks, adjustments, warnings };
}
