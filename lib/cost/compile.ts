// Price rows as data (PriceRowData, USD per million tokens) -> checked, exact, ready-to-use rows.
// Validation happens here, once, so that a malformed table is refused before it replaces anything.
import type {
  PriceAdjustmentData,
  PriceRates,
  PriceRowData,
  PriceValue,
  ProviderDefaultsData,
  TimeWindowData,
} from '../../types/cost';
import { TokenmeterError } from '../errors';
import { compileWindow, parseBound, type WindowMatcher } from './dates';
import { normalizeProvider } from './model-id';
import { parseRatio, ratePerMillionToAtto, type Ratio } from './money';

export const RATE_FIELDS = ['input', 'cacheRead', 'cacheWrite', 'cacheWrite1h', 'output', 'reasoning'] as const;
export type RateField = (typeof RATE_FIELDS)[number];
/** Atto-dollars per token; a field that is absent is not priced by the row. */
export type Rates = Partial<Record<RateField, bigint>>;

/** A multiplier on every rate, or explicit rates; null = the option is not offered. */
export type Adjustment = { ratio: Ratio; text: string } | { rates: Rates } | null;

export interface AdjustmentSet {
  /** undefined = not set here (inherit the provider default). */
  batch?: Adjustment;
  flex?: Adjustment;
  priority?: Adjustment;
  fast?: Adjustment;
  regions: Map<string, { ratio: Ratio; text: string } | null>;
  /** Atto-dollars per web search request; undefined = not set here, null = none. */
  webSearch?: bigint | null;
}

export interface CompiledWindow {
  name: string;
  matcher: WindowMatcher;
  ratio: Ratio;
  text: string;
}

export interface CompiledRow extends AdjustmentSet {
  id: string;
  provider: string;
  aliases: string[];
  from: number;
  to: number;
  validFrom: string | null;
  validTo: string | null;
  rates: Rates;
  /** Ascending by threshold. */
  tiers: Array<{ above: number; rates: Rates }>;
  windows: CompiledWindow[];
  promoEnd: { ms: number; text: string } | null;
  scheduled: boolean;
  source: string;
  checked: string | null;
}

function bad(message: string): never {
  throw new TokenmeterError('ERR_INVALID_ARGUMENT', message);
}

function isValue(v: unknown): v is PriceValue {
  return typeof v === 'number' || typeof v === 'string';
}

export function compileRates(data: PriceRates, what: string): Rates {
  const rates: Rates = {};
  for (const field of RATE_FIELDS) {
    const v = data[field];
    if (v === undefined || v === null) continue;
    if (!isValue(v)) bad(`${what}.${field} must be a number (USD per million tokens)`);
    rates[field] = ratePerMillionToAtto(v, `${what}.${field}`);
  }
  return rates;
}

function compileRatio(v: PriceValue, what: string): { ratio: Ratio; text: string } {
  return { ratio: parseRatio(v, what), text: String(v) };
}

function compileAdjustment(v: PriceAdjustmentData | undefined, what: string): Adjustment | undefined {
  if (v === undefined) return undefined;
  if (v === null) return null;
  if (isValue(v)) return compileRatio(v, what);
  if (typeof v === 'object' && !Array.isArray(v)) return { rates: compileRates(v, what) };
  return bad(`${what} must be a multiplier, an object of rates, or null`);
}

