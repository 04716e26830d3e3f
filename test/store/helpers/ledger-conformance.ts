// The ledger contract, run unchanged against every ledger store (memory, SQLite, PostgreSQL).
import type { LedgerStore, UsageRecordInput } from '../../../types/store';
import { manualClock } from './env';

export interface LedgerHarness {
  /** A new, empty ledger using this clock. */
  open(now: () => number): Promise<LedgerStore> | LedgerStore;
  /** Closes it and removes what it stored. */
  dispose(store: LedgerStore): Promise<void>;
}

const T0 = Date.UTC(2026, 10, 23, 12, 0, 0); // 2026-11-23T12:00:00Z
const DAY = 86_400_000;

const call = (over: UsageRecordInput): UsageRecordInput => ({
  key: 'k1',
  user: 'alice',
  model: 'gpt-4o',
  provider: 'openai',
  inputTokens: 100,
  outputTokens: 10,
  costUsd: 0.1,
  ...over,
});

export function ledgerConformance(h: LedgerHarness): void {
  const clock = manualClock(T0);
  let store: LedgerStore;

  beforeEach(async () => {
    clock.set(T0);
    store = await h.open(clock.now);
  });
  afterEach(async () => {
    await h.dispose(store);
  });

  test('record fills in id, time (the store clock) and null for every unknown field', async () => {
    const rec = await store.record({ model: 'gpt-4o', inputTokens: 5 });
    expect(rec.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(rec).toEqual({
      id: rec.id, time: T0, key: null, user: null, runId: null, route: null, provider: null, model: 'gpt-4o',
      estimatedInputTokens: null, inputTokens: 5, outputTokens: null, cacheReadTokens: null, cacheWriteTokens: null,
      reasoningTokens: null, costUsd: null, durationMs: null, status: null, discrepancyTokens: null, exact: null,
    });
    expect(await store.query()).toEqual([rec]);
  });

  test('every field round-trips exactly', async () => {
    const full = {
      id: 'full-1', time: T0 + 123, key: 'key-ü', user: 'bob', runId: 'run-7', route: '/v1/messages', provider: 'anthropic',
      model: 'claude-sonnet-4-5', estimatedInputTokens: 1234, inputTokens: 1240, outputTokens: 55, cacheReadTokens: 1000,
      cacheWriteTokens: 0, reasoningTokens: 12, costUsd: 0.000123456789123, durationMs: 812.5, status: 200,
      discrepancyTokens: -6, exact: false,
    };
    await store.record(full);
    await store.record({ id: 'full-2', time: T0, exact: true });
    const rows = await store.query();
    expect(rows[0]).toEqual(full);
    expect(rows[1].exact).toBe(true);
  });

  test('rows come newest first and filter by key, user, model, runId and time range', async () => {
    await store.recordMany([
      call({ id: 'a', time: T0 - 3000, user: 'alice', runId: 'r1' }),
      call({ id: 'b', time: T0 - 2000, user: 'bob', model: 'gpt-4o-mini', runId: 'r1' }),
      call({ id: 'c', time: T0 - 1000, user: 'alice', key: 'k2' }),
      call({ id: 'd', time: T0, user: 'carol' }),
    ]);
    const ids = async (q: Parameters<LedgerStore['query']>[0]) => (await store.query(q)).map((r) => r.id);
    expect(await ids({})).toEqual(['d', 'c', 'b', 'a']);
    expect(await ids({ user: 'alice' })).toEqual(['c', 'a']);
    expect(await ids({ key: 'k2' })).toEqual(['c']);
    expect(await ids({ model: 'gpt-4o-mini' })).toEqual(['b']);
    expect(await ids({ runId: 'r1' })).toEqual(['b', 'a']);
    expect(await ids({ from: T0 - 2000, to: T0 })).toEqual(['c', 'b']); // from inclusive, to exclusive
    expect(await ids({ from: new Date(T0 - 1000), user: 'alice' })).toEqual(['c']);
    expect(await ids({ to: new Date(T0 - 2000).toISOString() })).toEqual(['a']);
    expect(await ids({ limit: 2 })).toEqual(['d', 'c']);
    expect(await ids({ limit: 2, offset: 2 })).toEqual(['b', 'a']);
    expect(await ids({ user: 'nobody' })).toEqual([]);
  });

  test('the same id twice is one row: the first write wins, so a retried write never double-counts', async () => {
    await store.record(call({ id: 'dup', inputTokens: 100 }));
    await store.record(call({ id: 'dup', inputTokens: 999 }));
    await store.recordMany([call({ id: 'dup' }), call({ id: 'other' }), call({ id: 'other' })]);
    const rows = await store.query();
    expect(rows.map((r) => r.id).sort()).toEqual(['dup', 'other']);
    expect(rows.find((r) => r.id === 'dup')!.inputTokens).toBe(100);
    const [total] = await store.totals();
    expect(total.calls).toBe(2);
    expect(total.inputTokens).toBe(200);
  });

  test('totals: sums of known values, null when none is known, unpriced calls counted, costs exact', async () => {
    expect(await store.totals()).toEqual([
      { group: {}, calls: 0, inputTokens: null, outputTokens: null, cacheReadTokens: null, cacheWriteTokens: null, reasoningTokens: null, costUsd: null, unpricedCalls: 0 },
    ]);
    await store.recordMany([
      call({ costUsd: 0.1, cacheReadTokens: 40 }),
      call({ costUsd: 0.2, outputTokens: null }),
      call({ costUsd: null, inputTokens: null }),
    ]);
    expect(await store.totals()).toEqual([
      // 0.1 + 0.2 is 0.30000000000000004 in floating point; the stores sum nano-dollars.
      { group: {}, calls: 3, inputTokens: 200, outputTokens: 20, cacheReadTokens: 40, cacheWriteTokens: null, reasoningTokens: null, costUsd: 0.3, unpricedCalls: 1 },
    ]);
  });

  test('cost per user per day (UTC days), unknown users last', async () => {
    const midnight = Date.UTC(2026, 10, 24);
    await store.recordMany([
      call({ user: 'bob', time: midnight - 1, costUsd: 1.5 }), // 2026-11-23T23:59:59.999Z
      call({ user: 'bob', time: midnight, costUsd: 0.25 }), // 2026-11-24T00:00:00.000Z
      call({ user: 'alice', time: midnight - DAY, costUsd: 0.5 }),
      call({ user: 'alice', time: midnight - 10, costUsd: 0.125 }),
      call({ user: null, time: midnight + 5, costUsd: 2 }),
      call({ user: 'Zed', time: midnight, costUsd: 1 }), // upper case sorts before lower case (bytes)
    ]);
    const rows = await store.totals({ groupBy: ['user', 'day'] });
    expect(rows.map((r) => [r.group.user, r.group.day, r.calls, r.costUsd])).toEqual([
      ['Zed', '2026-11-24', 1, 1],
      ['alice', '2026-11-23', 2, 0.625],
      ['bob', '2026-11-23', 1, 1.5],
      ['bob', '2026-11-24', 1, 0.25],
      [null, '2026-11-24', 1, 2],
    ]);
    // A filter and a grouping together: alice's November.
    const [nov] = await store.totals({ groupBy: 'month', user: 'alice' });
    expect(nov.group).toEqual({ month: '2026-11' });
    expect(nov.costUsd).toBe(0.625);
  });

  test('totals by month, key, model and run id', async () => {
    await store.recordMany([
      call({ time: Date.UTC(2026, 0, 31, 23, 59, 59), model: 'm1', runId: 'r1', key: 'kb' }),
      call({ time: Date.UTC(2026, 1, 1), model: 'm2', runId: 'r1', key: 'ka' }),
      call({ time: Date.UTC(2026, 1, 28, 12), model: 'm2', runId: null, key: 'ka' }),
    ]);
    const by = async (groupBy: 'month' | 'key' | 'model' | 'runId') =>
      (await store.totals({ groupBy })).map((r) => [r.group[groupBy], r.calls]);
    expect(await by('month')).toEqual([['2026-01', 1], ['2026-02', 2]]);
    expect(await by('key')).toEqual([['ka', 2], ['kb', 1]]);
    expect(await by('model')).toEqual([['m1', 1], ['m2', 2]]);
    expect(await by('runId')).toEqual([['r1', 2], [null, 1]]);
    const ranged = await store.totals({ groupBy: 'month', from: Date.UTC(2026, 1, 1), to: Date.UTC(2026, 1, 28) });
    expect(ranged.map((r) => [r.group.month, r.calls])).toEqual([['2026-02', 1]]);
  });

  test('refuses bad records and queries with ERR_INVALID_ARGUMENT', async () => {
    const bad = [
      { inputToken: 5 }, // misspelt: refused, not stored as unknown
      { inputTokens: -1 },
      { inputTokens: 1.5 },
      { costUsd: -0.01 },
      { costUsd: Number.NaN },
      { user: 42 },
      { exact: 'yes' },
      { id: '' },
      { time: 'not a date' },
    ];
    for (const rec of bad) await expect(store.record(rec as never)).rejects.toMatchObject({ code: 'ERR_INVALID_ARGUMENT' });
    await expect(store.query({ limit: -1 })).rejects.toMatchObject({ code: 'ERR_INVALID_ARGUMENT' });
    await expect(store.query({ users: 'x' } as never)).rejects.toMatchObject({ code: 'ERR_INVALID_ARGUMENT' });
    await expect(store.totals({ groupBy: 'week' as never })).rejects.toMatchObject({ code: 'ERR_INVALID_ARGUMENT' });
    expect(await store.query()).toEqual([]);
  });
}
