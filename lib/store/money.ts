// Costs are kept as whole nano-dollars (1e-9 USD) wherever they are summed: in SQL columns, in
// Redis hashes, in memory. Integer sums never drift, whatever their order, so every store returns
// the same totals for the same rows. A nano-dollar is far below one token's price on any model
// (the cheapest are ~2e-8 USD a token), so rounding each call's cost to it loses nothing that matters.
// Redis (Lua numbers are doubles) and JS numbers hold these exactly up to 2^53 nano-dollars, about
// 9 million USD in one window or one group: ample for a budget or a report.
import { invalid } from './validate';

export const NANO_PER_USD = 1e9;

/** A cost in USD (finite, >= 0) as whole nano-dollars, rounded to the nearest. */
export function usdToNano(usd: unknown, what: string): number {
  if (typeof usd !== 'number' || !Number.isFinite(usd) || usd < 0) {
    throw invalid(`${what} must be a number of USD >= 0, got ${String(usd)}`);
  }
  const nano = Math.round(usd * NANO_PER_USD);
  if (!Number.isSafeInteger(nano)) throw invalid(`${what} is too large: ${usd} USD`);
  return nano;
}

export function nanoToUsd(nano: number): number {
  return nano / NANO_PER_USD;
}
