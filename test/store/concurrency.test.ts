// Budget correctness under concurrency: two Node processes, each firing ~200 consume calls at once
// against one budget, must together never be allowed more than the budget holds (the issue allows
// one request over; the atomic check-and-reserve gives none), and the stored use must be exactly the
// sum of the allowed amounts.
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { createRedisBudgets, createSqliteBudgets } from '../../lib/store';
import type { BudgetStore } from '../../types/store';
import { REDIS_URL, redisAdmin, unique } from './helpers/env';

jest.setTimeout(60_000);

const run = promisify(execFile);
const CHILD = path.join(__dirname, 'helpers', 'consume-child.js');
const PER_PROCESS = 200;
const LIMIT = 1000;
const AMOUNT = 7; // 1000 / 7 = 142 allowed, 258 refused

async function race(args: Record<string, unknown>): Promise<{ allowed: number; denied: number }[]> {
  // Both children start now but fire at the same wall-clock moment, after loading and connecting.
  const spec = JSON.stringify({ ...args, count: PER_PROCESS, limit: LIMIT, amount: AMOUNT, startAt: Date.now() + 3000 });
  const outs = await Promise.all([0, 1].map(() => run(process.execPath, [CHILD, spec], { timeout: 30_000 })));
  return outs.map((o) => JSON.parse(o.stdout));
}

async function check(results: { allowed: number; denied: number }[], store: BudgetStore, scope: string): Promise<void> {
  const allowed = results.reduce((n, r) => n + r.allowed, 0);
  const denied = results.reduce((n, r) => n + r.denied, 0);
  expect(allowed + denied).toBe(2 * PER_PROCESS);
  expect(allowed).toBeLessThanOrEqual(Math.floor(LIMIT / AMOUNT) + 1); // the bound
  expect(allowed).toBe(Math.floor(LIMIT / AMOUNT)); // what atomicity gives: every fitting request, none more
  expect((await store.usage(scope, 'day')).tokens).toBe(allowed * AMOUNT);
}

test('redis: two processes x 200 parallel consumes never overspend one budget', async () => {
  const admin = await redisAdmin();
  const prefix = `tmtest:${unique()}:`;
  const scope = 'team:concurrency';
  const results = await race({ store: 'redis', url: REDIS_URL, prefix, scope });
  const store = createRedisBudgets({ url: REDIS_URL, prefix });
  await check(results, store, scope);
  await store.close();
  const keys = await admin.keys(`${prefix}*`);
  expect(keys.length).toBe(1 + Math.floor(LIMIT / AMOUNT)); // the window and one reservation per allowed call
  await admin.del(...keys);
  admin.disconnect();
});

test('sqlite: two processes x 200 parallel consumes on one file never overspend', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tokenmeter-conc-'));
  const file = path.join(dir, 'budgets.db');
  try {
    const results = await race({ store: 'sqlite', path: file, scope: 's' });
    const store = createSqliteBudgets({ path: file });
    await check(results, store, 's');
    await store.close();
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
