// Budgets in a SQLite file: survives restarts, and is shared correctly by several processes on one
// machine, because each check-and-reserve is a BEGIN IMMEDIATE transaction (it takes the write lock
// before reading, so no other process can reserve between our read and our write).
import { randomUUID } from 'node:crypto';
import type { BudgetAmount, BudgetStore, BudgetStoreOptions, BudgetWindow, ChargeRequest, ConsumeRequest, SqliteStoreOptions } from '../../types/store';
import { amountUnits, checkReservationId, checkScope, consumeResult, fits, normalizeCharge, normalizeConsume, type Consume, type Units } from './budget-args';
import { nanoToUsd } from './money';
import { openSqlite } from './sqlite-open';
import { checkWindow, DEFAULT_SETTLE_GRACE_MS, windowBounds } from './windows';
import { clockOption, invalid, isPlainObject, positiveOption } from './validate';

// "win", not "window": WINDOW is an SQL keyword.
const CREATE = `
CREATE TABLE IF NOT EXISTS tokenmeter_budget_use (
  scope TEXT NOT NULL, win TEXT NOT NULL, start_ms INTEGER NOT NULL,
  tokens INTEGER NOT NULL, cost_nano INTEGER NOT NULL, expires_ms INTEGER NOT NULL,
  PRIMARY KEY (scope, win, start_ms)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS tokenmeter_budget_reservations (
  id TEXT PRIMARY KEY, scope TEXT NOT NULL, win TEXT NOT NULL, start_ms INTEGER NOT NULL,
  tokens INTEGER NOT NULL, cost_nano INTEGER NOT NULL, expires_ms INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS tokenmeter_budget_charges (
  id TEXT NOT NULL, scope TEXT NOT NULL, win TEXT NOT NULL, start_ms INTEGER NOT NULL, expires_ms INTEGER NOT NULL,
  PRIMARY KEY (scope, win, start_ms, id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS tokenmeter_budget_use_expires ON tokenmeter_budget_use (expires_ms);
CREATE INDEX IF NOT EXISTS tokenmeter_budget_reservations_expires ON tokenmeter_budget_reservations (expires_ms);
CREATE INDEX IF NOT EXISTS tokenmeter_budget_charges_expires ON tokenmeter_budget_charges (expires_ms);
`;

export function createSqliteBudgets(options: SqliteStoreOptions & BudgetStoreOptions): BudgetStore {
  if (!isPlainObject(options)) throw invalid('createSqliteBudgets expects { path }');
  const now = clockOption(options.now);
  const grace = positiveOption(options.settleGraceMs, DEFAULT_SETTLE_GRACE_MS, 'settleGraceMs');
  const db = openSqlite(options.path, 'The SQLite budget store');
  db.exec(CREATE);

  const getUse = db.prepare('SELECT tokens, cost_nano AS nano FROM tokenmeter_budget_use WHERE scope = ? AND win = ? AND start_ms = ? AND expires_ms > ?');
  const addUse = db.prepare(
    `INSERT INTO tokenmeter_budget_use (scope, win, start_ms, tokens, cost_nano, expires_ms) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (scope, win, start_ms) DO UPDATE SET tokens = tokens + excluded.tokens, cost_nano = cost_nano + excluded.cost_nano`,
  );
  const addReservation = db.prepare('INSERT INTO tokenmeter_budget_reservations VALUES (?, ?, ?, ?, ?, ?, ?)');
  const takeReservation = db.prepare('DELETE FROM tokenmeter_budget_reservations WHERE id = ? AND expires_ms > ? RETURNING scope, win, start_ms, tokens, cost_nano AS nano');
  const addCharge = db.prepare('INSERT OR IGNORE INTO tokenmeter_budget_charges VALUES (?, ?, ?, ?, ?)');
  const sweeps = ['tokenmeter_budget_use', 'tokenmeter_budget_reservations', 'tokenmeter_budget_charges'].map((t) =>
    db.prepare(`DELETE FROM ${t} WHERE expires_ms <= ?`),
  );
  let nextSweep = 0;

  const consumeTx = db.transaction((req: Consume, t: number) => {
    if (t >= nextSweep) {
      nextSweep = t + 60_000; // expired rows are never read (expires_ms > ?), so sweeping is only housekeeping
      for (const s of sweeps) s.run(t);
    }
    const w = windowBounds(req.window, t);
    const used = (getUse.get(req.scope, req.window, w.start, t) as Units | undefined) ?? { tokens: 0, nano: 0 };
    if (!fits(used, req.limit, req.amount)) return consumeResult(false, used, req.limit, w, t, null);
    const id = randomUUID();
    addUse.run(req.scope, req.window, w.start, req.amount.tokens, req.amount.nano, w.end + grace);
    addReservation.run(id, req.scope, req.window, w.start, req.amount.tokens, req.amount.nano, w.end + grace);
    const after = { tokens: used.tokens + req.amount.tokens, nano: used.nano + req.amount.nano };
    return consumeResult(true, after, req.limit, w, t, id);
  });

  const settleTx = db.transaction((id: string, actual: Units, t: number): boolean => {
    const r = takeReservation.get(id, t) as ({ scope: string; win: string; start_ms: number } & Units) | undefined;
    if (r === undefined) return false;
    if (getUse.get(r.scope, r.win, r.start_ms, t) === undefined) return false;
    // The row exists, so this only updates it (the expiry in VALUES is not used).
    addUse.run(r.scope, r.win, r.start_ms, actual.tokens - r.tokens, actual.nano - r.nano, 0);
    return true;
  });

  const chargeTx = db.transaction((scope: string, window: BudgetWindow, id: string, amount: Units, time: number, t: number): boolean => {
    const w = windowBounds(window, time);
    const expires = w.end + grace;
    if (expires <= t) return false;
    if (addCharge.run(id, scope, window, w.start, expires).changes === 0) return false;
    addUse.run(scope, window, w.start, amount.tokens, amount.nano, expires);
    return true;
  });

  return {
    kind: 'sqlite',
    async consume(request: ConsumeRequest) {
      return consumeTx.immediate(normalizeConsume(request), now());
    },
    async settle(reservationId: string, actual: BudgetAmount) {
      return settleTx.immediate(checkReservationId(reservationId), amountUnits(actual, 'actual'), now());
    },
    async charge(request: ChargeRequest) {
      const req = normalizeCharge(request);
      const t = now();
      return chargeTx.immediate(req.scope, req.window, req.id, req.amount, req.time ?? t, t);
    },
    async usage(scope: string, window: BudgetWindow) {
      checkScope(scope);
      checkWindow(window);
      const t = now();
      const w = windowBounds(window, t);
      const used = getUse.get(scope, window, w.start, t) as Units | undefined;
      return { scope, window, windowStart: w.start, windowEnd: w.end, tokens: used?.tokens ?? 0, costUsd: nanoToUsd(used?.nano ?? 0) };
    },
    async ping() {
      db.prepare('SELECT 1').get();
    },
    async close() {
      if (db.open) db.close();
    },
  };
}
