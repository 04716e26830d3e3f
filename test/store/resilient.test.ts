// The resilient wrappers' logic, against memory stores behind a switch that makes them fail: fast,
// deterministic, and able to stage what a real outage only does by chance (a write that commits but
// whose reply is lost). fault.test.ts does the same against real servers that are killed.
import { createMemoryBudgets, createMemoryLedger, resilient } from '../../lib/store';
import type { BudgetStore, LedgerStore, StoreErrorEvent } from '../../types/store';
import { waitFor } from './helpers/env';

/** A store whose every call fails while `down`, or commits and then fails while `loseReplies`. */
function flaky<S extends LedgerStore | BudgetStore>(inner: S): { store: S; down: boolean; loseReplies: boolean; calls: number } {
  const state = { down: false, loseReplies: false, calls: 0, store: {} as S };
  const wrapped: Record<string, unknown> = { kind: 'flaky' };
  for (const name of ['record', 'recordMany', 'query', 'totals', 'consume', 'settle', 'charge', 'usage', 'ping']) {
    const fn = (inner as unknown as Record<string, ((...a: unknown[]) => Promise<unknown>) | undefined>)[name];
    if (fn === undefined) continue;
    wrapped[name] = async (...args: unknown[]) => {
      state.calls++;
      if (state.down) throw new Error('connect ECONNREFUSED 127.0.0.1:1');
      const result = await fn(...args);
      if (state.loseReplies) throw new Error('Connection terminated unexpectedly');
      return result;
    };
  }
  wrapped.close = () => inner.close();
  state.store = wrapped as unknown as S;
  return state;
}

const quiet = { log: null, retryMs: 20 };

describe('resilient ledger', () => {
  test('records flow while the store is down, and arrive once when it is back', async () => {
    const inner = createMemoryLedger();
    const f = flaky(inner);
    const events: StoreErrorEvent[] = [];
    const ledger = resilient(f.store, { ...quiet, onError: (e) => events.push(e) });
    await ledger.record({ id: 'up-1' });
    f.down = true;
    for (let i = 0; i < 5; i++) await expect(ledger.record({ id: `down-${i}` })).resolves.toMatchObject({ id: `down-${i}` });
    expect(ledger.stats()).toMatchObject({ available: false, buffered: 5, dropped: 0 });
    expect(events[0]).toMatchObject({ type: 'failure', op: 'record' });
    // While down, new records go straight to the buffer: one failed call, not one per record.
    const callsWhileDown = f.calls;
    await ledger.record({ id: 'down-5' });
    expect(f.calls).toBe(callsWhileDown);
    f.down = false;
    await waitFor(() => ledger.stats().buffered === 0, 2000, 'the flush');
    expect(ledger.stats()).toMatchObject({ available: true, flushed: 6, dropped: 0 });
    expect((await inner.query()).map((r) => r.id).sort()).toEqual(['down-0', 'down-1', 'down-2', 'down-3', 'down-4', 'down-5', 'up-1']);
    await ledger.close();
  });

  test('a write that committed but whose reply was lost is replayed without double counting', async () => {
    const inner = createMemoryLedger();
    const f = flaky(inner);
    const ledger = resilient(f.store, quiet);
    f.loseReplies = true;
    await ledger.record({ id: 'r1', inputTokens: 10 });
    await ledger.record({ inputTokens: 20 }); // no id given: the wrapper fixes one before the first attempt
    f.loseReplies = false;
    await waitFor(() => ledger.stats().buffered === 0, 2000, 'the flush');
    const [total] = await inner.totals();
    expect(total).toMatchObject({ calls: 2, inputTokens: 30 });
    await ledger.close();
  });

  test('the buffer is bounded; every drop is counted, reported with the record, and logged once', async () => {
    const f = flaky(createMemoryLedger());
    const events: StoreErrorEvent[] = [];
    const logs: string[] = [];
    const ledger = resilient(f.store, { retryMs: 60_000, bufferSize: 3, onError: (e) => events.push(e), log: (m) => logs.push(m) });
    f.down = true;
    for (let i = 0; i < 5; i++) await ledger.record({ id: `r${i}` });
    expect(ledger.stats()).toMatchObject({ buffered: 3, dropped: 2 });
    const overflows = events.filter((e) => e.type === 'overflow');
    expect(overflows.map((e) => (e.dropped[0] as { id: string }).id)).toEqual(['r3', 'r4']);
    expect(logs.filter((m) => m.includes('buffer full'))).toHaveLength(1);
    expect(logs.filter((m) => m.includes('unavailable'))).toHaveLength(1);
    // Closing while still down loses the buffer: reported too, never silent.
    await ledger.close();
    expect(events.at(-1)).toMatchObject({ type: 'lost', dropped: [{ id: 'r0' }, { id: 'r1' }, { id: 'r2' }] });
    expect(ledger.stats().dropped).toBe(5);
  });

  test('close() writes what is buffered when the store answers', async () => {
    const inner = createMemoryLedger();
    const f = flaky(inner);
    const ledger = resilient(f.store, { log: null, retryMs: 60_000 });
    f.down = true;
    await ledger.record({ id: 'late' });
    f.down = false;
    await ledger.close();
    expect((await inner.query()).map((r) => r.id)).toEqual(['late']);
  });

  test('a hung store counts as down after timeoutMs', async () => {
    const hung: LedgerStore = { ...createMemoryLedger(), kind: 'hung', recordMany: () => new Promise(() => {}) };
    const ledger = resilient(hung, { log: null, timeoutMs: 50, retryMs: 60_000 });
    const started = Date.now();
    await ledger.record({ id: 'x' });
    expect(Date.now() - started).toBeLessThan(1000);
    expect(ledger.stats()).toMatchObject({ available: false, buffered: 1, failures: 1 });
    expect(ledger.stats().lastError?.message).toMatch(/did not answer within 50 ms/);
    await ledger.close(); // still hung: the buffered record is reported lost
    expect(ledger.stats()).toMatchObject({ buffered: 0, dropped: 1 });
  });

  test('bad records still throw: they are bugs, not outages', async () => {
    const f = flaky(createMemoryLedger());
    const ledger = resilient(f.store, quiet);
    await expect(ledger.record({ inputTokens: -5 })).rejects.toMatchObject({ code: 'ERR_INVALID_ARGUMENT' });
    f.down = true;
    await expect(ledger.record({ bogus: 1 } as never)).rejects.toMatchObject({ code: 'ERR_INVALID_ARGUMENT' });
    expect(ledger.stats().buffered).toBe(0);
    await ledger.close();
  });

  test('admit(): fail-open always admits; fail-closed only while the store answers (records still kept)', async () => {
    const f = flaky(createMemoryLedger());
    const open = resilient(f.store, quiet);
    const closed = resilient(f.store, { ...quiet, failMode: 'closed' });
    f.down = true;
    await open.record({ id: 'a' });
    await closed.record({ id: 'b' });
    expect(open.admit()).toBe(true);
    expect(closed.admit()).toBe(false);
    expect(closed.stats().buffered).toBe(1);
    f.down = false;
    await waitFor(() => closed.admit(), 2000, 'recovery');
    await Promise.all([open.close(), closed.close()]);
  });
});