export function compileAdjustments(data: ProviderDefaultsData, what: string): AdjustmentSet {
  const tiers = data.serviceTiers ?? {};
  if (typeof tiers !== 'object' || tiers === null) bad(`${what}.serviceTiers must be an object`);
  const speeds = data.speeds ?? {};
  if (typeof speeds !== 'object' || speeds === null) bad(`${what}.speeds must be an object`);
  const search = data.webSearchPerThousand;
  if (search !== undefined && search !== null && !isValue(search)) bad(`${what}.webSearchPerThousand must be a number`);
  const regions = new Map<string, { ratio: Ratio; text: string } | null>();
  if (data.regions !== undefined) {
    if (typeof data.regions !== 'object' || data.regions === null) bad(`${what}.regions must be an object`);
    for (const [code, v] of Object.entries(data.regions)) {
      regions.set(code.toLowerCase(), v === null ? null : compileRatio(v, `${what}.regions.${code}`));
    }
  }
  return {
    batch: compileAdjustment(data.batch, `${what}.batch`),
    flex: compileAdjustment(tiers.flex, `${what}.serviceTiers.flex`),
    priority: compileAdjustment(tiers.priority, `${what}.serviceTiers.priority`),
    fast: compileAdjustment(speeds.fast, `${what}.speeds.fast`),
    regions,
    // USD per 1000 requests = atto-dollars per request x 1e-15: the per-million scale, shifted by 3.
    webSearch: search === undefined || search === null ? search : ratePerMillionToAtto(search, `${what}.webSearchPerThousand`) * 1000n,
  };
}

function compileWindows(list: TimeWindowData[] | undefined, what: string): CompiledWindow[] {
  if (list === undefined) return [];
  if (!Array.isArray(list)) bad(`${what} must be an array`);
  return list.map((w, i) => {
    const at = `${what}[${i}]`;
    if (typeof w !== 'object' || w === null || !isValue(w.multiplier)) bad(`${at} needs a numeric multiplier`);
    return {
      name: typeof w.name === 'string' ? w.name : `window ${i}`,
      matcher: compileWindow(w.days, w.hoursUtc, at),
      ...compileRatio(w.multiplier, `${at}.multiplier`),
    };
  });
}

export function compileRow(data: PriceRowData, index: number): CompiledRow {
  if (typeof data !== 'object' || data === null) bad(`models[${index}] must be an object`);
  if (typeof data.model !== 'string' || data.model.trim() === '') bad(`models[${index}].model must be a non-empty string`);
  const what = `price row '${data.model}'`;
  if (typeof data.provider !== 'string' || data.provider === '') bad(`${what}: provider must be a string`);
  if (typeof data.source !== 'string' || data.source === '') bad(`${what}: source must say where the price comes from`);
  if (data.aliases !== undefined && (!Array.isArray(data.aliases) || data.aliases.some((a) => typeof a !== 'string'))) {
    bad(`${what}: aliases must be an array of strings`);
  }
  const rates = compileRates(data, what);
  if (rates.input === undefined && rates.output === undefined) bad(`${what}: needs at least an input or an output rate`);

  if (!Array.isArray(data.longContext ?? [])) bad(`${what}: longContext must be an array`);
  const tiers = (data.longContext ?? []).map((t, i) => {
    if (typeof t !== 'object' || t === null || !Number.isSafeInteger(t.aboveInputTokens) || t.aboveInputTokens < 0) {
      bad(`${what}: longContext[${i}].aboveInputTokens must be a non-negative integer`);
    }
    return { above: t.aboveInputTokens, rates: compileRates(t, `${what}.longContext[${i}]`) };
  });
  tiers.sort((a, b) => a.above - b.above);

  const from = parseBound(data.validFrom, false, `${what}: validFrom`);
  const to = parseBound(data.validTo, true, `${what}: validTo`);
  if (from > to) bad(`${what}: validFrom is after validTo`);

  return {
    id: data.model.trim().toLowerCase(),
    provider: normalizeProvider(data.provider),
    aliases: (data.aliases ?? []).map((a) => a.trim().toLowerCase()),
    from,
    to,
    validFrom: data.validFrom ?? null,
    validTo: data.validTo ?? null,
    rates,
    tiers,
    ...compileAdjustments(data, what),
    windows: compileWindows(data.timeWindows, `${what}.timeWindows`),
    promoEnd: data.promo ? { ms: parseBound(data.promo.endsNoEarlierThan, true, `${what}: promo.endsNoEarlierThan`), text: data.promo.endsNoEarlierThan } : null,
    scheduled: data.scheduled === true,
    source: data.source,
    checked: data.checked ?? null,
  };
}
