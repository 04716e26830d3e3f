// The SQL the SQLite and PostgreSQL ledgers share: column names, row conversion, WHERE, GROUP BY.
// The two differ only in what a Dialect gives (placeholders, UTC day/month, text ordering, booleans),
// so the same query means the same thing in both, and in the memory ledger that mirrors it.
import type { LedgerTotals, UsageRecord } from '../../types/store';
import { nanoToUsd, usdToNano } from './money';
import type { Filter, FilterField, Query, TotalsQuery } from './query';
import { RECORD_FIELDS } from './record';

export interface Dialect {
  /** The placeholder of the n-th parameter (1-based). */
  param(n: number): string;
  /** A UTC 'YYYY-MM-DD' / 'YYYY-MM' text from the time_ms column. */
  day(): string;
  month(): string;
  /** A text expression as it must be ordered: by bytes, like the memory ledger. */
  ordered(expr: string): string;
  /** How a boolean is bound. */
  bool(value: boolean): unknown;
}

/** Column names: snake_case, and never a reserved word (PostgreSQL reserves "user"). */
export const COLUMN: Record<(typeof RECORD_FIELDS)[number][0], string> = {
  key: 'key_id',
  user: 'user_id',
  runId: 'run_id',
  route: 'route',
  provider: 'provider',
  model: 'model',
  estimatedInputTokens: 'estimated_input_tokens',
  inputTokens: 'input_tokens',
  outputTokens: 'output_tokens',
  cacheReadTokens: 'cache_read_tokens',
  cacheWriteTokens: 'cache_write_tokens',
  reasoningTokens: 'reasoning_tokens',
  costUsd: 'cost_usd',
  durationMs: 'duration_ms',
  status: 'status',
  discrepancyTokens: 'discrepancy_tokens',
  exact: 'exact',
};

/** Columns of an insert, in order: id, time, the record fields, then the cost in nano-dollars. */
export const INSERT_COLUMNS = ['id', 'time_ms', ...RECORD_FIELDS.map(([name]) => COLUMN[name]), 'cost_nano'];

/** Indexed columns: each filter field with time (queries are per key/user/model/run over a range). */
export const INDEXED: FilterField[] = ['key', 'user', 'model', 'runId'];

export function insertValues(rec: UsageRecord, d: Dialect): unknown[] {
  const values: unknown[] = [rec.id, rec.time];
  for (const [name] of RECORD_FIELDS) {
    const v = rec[name];
    values.push(typeof v === 'boolean' ? d.bool(v) : v);
  }
  values.push(rec.costUsd === null ? null : usdToNano(rec.costUsd, 'costUsd'));
  return values;
}

/** A stored row back as a record. Numbers may arrive as strings (PostgreSQL's bigint) or 0/1 booleans (SQLite). */
export function rowToRecord(row: Record<string, unknown>): UsageRecord {
  const rec: Record<string, unknown> = { id: String(row.id), time: Number(row.time_ms) };
  for (const [name, kind] of RECORD_FIELDS) {
    const v = row[COLUMN[name]];
    rec[name] = v === null || v === undefined ? null : kind === 'string' ? String(v) : kind === 'boolean' ? Boolean(v) : Number(v);
  }
  return rec as unknown as UsageRecord;
}

/** WHERE clause and its parameters (numbered from `first`). */
export function where(f: Filter, d: Dialect, first = 1): { sql: string; params: unknown[] } {
  const parts: string[] = [];
  const params: unknown[] = [];
  const add = (cond: (p: string) => string, value: unknown) => {
    params.push(value);
    parts.push(cond(d.param(first + params.length - 1)));
  };
  for (const [name, value] of Object.entries(f.equals) as [FilterField, string][]) add((p) => `${COLUMN[name]} = ${p}`, value);
  if (f.from !== null) add((p) => `time_ms >= ${p}`, f.from);
  if (f.to !== null) add((p) => `time_ms < ${p}`, f.to);
  return { sql: parts.length ? ` WHERE ${parts.join(' AND ')}` : '', params };
}

export function selectRows(table: string, q: Query, d: Dialect): { sql: string; params: unknown[] } {
  const w = where(q, d);
  const n = w.params.length;
  return {
    sql:
      `SELECT id, time_ms, ${RECORD_FIELDS.map(([name]) => COLUMN[name]).join(', ')} FROM ${table}${w.sql}` +
      ` ORDER BY time_ms DESC, ${d.ordered('id')} DESC LIMIT ${d.param(n + 1)} OFFSET ${d.param(n + 2)}`,
    params: [...w.params, q.limit, q.offset],
  };
}

const SUMMED = ['inputTokens', 'outputTokens', 'cacheReadTokens', 'cacheWriteTokens', 'reasoningTokens'] as const;

export function selectTotals(table: string, q: TotalsQuery, d: Dialect): { sql: string; params: unknown[] } {
  const w = where(q, d);
  const exprs = q.groupBy.map((dim) => (dim === 'day' ? d.day() : dim === 'month' ? d.month() : COLUMN[dim]));
  const cols = [
    ...exprs.map((e, i) => `${e} AS g${i}`),
    'COUNT(*) AS calls',
    ...SUMMED.map((name) => `SUM(${COLUMN[name]}) AS ${COLUMN[name]}`),
    'SUM(cost_nano) AS cost_nano',
    'COUNT(*) - COUNT(cost_nano) AS unpriced',
  ];
  let sql = `SELECT ${cols.join(', ')} FROM ${table}${w.sql}`;
  if (exprs.length) {
    // Expressions, not aliases, in ORDER BY: PostgreSQL accepts an alias there only on its own.
    sql += ` GROUP BY ${exprs.join(', ')} ORDER BY ${exprs.map((e) => `(${e}) IS NULL, ${d.ordered(e)}`).join(', ')}`;
  }
  return { sql, params: w.params };
}

export function rowToTotals(row: Record<string, unknown>, q: TotalsQuery): LedgerTotals {
  const group: LedgerTotals['group'] = {};
  q.groupBy.forEach((dim, i) => {
    const v = row[`g${i}`];
    group[dim] = v === null || v === undefined ? null : String(v);
  });
  const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
  return {
    group,
    calls: Number(row.calls),
    inputTokens: num(row.input_tokens),
    outputTokens: num(row.output_tokens),
    cacheReadTokens: num(row.cache_read_tokens),
    cacheWriteTokens: num(row.cache_write_tokens),
    reasoningTokens: num(row.reasoning_tokens),
    costUsd: row.cost_nano === null || row.cost_nano === undefined ? null : nanoToUsd(Number(row.cost_nano)),
    unpricedCalls: Number(row.unpriced),
  };
}

/** A table name safe to write into SQL unquoted. */
export const TABLE_NAME = /^[a-z_][a-z0-9_]{0,62}$/;
