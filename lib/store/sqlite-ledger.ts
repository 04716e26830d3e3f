// The embedded default ledger: one SQLite table (created if missing) with an index per filter
// field, in a file that survives restarts and needs no server. Writes are INSERT OR IGNORE by id,
// so a record written twice (a retried flush) is counted once.
import type { ClockOptions, LedgerQuery, LedgerStore, LedgerTotalsQuery, SqliteStoreOptions, UsageRecordInput } from '../../types/store';
import { normalizeQuery, normalizeTotalsQuery } from './query';
import { normalizeRecord, normalizeRecords } from './record';
import { COLUMN, INDEXED, INSERT_COLUMNS, insertValues, rowToRecord, rowToTotals, selectRows, selectTotals, type Dialect } from './sql';
import { openSqlite } from './sqlite-open';
import { clockOption, invalid, isPlainObject } from './validate';

const TABLE = 'tokenmeter_usage';

const SQLITE: Dialect = {
  param: () => '?',
  // time_ms / 1000 is integer division here (both operands are integers): whole seconds, floored.
  day: () => `strftime('%Y-%m-%d', time_ms / 1000, 'unixepoch')`,
  month: () => `strftime('%Y-%m', time_ms / 1000, 'unixepoch')`,
  ordered: (expr) => expr, // BINARY collation: bytes
  bool: (v) => (v ? 1 : 0), // SQLite has no boolean; better-sqlite3 refuses to bind one
};

const CREATE = `
CREATE TABLE IF NOT EXISTS ${TABLE} (
  id TEXT PRIMARY KEY,
  time_ms INTEGER NOT NULL,
  key_id TEXT, user_id TEXT, run_id TEXT, route TEXT, provider TEXT, model TEXT,
  estimated_input_tokens INTEGER, input_tokens INTEGER, output_tokens INTEGER,
  cache_read_tokens INTEGER, cache_write_tokens INTEGER, reasoning_tokens INTEGER,
  cost_usd REAL, duration_ms REAL, status INTEGER, discrepancy_tokens INTEGER, exact INTEGER,
  cost_nano INTEGER
);
CREATE INDEX IF NOT EXISTS ${TABLE}_time ON ${TABLE} (time_ms);
${INDEXED.map((f) => `CREATE INDEX IF NOT EXISTS ${TABLE}_${COLUMN[f]} ON ${TABLE} (${COLUMN[f]}, time_ms);`).join('\n')}
`;

export function createSqliteLedger(options: SqliteStoreOptions & ClockOptions): LedgerStore {
  if (!isPlainObject(options)) throw invalid('createSqliteLedger expects { path }');
  const now = clockOption(options.now);
  const db = openSqlite(options.path, 'The SQLite ledger');
  db.exec(CREATE);
  const insert = db.prepare(`INSERT OR IGNORE INTO ${TABLE} (${INSERT_COLUMNS.join(', ')}) VALUES (${INSERT_COLUMNS.map(() => '?').join(', ')})`);
  const insertAll = db.transaction((recs: ReturnType<typeof normalizeRecord>[]) => {
    for (const rec of recs) insert.run(insertValues(rec, SQLITE));
  });

  return {
    kind: 'sqlite',
    async record(input: UsageRecordInput) {
      const rec = normalizeRecord(input, now);
      insert.run(insertValues(rec, SQLITE));
      return rec;
    },
    async recordMany(inputs: UsageRecordInput[]) {
      const recs = normalizeRecords(inputs, now);
      insertAll(recs);
      return recs;
    },
    async query(q?: LedgerQuery) {
      const { sql, params } = selectRows(TABLE, normalizeQuery(q), SQLITE);
      return (db.prepare(sql).all(...params) as Record<string, unknown>[]).map(rowToRecord);
    },
    async totals(q?: LedgerTotalsQuery) {
      const query = normalizeTotalsQuery(q);
      const { sql, params } = selectTotals(TABLE, query, SQLITE);
      return (db.prepare(sql).all(...params) as Record<string, unknown>[]).map((row) => rowToTotals(row, query));
    },
    async ping() {
      db.prepare('SELECT 1').get();
    },
    async close() {
      if (db.open) db.close();
    },
  };
}
