// Defensive readers for payload fields. Payloads come from the network (or from a proxy that
// rewrote them), so every field is checked rather than trusted: a wrong type reads as "not
// reported" instead of poisoning a sum.

export type Json = Record<string, unknown>;

/** An object that can hold fields (arrays and typed arrays are not events). */
export function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !ArrayBuffer.isView(value);
}

/** The object at `value[key]`, or undefined. */
export function record(value: unknown, key: string): Json | undefined {
  if (!isRecord(value)) return undefined;
  const inner = value[key];
  return isRecord(inner) ? inner : undefined;
}

/**
 * A token count: a finite non-negative number, or a string of digits (some proxies stringify
 * numbers). Anything else, null included, is "not reported".
 */
export function count(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? value : null;
  if (typeof value === 'string' && /^\d{1,15}$/.test(value)) return Number(value);
  return null;
}

/** A non-empty string, else null. */
export function text(value: unknown): string | null {
  return typeof value === 'string' && value.length > 0 ? value : null;
}

/** JSON.parse that answers undefined instead of throwing. */
export function parseJson(source: string): unknown {
  try {
    return JSON.parse(source);
  } catch {
    return undefined;
  }
}

/** Sum of the counts that are known; null when none is. */
export function sumKnown(...values: Array<number | null>): number | null {
  let total: number | null = null;
  for (const v of values) if (v !== null) total = (total ?? 0) + v;
  return total;
}

/**
 * A copy of JSON-like data, a few levels deep: what the accumulator keeps of an event must not
 * alias the caller's objects (they may be mutated or reused), and must not follow cycles.
 */
export function snapshot(value: unknown, depth = 4): unknown {
  if (value === null || typeof value !== 'object') {
    return typeof value === 'function' || typeof value === 'symbol' || typeof value === 'bigint' ? undefined : value;
  }
  if (depth === 0) return undefined;
  if (Array.isArray(value)) return value.slice(0, 64).map((item) => snapshot(item, depth - 1));
  if (ArrayBuffer.isView(value)) return undefined;
  const out: Json = {};
  for (const key of Object.keys(value)) {
    const copied = snapshot((value as Json)[key], depth - 1);
    if (copied !== undefined) out[key] = copied;
  }
  return out;
}
