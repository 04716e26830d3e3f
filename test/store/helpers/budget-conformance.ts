// The budget contract, run unchanged against every budget store (memory, SQLite, Redis).
import type { BudgetStore } from '../../../types/store';
import { manualClock, unique } from './env';

export interface BudgetHarness {
  open(now: () => number): Promise<BudgetStore> | BudgetStore;
  dispose(store: BudgetStore): Promise<void>;
}

const T0 = Date.UTC(2026, 10, 23, 12, 7, 30); // 2026-11-23T12:07:30Z: 30 s into a minute
const GRACE = 15 * 60_000; // the default settle grace

export function budgetConformance(h: BudgetHarness): void {
  const clock = manualClock(T0);
  let store: BudgetStore;
  let scope: string;

  beforeEach(async () => {
    clock.set(T0);
    store = await h.open(clock.now);
    scope = `user:${unique()}`;
  });
  afterEach(async () => {
    await h.dispose(store);
  });

  test('allows up to the limit exactly, then refuses until the window ends', async () => {
    const ask = (tokens: number) => store.consume({ scope, window: 'minute', limit: { tokens: 100 }, amount: { tokens } });
    const first = await ask(60);
    expect(first).toMatchObject({ allowed: true, reason: null, remaining: { tokens: 40, costUsd: null }, retryAfterSeconds: 0 });
    expect(first.reservationId).toEqual(expect.any(String));
    expect(first.windowEnd).toBe(Date.UTC(2026, 10, 23, 12, 8));
    const over = await ask(41);
    expect(over).toMatchObject({ allowed: false, reason: 'limit', reservationId: null, retryAfterSeconds: 30, remaining: { tokens: 40 } });
    expect(await ask(40)).toMatchObject({ allowed: true, remaining: { tokens: 0 } }); // exactly at the limit
    expect(await ask(1)).toMatchObject({ allowed: false });
    expect(await ask(0)).toMatchObject({ allowed: true }); // nothing asked, nothing over
    expect(await store.usage(scope, 'minute')).toMatchObject({ tokens: 100, costUsd: 0, windowStart: Date.UTC(2026, 10, 23, 12, 7) });
  });

  test('cost limits are exact (nano-dollars): three 0.1 fit in 0.3', async () => {
    const ask = () => store.consume({ scope, window: 'day', limit: { costUsd: 0.3 }, amount: { tokens: 10, costUsd: 0.1 } });
    for (let i = 0; i < 3; i++) expect((await ask()).allowed).toBe(true);
    expect(await ask()).toMatchObject({ allowed: false, remaining: { costUsd: 0, tokens: null } });
    expect(await store.usage(scope, 'day')).toMatchObject({ tokens: 30, costUsd: 0.3 });
  });

  test('both limits apply; an unlimited dimension is still metered', async () => {
    const limit = { tokens: 1000, costUsd: 0.05 };
    expect((await store.consume({ scope, window: 'hour', limit, amount: { tokens: 10, costUsd: 0.05 } })).allowed).toBe(true);
    expect((await store.consume({ scope, window: 'hour', limit, amount: { tokens: 1, costUsd: 0.000000001 } })).allowed).toBe(false);
    expect((await store.consume({ scope, window: 'hour', limit: {}, amount: { tokens: 5000, costUsd: 9 } })).allowed).toBe(true);
    expect(await store.usage(scope, 'hour')).toMatchObject({ tokens: 5010, costUsd: 9.05 });
  });

  test('settle replaces the reservation by the actual use, once', async () => {
    const limit = { tokens: 1000 };
    const r = await store.consume({ scope, window: 'minute', limit, amount: { tokens: 800, costUsd: 0.8 } });
    expect((await store.usage(scope, 'minute')).tokens).toBe(800);
    expect(await store.settle(r.reservationId!, { tokens: 300, costUsd: 0.25 })).toBe(true);
    expect(await store.usage(scope, 'minute')).toMatchObject({ tokens: 300, costUsd: 0.25 });
    // A second settle (a retry) changes nothing.
    expect(await store.settle(r.reservationId!, { tokens: 999 })).toBe(false);
    expect((await store.usage(scope, 'minute')).tokens).toBe(300);
    // Settling with zeros releases a reservation.
    const r2 = await store.consume({ scope, window: 'minute', limit, amount: { tokens: 700 } });
    expect(await store.settle(r2.reservationId!, {})).toBe(true);
    expect((await store.usage(scope, 'minute')).tokens).toBe(300);
  });

  test('settle may go over the limit after the fact; then the window refuses', async () => {
    const limit = { tokens: 100 };
    const r = await store.consume({ scope, window: 'minute', limit, amount: { tokens: 50 } });
    expect(await store.settle(r.reservationId!, { tokens: 180 })).toBe(true);
    expect((await store.usage(scope, 'minute')).tokens).toBe(180);
    expect(await store.consume({ scope, window: 'minute', limit, amount: { tokens: 0 } })).toMatchObject({ allowed: false, remaining: { tokens: 0 } });
  });

  test('windows roll over on UTC calendar boundaries; a late settle counts in its own window', async () => {
    const limit = { tokens: 10 };
    const r = await store.consume({ scope, window: 'minute', limit, amount: { tokens: 10 } });
    expect((await store.consume({ scope, window: 'minute', limit, amount: { tokens: 1 } })).allowed).toBe(false);
    clock.set(Date.UTC(2026, 10, 23, 12, 8)); // next minute
    expect((await store.usage(scope, 'minute')).tokens).toBe(0);
    expect((await store.consume({ scope, window: 'minute', limit, amount: { tokens: 10 } })).allowed).toBe(true);
    // The first call finishes now, in the next window: its settle goes to the window it started in.
    expect(await store.settle(r.reservationId!, { tokens: 4 })).toBe(true);
    expect((await store.usage(scope, 'minute')).tokens).toBe(10);

    clock.set(Date.UTC(2026, 0, 31, 23, 59, 59, 999));
    const m = { scope, window: 'month' as const, limit: { tokens: 5 }, amount: { tokens: 5 } };
    expect((await store.consume(m)).allowed).toBe(true);
    expect((await store.consume(m)).allowed).toBe(false);
    expect((await store.consume(m)).retryAfterSeconds).toBe(1);
    clock.set(Date.UTC(2026, 1, 1)); // February
    expect((await store.consume(m)).allowed).toBe(true);
    expect(await store.usage(scope, 'month')).toMatchObject({ windowStart: Date.UTC(2026, 1, 1), windowEnd: Date.UTC(2026, 2, 1), tokens: 5 });
  });

  test('scopes and windows are independent', async () => {
    const other = `${scope}-other`;
    await store.consume({ scope, window: 'day', limit: { tokens: 10 }, amount: { tokens: 10 } });
    expect((await store.consume({ scope: other, window: 'day', limit: { tokens: 10 }, amount: { tokens: 10 } })).allowed).toBe(true);
    expect((await store.consume({ scope, window: 'hour', limit: { tokens: 10 }, amount: { tokens: 10 } })).allowed).toBe(true);
    expect((await store.usage(scope, 'day')).tokens).toBe(10);
    expect((await store.usage(scope, 'month')).tokens).toBe(0);
  });

  test('charge adds use without a check, once per id, to the window of its time', async () => {
    expect(await store.charge({ id: 'c1', scope, window: 'day', amount: { tokens: 7, costUsd: 0.007 } })).toBe(true);
    expect(await store.charge({ id: 'c1', scope, window: 'day', amount: { tokens: 7, costUsd: 0.007 } })).toBe(false);
    expect(await store.usage(scope, 'day')).toMatchObject({ tokens: 7, costUsd: 0.007 });
    // A call of the previous minute, still within the settle grace: counted there, not now.
    expect(await store.charge({ id: 'c2', scope, window: 'minute', amount: { tokens: 3 }, time: T0 - 60_000 })).toBe(true);
    expect((await store.usage(scope, 'minute')).tokens).toBe(0);
    // A window long gone (past its grace) is not revived.
    expect(await store.charge({ id: 'c3', scope, window: 'minute', amount: { tokens: 3 }, time: T0 - GRACE - 120_000 })).toBe(false);
  });

  test('refuses bad arguments with ERR_INVALID_ARGUMENT', async () => {
    const bad = [
      { scope: '', window: 'day', limit: {}, amount: {} },
      { scope, window: 'week', limit: {}, amount: {} },
      { scope, window: 'day', limit: { tokens: -1 }, amount: {} },
      { scope, window: 'day', limit: {}, amount: { tokens: 1.5 } },
      { scope, window: 'day', limit: {}, amount: { costUsd: -1 } },
      { scope, window: 'day', amount: {} },
    ];
    for (const req of bad) await expect(store.consume(req as never)).rejects.toMatchObject({ code: 'ERR_INVALID_ARGUMENT' });
    await expect(store.settle('', {})).rejects.toMatchObject({ code: 'ERR_INVALID_ARGUMENT' });
    await expect(store.usage(scope, 'year' as never)).rejects.toMatchObject({ code: 'ERR_INVALID_ARGUMENT' });
  });
}
