// The budget conformance suite against a real Redis (started by .ci/services.sh), each test under a
// key prefix of its own, deleted afterwards.
import type Redis from 'ioredis';
import { createRedisBudgets } from '../../lib/store';
import type { BudgetStore } from '../../types/store';
import { budgetConformance } from './helpers/budget-conformance';
import { REDIS_URL, redisAdmin, unique } from './helpers/env';

jest.setTimeout(30_000);
let admin: Redis;
const prefixes = new Map<BudgetStore, string>();

beforeAll(async () => {
  admin = await redisAdmin();
});
afterAll(() => {
  admin?.disconnect();
});

async function removeKeys(prefix: string): Promise<void> {
  const keys = await admin.keys(`${prefix}*`);
  if (keys.length) await admin.del(...keys);
}

describe('redis budgets', () => {
  budgetConformance({
    open: (now) => {
      const prefix = `tmtest:${unique()}:`;
      const store = createRedisBudgets({ url: REDIS_URL, prefix, now });
      prefixes.set(store, prefix);
      return store;
    },
    dispose: async (store) => {
      await store.close();
      await removeKeys(prefixes.get(store)!);
      prefixes.delete(store);
    },
  });

  test('keys expire after the window plus the settle grace; costs are integers (nano-dollars)', async () => {
    const prefix = `tmtest:${unique()}:`;
    const t = Date.UTC(2026, 10, 23, 12, 7, 30);
    const store = createRedisBudgets({ url: REDIS_URL, prefix, now: () => t, settleGraceMs: 60_000 });
    const r = await store.consume({ scope: 's', window: 'minute', limit: {}, amount: { tokens: 3, costUsd: 0.1 } });
    const key = `${prefix}{s|minute|${Date.UTC(2026, 10, 23, 12, 7)}}`;
    expect(await admin.hgetall(key)).toEqual({ t: '3', c: '100000000' });
    const ttl = await admin.pttl(key);
    expect(ttl).toBeGreaterThan(80_000);
    expect(ttl).toBeLessThanOrEqual(90_000); // 30 s left in the minute + 60 s grace
    expect(await admin.pttl(`${key}:r:${r.reservationId!.split('~')[0]}`)).toBeGreaterThan(80_000);
    await store.close();
    await removeKeys(prefix);
  });

  test('the scripts survive a server that lost its script cache', async () => {
    const prefix = `tmtest:${unique()}:`;
    const store = createRedisBudgets({ url: REDIS_URL, prefix });
    await store.consume({ scope: 's', window: 'day', limit: {}, amount: { tokens: 1 } });
    await admin.script('FLUSH');
    expect((await store.consume({ scope: 's', window: 'day', limit: {}, amount: { tokens: 1 } })).allowed).toBe(true);
    expect((await store.usage('s', 'day')).tokens).toBe(2);
    await store.close();
    await removeKeys(prefix);
  });
});
