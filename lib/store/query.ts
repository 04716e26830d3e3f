// Ledger query arguments, checked once and shared by every store, so that the memory, SQLite and
// PostgreSQL ledgers accept and refuse exactly the same things.
import type { LedgerGroupBy, LedgerQuery, LedgerTotalsQuery } from '../../types/store';
import { invalid, isPlainObject, timeValue, wholeNumber } from './validate';

/** The string fields a filter can match, in the public (camelCase) names. */
export const FILTER_FIELDS = ['key', 'user', 'model', 'runId'] as const;
export type FilterField = (typeof FILTER_FIELDS)[number];

export interface Filter {
  /** Exact matches; a field that is absent is not filtered on. */
  equals: Partial<Record<FilterField, string>>;
  /** Inclusive lower bound, exclusive upper bound, in ms; null when open. */
  from: number | null;
  to: number | null;
}

export interface Query extends Filter {
  limit: number;
  offset: number;
}

export interface TotalsQuery extends Filter {
  groupBy: LedgerGroupBy[];
}

export const DEFAULT_LIMIT = 1000;

const GROUP_BY = new Set<LedgerGroupBy>(['key', 'user', 'model', 'runId', 'day', 'month']);
const FILTER_KEYS = new Set<string>([...FILTER_FIELDS, 'from', 'to']);

function filterOf(q: Record<string, unknown>, extra: readonly string[]): Filter {
  for (const name of Object.keys(q)) {
    if (!FILTER_KEYS.has(name) && !extra.includes(name)) throw invalid(`unknown ledger query field '${name}'`);
  }
  const equals: Filter['equals'] = {};
  for (const name of FILTER_FIELDS) {
    const value = q[name];
    if (value === undefined) continue;
    if (typeof value !== 'string') throw invalid(`ledger query ${name} must be a string, got ${typeof value}`);
    equals[name] = value;
  }
  const from = q.from === undefined ? null : timeValue(q.from, 'ledger query from');
  const to = q.to === undefined ? null : timeValue(q.to, 'ledger query to');
  return { equals, from, to };
}

export function normalizeQuery(q: LedgerQuery | undefined): Query {
  if (q === undefined) q = {};
  if (!isPlainObject(q)) throw invalid('a ledger query must be an object');
  const limit = q.limit === undefined ? DEFAULT_LIMIT : wholeNumber(q.limit, 'ledger query limit');
  const offset = q.offset === undefined ? 0 : wholeNumber(q.offset, 'ledger query offset');
  return { ...filterOf(q, ['limit', 'offset']), limit, offset };
}

export function normalizeTotalsQuery(q: LedgerTotalsQuery | undefined): TotalsQuery {
  if (q === undefined) q = {};
  if (!isPlainObject(q)) throw invalid('a ledger totals query must be an object');
  const raw = q.groupBy === undefined ? [] : Array.isArray(q.groupBy) ? q.groupBy : [q.groupBy];
  const groupBy: LedgerGroupBy[] = [];
  for (const dim of raw) {
    if (!GROUP_BY.has(dim as LedgerGroupBy)) throw invalid(`ledger totals cannot group by ${JSON.stringify(dim)}`);
    if (!groupBy.includes(dim)) groupBy.push(dim);
  }
  return { ...filterOf(q, ['groupBy']), groupBy };
}

/** '2026-11-23': the UTC calendar day of a time. */
export function utcDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** '2026-11': the UTC calendar month of a time. */
export function utcMonth(ms: number): string {
  return new Date(ms).toISOString().slice(0, 7);
}

/**
 * The order of group values every store uses: by UTF-8 bytes (SQLite's BINARY collation, and
 * PostgreSQL's "C"), unknown (null) last.
 */
export function compareGroupValues(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}
