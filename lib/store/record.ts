// Turns what a caller passes to record() into a complete UsageRecord: generated id and time where
// missing, null (unknown, never 0) for every other missing field, and strict type checks, because
// a ledger that silently stored a misspelt field as "unknown" would under-report without a trace.
import { randomUUID } from 'node:crypto';
import type { UsageRecord } from '../../types/store';
import { usdToNano } from './money';
import { invalid, isPlainObject, optionalString, timeValue, wholeNumber } from './validate';

type Kind = 'string' | 'count' | 'signed' | 'number' | 'boolean';

/** Every field but id and time, with its kind. The order is the column order of the SQL stores. */
export const RECORD_FIELDS: ReadonlyArray<readonly [Exclude<keyof UsageRecord, 'id' | 'time'>, Kind]> = [
  ['key', 'string'],
  ['user', 'string'],
  ['runId', 'string'],
  ['route', 'string'],
  ['provider', 'string'],
  ['model', 'string'],
  ['estimatedInputTokens', 'count'],
  ['inputTokens', 'count'],
  ['outputTokens', 'count'],
  ['cacheReadTokens', 'count'],
  ['cacheWriteTokens', 'count'],
  ['reasoningTokens', 'count'],
  ['costUsd', 'number'],
  ['durationMs', 'number'],
  ['status', 'count'],
  ['discrepancyTokens', 'signed'],
  ['exact', 'boolean'],
];

const KNOWN = new Set<string>(['id', 'time', ...RECORD_FIELDS.map(([name]) => name)]);

function field(kind: Kind, value: unknown, what: string): string | number | boolean | null {
  if (value === undefined || value === null) return null;
  switch (kind) {
    case 'string':
      return optionalString(value, what);
    case 'count':
      return wholeNumber(value, what);
    case 'signed':
      if (typeof value !== 'number' || !Number.isSafeInteger(value)) throw invalid(`${what} must be a whole number, got ${String(value)}`);
      return value;
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) throw invalid(`${what} must be a number >= 0, got ${String(value)}`);
      return value;
    case 'boolean':
      if (typeof value !== 'boolean') throw invalid(`${what} must be a boolean or null, got ${typeof value}`);
      return value;
  }
}

/** A complete, checked record. Idempotent: a normalized record normalizes to itself. */
export function normalizeRecord(input: unknown, now: () => number): UsageRecord {
  if (!isPlainObject(input)) throw invalid('a usage record must be an object');
  for (const name of Object.keys(input)) {
    if (!KNOWN.has(name)) throw invalid(`unknown usage record field '${name}'`);
  }
  const id = input.id === undefined || input.id === null ? randomUUID() : input.id;
  if (typeof id !== 'string' || id === '') throw invalid('record id must be a non-empty string');
  const time = input.time === undefined || input.time === null ? now() : timeValue(input.time, 'record time');
  if (!Number.isSafeInteger(time) || time < 0) throw invalid(`record time must be ms since the epoch, got ${time}`);
  const out: Record<string, unknown> = { id, time };
  for (const [name, kind] of RECORD_FIELDS) out[name] = field(kind, input[name], `record ${name}`);
  // Checked here so a cost no store can sum fails at the call, not later in a flush.
  if (out.costUsd !== null) usdToNano(out.costUsd, 'record costUsd');
  return out as unknown as UsageRecord;
}

export function normalizeRecords(inputs: unknown, now: () => number): UsageRecord[] {
  if (!Array.isArray(inputs)) throw invalid('recordMany expects an array of usage records');
  return inputs.map((input) => normalizeRecord(input, now));
}
