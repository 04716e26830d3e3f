// The normalized numbers one shape's normalizer produces, and how they become the public result.
// Shape normalizers fill only what their provider reports; the arithmetic every provider shares
// (the uncached part, "available") lives here once.
import type { UsageResult, UsageProvider } from '../../types/usage';
import type { UsageState } from './state';

/** What a normalizer may consult besides the usage fields. */
export interface NormalizeContext {
  state: UsageState;
  /** options.provider, else the detected provider. */
  provider: UsageProvider | null;
  /** The served model, else options.model. */
  model: string | null;
}

export interface Reading {
  /** Total billed input, cache reads and writes included. */
  input: number | null;
  /**
   * The part billed at the base rate, when the provider reports it directly (Anthropic's and
   * Bedrock's input_tokens); otherwise derived from input minus cache reads and writes.
   */
  uncached?: number | null;
  cacheRead: number | null;
  cacheWrite: number | null;
  /** Cache writes by TTL as reported ('5m', '1h', '30m', '12h'...). */
  writeByTtl: Record<string, number> | null;
  output: number | null;
  reasoning: number | null;
  initialInput?: number | null;
  webSearch?: number | null;
  serviceTier?: string | null;
  region?: string | null;
  speed?: string | null;
  cost?: number | null;
}

export function emptyReading(): Reading {
  return { input: null, cacheRead: null, cacheWrite: null, writeByTtl: null, output: null, reasoning: null };
}

export function toResult(reading: Reading, model: string | null, provider: UsageProvider | null): UsageResult {
  const { input, cacheRead, cacheWrite } = reading;
  let uncached = reading.uncached ?? null;
  if (reading.uncached === undefined && input !== null) {
    // Clamped: a proxy that reports more cached than total input must not yield a negative count.
    uncached = Math.max(0, input - (cacheRead ?? 0) - (cacheWrite ?? 0));
  }
  const byTtl = reading.writeByTtl;
  return {
    inputTokens: input,
    uncachedInputTokens: uncached,
    cacheReadTokens: cacheRead,
    cacheWriteTokens: cacheWrite,
    cacheWrite5mTokens: byTtl?.['5m'] ?? null,
    cacheWrite1hTokens: byTtl?.['1h'] ?? null,
    cacheWriteByTtl: byTtl === null ? null : Object.freeze({ ...byTtl }),
    outputTokens: reading.output,
    reasoningTokens: reading.reasoning,
    initialInputTokens: reading.initialInput ?? null,
    webSearchRequests: reading.webSearch ?? null,
    model,
    provider,
    serviceTier: reading.serviceTier ?? null,
    region: reading.region ?? null,
    speed: reading.speed ?? null,
    cost: reading.cost ?? null,
    // The billed input is what every cost and every estimate check needs; without it the report
    // is "unavailable", even if some other count came through (Ollama's eval_count on a cache hit).
    available: input !== null,
  };
}

/** Keeps the TTL entries that were reported; null when none was. */
export function ttlMap(entries: Array<[string, number | null]>): Record<string, number> | null {
  let map: Record<string, number> | null = null;
  for (const [ttl, tokens] of entries) {
    if (tokens === null) continue;
    map ??= {};
    map[ttl] = (map[ttl] ?? 0) + tokens;
  }
  return map;
}