describe('resilient budgets', () => {
  const req = { scope: 's', window: 'day' as const, limit: { tokens: 100 }, amount: { tokens: 10 } };

  test('fail-open allows while down, and charges what the call used once the store is back', async () => {
    const inner = createMemoryBudgets();
    const f = flaky(inner);
    const budgets = resilient(f.store, quiet);
    const up = await budgets.consume(req);
    f.down = true;
    const down = await budgets.consume(req);
    expect(down).toMatchObject({ allowed: true, reason: 'unavailable', remaining: { tokens: null } });
    expect(down.reservationId).toMatch(/^offline~day~/);
    expect(await budgets.settle(down.reservationId!, { tokens: 4 })).toBe(true); // buffered
    expect(await budgets.settle(up.reservationId!, { tokens: 6 })).toBe(true); // buffered
    expect(budgets.stats()).toMatchObject({ available: false, buffered: 2, allowedWhileDown: 1 });
    f.down = false;
    await waitFor(() => budgets.stats().buffered === 0, 2000, 'the flush');
    expect((await inner.usage('s', 'day')).tokens).toBe(10);
    await budgets.close();
  });

  test('replays are idempotent: settle and offline charges lost in flight count once', async () => {
    const inner = createMemoryBudgets();
    const f = flaky(inner);
    const budgets = resilient(f.store, quiet);
    const up = await budgets.consume(req);
    f.down = true;
    const down = await budgets.consume(req);
    f.down = false;
    await waitFor(() => budgets.stats().available, 2000, 'recovery');
    // Each write in turn commits, then "fails" (the reply is lost), and is replayed from the buffer.
    const writes = [
      () => budgets.settle(up.reservationId!, { tokens: 3 }),
      () => budgets.settle(down.reservationId!, { tokens: 5 }), // an offline reservation: a charge
      () => budgets.charge({ scope: 's', window: 'day', amount: { tokens: 100 } }),
    ];
    for (const write of writes) {
      f.loseReplies = true;
      await write();
      expect(budgets.stats().buffered).toBe(1);
      f.loseReplies = false;
      await waitFor(() => budgets.stats().buffered === 0, 2000, 'the flush');
    }
    expect((await inner.usage('s', 'day')).tokens).toBe(108);
    await budgets.close();
  });

  test('fail-closed refuses while down, with a retry hint', async () => {
    const f = flaky(createMemoryBudgets());
    const budgets = resilient(f.store, { log: null, retryMs: 2500, failMode: 'closed' });
    f.down = true;
    expect(await budgets.consume(req)).toMatchObject({ allowed: false, reason: 'unavailable', reservationId: null, retryAfterSeconds: 3 });
    expect(await budgets.consume(req)).toMatchObject({ allowed: false });
    expect(budgets.stats()).toMatchObject({ deniedWhileDown: 2, failures: 1 });
    await budgets.close();
  });

  test('bad requests throw instead of failing open', async () => {
    const f = flaky(createMemoryBudgets());
    const budgets = resilient(f.store, quiet);
    f.down = true;
    await expect(budgets.consume({ ...req, window: 'week' as never })).rejects.toMatchObject({ code: 'ERR_INVALID_ARGUMENT' });
    await budgets.close();
  });
});

test('resilient() refuses what is not a store', () => {
  expect(() => resilient({} as never)).toThrow(expect.objectContaining({ code: 'ERR_INVALID_ARGUMENT' }));
});
