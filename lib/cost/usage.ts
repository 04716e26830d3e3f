// A normalized usage -> disjoint token classes, each billed at one rate. The usage's inputTokens is
// the TOTAL (uncached + cache reads + writes): pricing it whole and the cache classes again is the
// double count users keep reporting against LiteLLM (#9812, #11364), so uncached is what is left.
import type { NormalizedUsage } from '../../types/cost';
import { TokenmeterError } from '../errors';

export interface TokenSplit {
  input: number;
  cacheRead: number;
  /** Default-TTL writes: the 5-minute split plus writes the usage did not split by TTL. */
  cacheWrite: number;
  cacheWrite1h: number;
  /** Output including reasoning. */
  output: number;
  reasoning: number;
  /** What long-context thresholds compare. */
  totalInput: number;
  /** false when input or output was not reported. */
  complete: boolean;
}

const COUNT_FIELDS = [
  'inputTokens',
  'uncachedInputTokens',
  'cacheReadTokens',
  'cacheWriteTokens',
  'cacheWrite5mTokens',
  'cacheWrite1hTokens',
  'outputTokens',
  'reasoningTokens',
] as const;

function count(usage: NormalizedUsage, field: (typeof COUNT_FIELDS)[number]): number | null {
  const v = usage[field];
  if (v === undefined || v === null) return null;
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) {
    throw new TokenmeterError('ERR_INVALID_ARGUMENT', `usage.${field} must be a non-negative integer or null, got ${String(v)}`);
  }
  return v;
}

export function checkUsage(usage: unknown): asserts usage is NormalizedUsage {
  if (typeof usage !== 'object' || usage === null || Array.isArray(usage)) {
    throw new TokenmeterError('ERR_INVALID_ARGUMENT', 'usage must be an object such as { inputTokens, outputTokens }');
  }
  for (const field of COUNT_FIELDS) count(usage as NormalizedUsage, field);
}

export function splitUsage(usage: NormalizedUsage): TokenSplit {
  const read = count(usage, 'cacheReadTokens') ?? 0;
  const written = count(usage, 'cacheWriteTokens');
  const w5 = count(usage, 'cacheWrite5mTokens');
  const w1 = count(usage, 'cacheWrite1hTokens');
  let cacheWrite: number;
  let cacheWrite1h = 0;
  if (w5 !== null || w1 !== null) {
    cacheWrite1h = w1 ?? 0;
    // Written tokens beyond the TTL split have no TTL: the default (5-minute) rate.
    cacheWrite = (w5 ?? 0) + Math.max(0, (written ?? 0) - (w5 ?? 0) - cacheWrite1h);
  } else {
    cacheWrite = written ?? 0;
  }
  const cached = read + cacheWrite + cacheWrite1h;

  const total = count(usage, 'inputTokens');
  const uncached = count(usage, 'uncachedInputTokens');
  let input: number;
  if (uncached !== null) input = uncached;
  else if (total !== null) input = Math.max(0, total - cached);
  else input = 0;

  const output = count(usage, 'outputTokens');
  return {
    input,
    cacheRead: read,
    cacheWrite,
    cacheWrite1h,
    output: output ?? 0,
    // A subset of output (every provider checked counts thinking inside output): never added.
    reasoning: Math.min(count(usage, 'reasoningTokens') ?? 0, output ?? 0),
    totalInput: Math.max(total ?? 0, input + cached),
    complete: (total !== null || uncached !== null) && output !== null,
  };
}
