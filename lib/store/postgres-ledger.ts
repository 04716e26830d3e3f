// The shared ledger for several gateway instances: one PostgreSQL table, created if missing, written
// with INSERT ... ON CONFLICT (id) DO NOTHING so a retried write (a flush after an outage, where the
// first attempt may have committed before the connection dropped) is counted once.
// Times are kept as bigint ms (exact, and the same numbers as the other stores); SQL users can read
// them with to_timestamp(time_ms / 1000.0).
import type { Pool as PgPool } from 'pg';
import type { LedgerQuery, LedgerStore, LedgerTotalsQuery, PostgresLedgerOptions, UsageRecord, UsageRecordInput } from '../../types/store';
import { loadOptional } from './load';
import { normalizeQuery, normalizeTotalsQuery } from './query';
import { normalizeRecord, normalizeRecords } from './record';
import { COLUMN, INDEXED, INSERT_COLUMNS, insertValues, rowToRecord, rowToTotals, selectRows, selectTotals, TABLE_NAME, type Dialect } from './sql';
import { clockOption, invalid, isPlainObject, positiveOption } from './validate';

const POSTGRES: Dialect = {
  param: (n) => `$${n}`,
  // time_ms / 1000 is bigint division: whole seconds, floored for times after 1970.
  day: () => `to_char(to_timestamp(time_ms / 1000) AT TIME ZONE 'UTC', 'YYYY-MM-DD')`,
  month: () => `to_char(to_timestamp(time_ms / 1000) AT TIME ZONE 'UTC', 'YYYY-MM')`,
  // The database's collation may be a locale's; "C" orders by bytes, like SQLite and the memory store.
  ordered: (expr) => `(${expr}) COLLATE "C"`,
  bool: (v) => v,
};

/** PostgreSQL accepts at most 65535 parameters per statement: 20 columns x 500 rows stays well below. */
const ROWS_PER_INSERT = 500;

function createSql(table: string): string {
  return `
CREATE TABLE IF NOT EXISTS ${table} (
  id text PRIMARY KEY,
  time_ms bigint NOT NULL,
  key_id text, user_id text, run_id text, route text, provider text, model text,
  estimated_input_tokens bigint, input_tokens bigint, output_tokens bigint,
  cache_read_tokens bigint, cache_write_tokens bigint, reasoning_tokens bigint,
  cost_usd double precision, duration_ms double precision, status integer, discrepancy_tokens bigint, exact boolean,
  cost_nano bigint
);
CREATE INDEX IF NOT EXISTS ${table}_time ON ${table} (time_ms);
${INDEXED.map((f) => `CREATE INDEX IF NOT EXISTS ${table}_${COLUMN[f]} ON ${table} (${COLUMN[f]}, time_ms);`).join('\n')}`;
}

/** Two processes creating the same table at once: the loser sees a duplicate, which is success. */
function isAlreadyCreated(err: unknown): boolean {
  const code = (err as { code?: string })?.code;
  return code === '23505' || code === '42P07' || code === '42710';
}

export function createPostgresLedger(options: PostgresLedgerOptions): LedgerStore {
  if (!isPlainObject(options) || typeof options.url !== 'string') throw invalid('createPostgresLedger expects { url }');
  const now = clockOption(options.now);
  const table = options.table ?? 'tokenmeter_usage';
  if (typeof table !== 'string' || !TABLE_NAME.test(table)) throw invalid(`table must match ${TABLE_NAME}, got ${String(table)}`);
  const poolSize = positiveOption(options.poolSize, 4, 'poolSize');
  const connectTimeoutMs = positiveOption(options.connectTimeoutMs, 5000, 'connectTimeoutMs');

  const pg = loadOptional<typeof import('pg')>('pg', 'The PostgreSQL ledger');
  const pool: PgPool = new pg.Pool({
    connectionString: options.url,
    max: poolSize,
    connectionTimeoutMillis: connectTimeoutMs,
    idleTimeoutMillis: 10000,
  });
  // An idle connection that the server drops (a restart) is reported here; without a listener
  // the 'error' event would crash the process. The next query gets a fresh connection.
  pool.on('error', () => {});
  let closed = false;

  // Created lazily and retried after a failure, so a ledger made while the server is down starts
  // working (and its buffered records are written) once the server is up.
  let ready: Promise<void> | null = null;
  const ensureTable = (): Promise<void> => {
    const ddl = createSql(table);
    // A lost creation race aborts the rest of the script (the indexes), so it runs once more: by
    // then the table exists and every IF NOT EXISTS passes.
    ready ??= pool
      .query(ddl)
      .catch((err) => (isAlreadyCreated(err) ? pool.query(ddl) : Promise.reject(err)))
      .then(
        () => undefined,
        (err) => {
          ready = null;
          throw err;
        },
      );
    return ready;
  };

  const insert = async (recs: UsageRecord[]): Promise<void> => {
    await ensureTable();
    for (let i = 0; i < recs.length; i += ROWS_PER_INSERT) {
      const chunk = recs.slice(i, i + ROWS_PER_INSERT);
      const params: unknown[] = [];
      const rows = chunk.map((rec) => {
        const values = insertValues(rec, POSTGRES);
        const start = params.length;
        params.push(...values);
        return `(${values.map((_, j) => `$${start + j + 1}`).join(', ')})`;
      });
      // One statement per chunk: it commits whole or not at all, so a retry never half-repeats it.
      await pool.query(`INSERT INTO ${table} (${INSERT_COLUMNS.join(', ')}) VALUES ${rows.join(', ')} ON CONFLICT (id) DO NOTHING`, params);
    }
  };

  return {
    kind: 'postgres',
    async record(input: UsageRecordInput) {
      const rec = normalizeRecord(input, now);
      await insert([rec]);
      return rec;
    },
    async recordMany(inputs: UsageRecordInput[]) {
      const recs = normalizeRecords(inputs, now);
      if (recs.length) await insert(recs);
      return recs;
    },
    async query(q?: LedgerQuery) {
      const { sql, params } = selectRows(table, normalizeQuery(q), POSTGRES);
      await ensureTable();
      return (await pool.query(sql, params)).rows.map(rowToRecord);
    },
    async totals(q?: LedgerTotalsQuery) {
      const query = normalizeTotalsQuery(q);
      const { sql, params } = selectTotals(table, query, POSTGRES);
      await ensureTable();
      return (await pool.query(sql, params)).rows.map((row) => rowToTotals(row, query));
    },
    async ping() {
      await pool.query('SELECT 1');
    },
    async close() {
      if (closed) return;
      closed = true;
      await pool.end();
    },
  };
}
