// In-memory budgets: one process only (tests, a single gateway). JavaScript runs each call to the
// end before the next, so check-and-reserve is atomic without locks. Windows and reservations
// expire like the Redis keys they mirror.
import { randomUUID } from 'node:crypto';
import type { BudgetStoreOptions, BudgetStore, BudgetWindow, ChargeRequest, ConsumeRequest, BudgetAmount } from '../../types/store';
import { amountUnits, checkReservationId, checkScope, consumeResult, fits, normalizeCharge, normalizeConsume, type Units } from './budget-args';
import { nanoToUsd } from './money';
import { checkWindow, DEFAULT_SETTLE_GRACE_MS, windowBounds } from './windows';
import { clockOption, positiveOption } from './validate';

interface Counter extends Units {
  expires: number;
}

interface Reservation extends Units {
  key: string;
  expires: number;
}

const counterKey = (scope: string, window: BudgetWindow, start: number) => JSON.stringify([scope, window, start]);

export function createMemoryBudgets(options: BudgetStoreOptions = {}): BudgetStore {
  const now = clockOption(options.now);
  const grace = positiveOption(options.settleGraceMs, DEFAULT_SETTLE_GRACE_MS, 'settleGraceMs');
  const counters = new Map<string, Counter>();
  const reservations = new Map<string, Reservation>();
  const charged = new Map<string, number>(); // charge id -> expiry
  let nextSweep = 0;

  // Drops what has expired, at most once a second: cheap, and memory stays bounded by live windows.
  const sweep = (t: number) => {
    if (t < nextSweep) return;
    nextSweep = t + 1000;
    for (const map of [counters, reservations] as Map<string, { expires: number }>[]) {
      for (const [k, v] of map) if (v.expires <= t) map.delete(k);
    }
    for (const [k, expires] of charged) if (expires <= t) charged.delete(k);
  };
  const live = (key: string, t: number): Counter | undefined => {
    const c = counters.get(key);
    return c !== undefined && c.expires > t ? c : undefined;
  };

  return {
    kind: 'memory',
    async consume(request: ConsumeRequest) {
      const req = normalizeConsume(request);
      const t = now();
      sweep(t);
      const w = windowBounds(req.window, t);
      const key = counterKey(req.scope, req.window, w.start);
      const used = live(key, t) ?? { tokens: 0, nano: 0, expires: w.end + grace };
      if (!fits(used, req.limit, req.amount)) return consumeResult(false, used, req.limit, w, t, null);
      used.tokens += req.amount.tokens;
      used.nano += req.amount.nano;
      counters.set(key, used);
      const id = randomUUID();
      reservations.set(id, { key, ...req.amount, expires: w.end + grace });
      return consumeResult(true, used, req.limit, w, t, id);
    },
    async settle(reservationId: string, actual: BudgetAmount) {
      const id = checkReservationId(reservationId);
      const units = amountUnits(actual, 'actual');
      const t = now();
      const r = reservations.get(id);
      if (r === undefined || r.expires <= t) return false;
      reservations.delete(id);
      const c = live(r.key, t);
      if (c === undefined) return false;
      c.tokens += units.tokens - r.tokens;
      c.nano += units.nano - r.nano;
      return true;
    },
    async charge(request: ChargeRequest) {
      const req = normalizeCharge(request);
      const t = now();
      sweep(t);
      const w = windowBounds(req.window, req.time ?? t);
      const expires = w.end + grace;
      const key = counterKey(req.scope, req.window, w.start);
      const chargeKey = JSON.stringify([key, req.id]);
      if (expires <= t || charged.has(chargeKey)) return false;
      charged.set(chargeKey, expires);
      const c = live(key, t) ?? { tokens: 0, nano: 0, expires };
      c.tokens += req.amount.tokens;
      c.nano += req.amount.nano;
      counters.set(key, c);
      return true;
    },
    async usage(scope: string, window: BudgetWindow) {
      checkScope(scope);
      checkWindow(window);
      const t = now();
      const w = windowBounds(window, t);
      const c = live(counterKey(scope, window, w.start), t);
      return { scope, window, windowStart: w.start, windowEnd: w.end, tokens: c?.tokens ?? 0, costUsd: nanoToUsd(c?.nano ?? 0) };
    },
    async ping() {},
    async close() {
      counters.clear();
      reservations.clear();
      charged.clear();
    },
  };
}
