// Exact money arithmetic. Every amount is a BigInt count of atto-dollars (1e-18 USD), and every
// rate a BigInt count of atto-dollars per token (= USD per million tokens x 1e12). A rate written
// with up to 12 decimals per million tokens (LiteLLM's per-token figures: up to 18 decimals) is
// therefore held exactly, tokens x rate is an exact integer, and sums of any length never drift.
// Floating point only appears at the very end, when an exact amount is shown as a JS number.
import { TokenmeterError } from '../errors';

/** Atto-dollars per dollar. */
export const ATTO_PER_USD = 10n ** 18n;

/** A non-negative decimal as digits x 10^exponent, parsed from a number's shortest text or a string. */
interface Decimal {
  digits: bigint;
  exponent: number;
}

const DECIMAL_TEXT = /^(\d*)(?:\.(\d*))?(?:e([+-]?\d+))?$/i;

function parseDecimal(value: number | string, what: string): Decimal {
  // Number#toString gives the shortest text that round-trips, so 0.15 reads as "0.15", not as the
  // binary double 0.1499999999999999944...: a rate means what its author typed.
  const text = typeof value === 'number' ? (Number.isFinite(value) ? String(value) : '') : value.trim();
  const match = DECIMAL_TEXT.exec(text);
  if (match === null || (match[1] === '' && (match[2] ?? '') === '')) {
    throw new TokenmeterError('ERR_INVALID_ARGUMENT', `${what} must be a non-negative decimal number, got ${JSON.stringify(value)}`);
  }
  const fraction = match[2] ?? '';
  return {
    digits: BigInt((match[1] || '0') + fraction),
    exponent: Number(match[3] ?? 0) - fraction.length,
  };
}

/** a / b rounded half to even (b > 0): the rounding that has no bias over many amounts. */
export function divRound(a: bigint, b: bigint): bigint {
  const q = a / b;
  const r = a % b;
  const twice = 2n * (r < 0n ? -r : r);
  if (twice < b || (twice === b && q % 2n === 0n)) return q;
  return a < 0n ? q - 1n : q + 1n;
}

/** value x 10^shift as an integer, rounded half to even when digits fall off. */
function scale(d: Decimal, shift: number): bigint {
  const e = d.exponent + shift;
  return e >= 0 ? d.digits * 10n ** BigInt(e) : divRound(d.digits, 10n ** BigInt(-e));
}

/** A rate in USD per million tokens as atto-dollars per token. */
export function ratePerMillionToAtto(value: number | string, what: string): bigint {
  return scale(parseDecimal(value, what), 12);
}

/** A rate in USD per token (LiteLLM's unit) as atto-dollars per token. */
export function ratePerTokenToAtto(value: number | string, what: string): bigint {
  return scale(parseDecimal(value, what), 18);
}

/**
 * A decimal times 10^places, as exact decimal text ('3e-06' with 6 -> '3e0'): LiteLLM's per-token
 * prices become per-million prices without passing through floating point.
 */
export function shiftDecimalText(value: number | string, places: number, what: string): string {
  const d = parseDecimal(value, what);
  return `${d.digits}e${d.exponent + places}`;
}

/** A multiplier such as 1.1 or 0.5 as an exact fraction. */
export interface Ratio {
  num: bigint;
  den: bigint;
}

export function parseRatio(value: number | string, what: string): Ratio {
  const d = parseDecimal(value, what);
  return d.exponent >= 0
    ? { num: d.digits * 10n ** BigInt(d.exponent), den: 1n }
    : { num: d.digits, den: 10n ** BigInt(-d.exponent) };
}

export const ONE: Ratio = { num: 1n, den: 1n };

export function mulRatio(a: Ratio, b: Ratio): Ratio {
  return { num: a.num * b.num, den: a.den * b.den };
}

export function ratioToNumber(r: Ratio): number {
  return Number.parseFloat(formatScaled(divRound(r.num * 10n ** 18n, r.den), 18));
}

/** amount x ratio, rounded half to even to a whole atto-dollar. */
export function applyRatio(amount: bigint, r: Ratio): bigint {
  return r.den === 1n ? amount * r.num : divRound(amount * r.num, r.den);
}

/** An integer with `decimals` implied decimal places as plain decimal text, trailing zeros dropped. */
function formatScaled(value: bigint, decimals: number): string {
  const negative = value < 0n;
  const digits = (negative ? -value : value).toString().padStart(decimals + 1, '0');
  const whole = digits.slice(0, digits.length - decimals);
  const fraction = digits.slice(digits.length - decimals).replace(/0+$/, '');
  return (negative ? '-' : '') + whole + (fraction === '' ? '' : '.' + fraction);
}

/** Atto-dollars as exact decimal USD text, e.g. 150000000000n -> "0.00000015". */
export function formatUsd(atto: bigint): string {
  return formatScaled(atto, 18);
}

/**
 * Atto-dollars as the JS number nearest to the exact amount. parseFloat of the exact decimal text
 * rounds once (correctly); Number(atto) / 1e18 would round twice and can be off by one ulp.
 */
export function attoToNumber(atto: bigint): number {
  return Number.parseFloat(formatUsd(atto));
}

/** An atto-dollars-per-token rate as USD per million tokens (a JS number, for display). */
export function rateToPerMillion(attoPerToken: bigint): number {
  return Number.parseFloat(formatScaled(attoPerToken, 12));
}

/** Exact decimal USD text (as produced by formatUsd, or any decimal) back to atto-dollars. */
export function parseUsd(value: number | string, what: string): bigint {
  const text = typeof value === 'string' ? value.trim() : String(value);
  const negative = text.startsWith('-');
  const atto = scale(parseDecimal(negative ? text.slice(1) : text, what), 18);
  return negative ? -atto : atto;
}
