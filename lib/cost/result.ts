// Building a CostResult: the priced lines, the per-request web-search line, the price description
// with its warnings, and the flagged $0 result of unknownModel 'zero'.
import type { CostLine, CostResult, NormalizedUsage, PriceInfo } from '../../types/cost';
import { TokenmeterError } from '../errors';
import type { CompiledRow } from './compile';
import { applyRatio, attoToNumber, formatUsd, rateToPerMillion } from './money';
import { webSearchFee, type RatePlan } from './rates';
import { layers } from './table';
import type { TokenSplit } from './usage';

export const LINE_ORDER = ['input', 'cacheRead', 'cacheWrite', 'cacheWrite1h', 'output', 'reasoning'] as const;
export type TokenKind = (typeof LINE_ORDER)[number];

const FALLBACK_WORDS: Partial<Record<TokenKind, string>> = {
  cacheRead: 'cached tokens priced at the input rate (no cache-read price)',
  cacheWrite: 'cache-write tokens priced at the input rate (no write fee listed)',
  cacheWrite1h: '1-hour cache writes priced at the default write rate (no 1-hour price)',
};

/** tokens x rate for each class, one rounding per line; or the first class the plan cannot price. */
export function priceLines(tokens: Record<TokenKind, number>, plan: RatePlan, warnings: string[]): { lines: CostLine[]; total: bigint } | { missing: TokenKind } {
  const lines: CostLine[] = [];
  let total = 0n;
  for (const kind of LINE_ORDER) {
    const n = tokens[kind];
    if (n === 0) continue;
    const rate = plan.rates[kind];
    if (rate === undefined) return { missing: kind };
    if (plan.fallbacks[kind] !== undefined) warnings.push(`${n} ${FALLBACK_WORDS[kind]}`);
    const cost = applyRatio(BigInt(n) * rate.start, rate.ratio); // exact to 1e-18 USD
    total += cost;
    lines.push({
      kind,
      tokens: n,
      ratePerMillion: rateToPerMillion(applyRatio(rate.start, rate.ratio)),
      cost: attoToNumber(cost),
      costExact: formatUsd(cost),
    });
  }
  return { lines, total };
}

/** Server-side web searches: a per-request fee, outside the token rates (no batch or tier discount). */
export function webSearchLine(row: CompiledRow, usage: NormalizedUsage, lines: CostLine[], warnings: string[]): bigint {
  const requests = usage.webSearchRequests;
  if (requests === undefined || requests === null || requests === 0) return 0n;
  if (typeof requests !== 'number' || !Number.isSafeInteger(requests) || requests < 0) {
    throw new TokenmeterError('ERR_INVALID_ARGUMENT', 'usage.webSearchRequests must be a non-negative integer or null');
  }
  const fee = webSearchFee(row);
  if (fee === null) {
    warnings.push(`${requests} web search requests not included (no per-request price for '${row.id}')`);
    return 0n;
  }
  const cost = BigInt(requests) * fee;
  lines.push({
    kind: 'webSearch',
    tokens: 0,
    ratePerMillion: 0,
    cost: attoToNumber(cost),
    costExact: formatUsd(cost),
    requests,
    ratePerThousandRequests: attoToNumber(fee * 1000n),
  });
  return cost;
}

/** Why a price may be out of date: a promotion past its announced end, or an announced future price. */
function staleness(row: CompiledRow, atMs: number): string[] {
  const notes: string[] = [];
  if (row.promoEnd !== null && atMs > row.promoEnd.ms) {
    notes.push(`promotional price announced through at least ${row.promoEnd.text}; no later price is known to this table`);
  }
  if (row.scheduled) {
    const generated = layers().find((l) => l.rowsById.get(row.id)?.includes(row))?.generated;
    notes.push(`price announced for ${row.validFrom ?? 'this date'}, not yet confirmed in effect when the table was made${generated ? ` (${generated})` : ''}`);
  }
  return notes;
}

export function priceInfo(row: CompiledRow, plan: RatePlan, warnings: string[], atMs: number): PriceInfo {
  const stale = staleness(row, atMs);
  return {
    model: row.id,
    provider: row.provider,
    source: row.source,
    validFrom: row.validFrom,
    validTo: row.validTo,
    checked: row.checked,
    adjustments: plan.adjustments,
    stale: stale.length > 0,
    warnings: [...stale, ...warnings],
  };
}

/** The lines of a split, zero-rated and flagged: what unknownModel 'zero' returns. */
export function zeroCost(split: TokenSplit, model: string, provider: string | null, reason: string): CostResult {
  const lines: CostLine[] = [];
  for (const kind of LINE_ORDER) {
    // Reasoning stays inside output: with no rates there is nothing to show apart.
    if (split[kind] > 0 && kind !== 'reasoning') lines.push({ kind, tokens: split[kind], ratePerMillion: 0, cost: 0, costExact: '0' });
  }
  return {
    total: 0,
    totalExact: '0',
    currency: 'USD',
    lines,
    price: {
      model,
      provider: provider ?? 'unknown',
      source: "none: no price known, priced at $0 because unknownModel is 'zero'",
      validFrom: null,
      validTo: null,
      checked: null,
      adjustments: [],
      stale: false,
      warnings: [reason],
      unknown: true,
    },
    complete: split.complete,
  };
}
