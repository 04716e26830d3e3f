// The conformance suites against SQLite files in a temporary directory, and what only a file gives:
// the data survives a restart, WAL is on, and two connections (two processes) share it.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createSqliteBudgets, createSqliteLedger } from '../../lib/store';
import { budgetConformance } from './helpers/budget-conformance';
import { ledgerConformance } from './helpers/ledger-conformance';
import { unique } from './helpers/env';

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tokenmeter-sqlite-'));
});
afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});
const file = () => path.join(dir, `${unique()}.db`);

describe('sqlite ledger', () => {
  ledgerConformance({ open: (now) => createSqliteLedger({ path: file(), now }), dispose: (s) => s.close() });

  test('survives a restart, in WAL mode', async () => {
    const p = file();
    const a = createSqliteLedger({ path: p });
    await a.record({ id: 'kept', user: 'alice', inputTokens: 3 });
    await a.close();
    const b = createSqliteLedger({ path: p });
    expect((await b.query()).map((r) => r.id)).toEqual(['kept']);
    await b.close();
    expect(fs.existsSync(p)).toBe(true);
    const Database = require('better-sqlite3');
    const db = new Database(p, { readonly: true });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
  });

  test("':memory:' works for throw-away use", async () => {
    const s = createSqliteLedger({ path: ':memory:' });
    await s.record({ id: 'x' });
    expect(await s.query()).toHaveLength(1);
    await s.close();
  });
});

describe('sqlite budgets', () => {
  budgetConformance({ open: (now) => createSqliteBudgets({ path: file(), now }), dispose: (s) => s.close() });

  test('two connections to one file share the windows and reservations', async () => {
    const p = file();
    const a = createSqliteBudgets({ path: p });
    const b = createSqliteBudgets({ path: p });
    const limit = { tokens: 10 };
    const r = await a.consume({ scope: 's', window: 'day', limit, amount: { tokens: 6 } });
    expect((await b.consume({ scope: 's', window: 'day', limit, amount: { tokens: 6 } })).allowed).toBe(false);
    expect(await b.settle(r.reservationId!, { tokens: 2 })).toBe(true);
    expect((await a.usage('s', 'day')).tokens).toBe(2);
    await a.close();
    await b.close();
  });
});
