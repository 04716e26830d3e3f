// Fault test against real servers: Redis and PostgreSQL are killed in the middle of a run and
// restarted. Requests must keep flowing (no throw, no long wait), and after the restart every
// buffered record must arrive exactly once; a buffer overflow must be reported.
// These servers are private to this file (own ports and data directory, started through
// .ci/services.sh), so killing them cannot disturb the other suites or anyone else's servers.
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { createPostgresLedger, createRedisBudgets, resilient } from '../../lib/store';
import type { StoreErrorEvent } from '../../types/store';
import { waitFor } from './helpers/env';

const exec = promisify(execFile);
const SCRIPT = path.join(__dirname, '..', '..', '.ci', 'services.sh');
let env: NodeJS.ProcessEnv;
let redisUrl: string;
let pgUrl: string;

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Runs .ci/services.sh asynchronously, so the request loop keeps running meanwhile. */
const services = (command: string) => exec('bash', [SCRIPT, command], { env, timeout: 60_000 });

beforeAll(async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tokenmeter-fault-'));
  redisUrl = `redis://127.0.0.1:${await freePort()}`;
  pgUrl = `postgres://postgres@127.0.0.1:${await freePort()}/tokenmeter_test`;
  env = { ...process.env, TOKENMETER_SERVICES_DIR: dir, TOKENMETER_REDIS_URL: redisUrl, TOKENMETER_PG_URL: pgUrl };
  try {
    await services('start');
  } catch (err) {
    throw new Error(`could not start private Redis/PostgreSQL servers with .ci/services.sh (run .ci/services.sh start once to install them): ${(err as Error).message}`);
  }
}, 120_000);

afterAll(async () => {
  await services('stop').catch(() => {});
  fs.rmSync(env.TOKENMETER_SERVICES_DIR!, { recursive: true, force: true });
}, 60_000);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test('postgres killed mid-run: records keep flowing, then arrive exactly once; overflow is reported', async () => {
  const table = 'fault_usage';
  const events: StoreErrorEvent[] = [];
  const ledger = resilient(createPostgresLedger({ url: pgUrl, table, connectTimeoutMs: 1000 }), {
    bufferSize: 10_000, retryMs: 100, timeoutMs: 2000, log: null, onError: (e) => events.push(e),
  });
  // A second gateway with a tiny buffer, to overflow during the same outage.
  const overflows: StoreErrorEvent[] = [];
  const small = resilient(createPostgresLedger({ url: pgUrl, table }), {
    bufferSize: 5, retryMs: 100, log: null, onError: (e) => e.type === 'overflow' && overflows.push(e),
  });

  const ids: string[] = [];
  let slowest = 0;
  let i = 0;
  const writer = (async () => {
    // ~6 s of traffic at ~200 records/s; the kill and restart happen in the middle of it.
    const end = Date.now() + 6000;
    while (Date.now() < end) {
      const id = `pg-${i++}`;
      const started = Date.now();
      await ledger.record({ id, user: `u${i % 3}`, inputTokens: 10, costUsd: 0.001 });
      slowest = Math.max(slowest, Date.now() - started);
      ids.push(id);
      await sleep(5);
    }
  })();

  await sleep(1000);
  await services('kill-pg');
  await waitFor(() => !ledger.stats().available, 5000, 'the ledger to notice the outage');
  for (let k = 0; k < 8; k++) await small.record({ id: `small-${k}` });
  expect(small.stats()).toMatchObject({ buffered: 5, dropped: 3 });
  expect(overflows.map((e) => (e.dropped[0] as { id: string }).id)).toEqual(['small-5', 'small-6', 'small-7']);
  await sleep(1000);
  expect(ledger.stats().buffered).toBeGreaterThan(10); // requests flowed into the buffer meanwhile
  await services('start-pg');
  await writer;
  await waitFor(() => ledger.stats().buffered === 0 && small.stats().buffered === 0, 20_000, 'the buffers to flush');

  const stats = ledger.stats();
  expect(stats).toMatchObject({ available: true, dropped: 0 });
  expect(stats.failures).toBeGreaterThan(0);
  expect(events.some((e) => e.type === 'failure')).toBe(true);
  expect(slowest).toBeLessThan(3000); // no request waited on the dead server much longer than one timeout (2 s)

  const client = new Client({ connectionString: pgUrl });
  await client.connect();
  const { rows } = await client.query(`SELECT id, count(*)::int AS n FROM ${table} GROUP BY id`);
  await client.end();
  const stored = new Map(rows.map((r: { id: string; n: number }) => [r.id, r.n]));
  const expected = [...ids, 'small-0', 'small-1', 'small-2', 'small-3', 'small-4'];
  expect(stored.size).toBe(expected.length); // nothing lost, nothing extra (the 3 dropped are absent)
  for (const id of expected) expect(stored.get(id)).toBe(1);
  const [total] = await ledger.totals();
  expect(total.calls).toBe(expected.length);
  await Promise.all([ledger.close(), small.close()]);
}, 60_000);

test('redis killed mid-run: budget checks keep answering (fail-open), and every use is counted once after restart', async () => {
  const budgets = resilient(createRedisBudgets({ url: redisUrl, prefix: 'fault:', commandTimeoutMs: 500 }), {
    retryMs: 100, timeoutMs: 1000, log: null,
  });
  const closed = resilient(createRedisBudgets({ url: redisUrl, prefix: 'fault:', commandTimeoutMs: 500 }), {
    retryMs: 100, timeoutMs: 1000, log: null, failMode: 'closed',
  });
  const scope = 'team:fault';
  const request = { scope, window: 'day' as const, limit: { tokens: 1_000_000 }, amount: { tokens: 10 } };
  let expected = 0;
  let downAnswers = 0;
  let slowest = 0;
  // Every fourth call settles later: those reserved before the crash settle while Redis is down
  // (buffered, replayed), those allowed while down settle after the restart (charged directly).
  const pending: string[] = [];
  const settleAll = async () => {
    for (const id of pending.splice(0)) expect(await budgets.settle(id, { tokens: 7 })).toBe(true);
  };
  // Sequential calls: the kill lands between two, so no call is in flight at the crash (a consume
  // whose reply is lost in the crash would leave its reservation counted: on the safe side, but
  // not the exact total this test checks).
  for (let n = 0; n < 120; n++) {
    if (n === 40) await services('kill-redis');
    if (n === 60) {
      await settleAll();
      expect(await closed.consume(request)).toMatchObject({ allowed: false, reason: 'unavailable' });
    }
    if (n === 80) await services('start-redis');
    const started = Date.now();
    const r = await budgets.consume(request);
    expect(r.allowed).toBe(true);
    if (r.reason === 'unavailable') downAnswers++;
    if (n % 4 === 0) pending.push(r.reservationId!);
    else await budgets.settle(r.reservationId!, { tokens: 7 });
    slowest = Math.max(slowest, Date.now() - started);
    expected += 7;
  }
  await settleAll();
  expect(downAnswers).toBeGreaterThan(30);
  expect(slowest).toBeLessThan(2000); // never more than one timeout (1 s) per call, plus slack
  await waitFor(() => budgets.stats().available && budgets.stats().buffered === 0, 20_000, 'the budget buffer to flush');
  expect(budgets.stats()).toMatchObject({ dropped: 0 });
  expect(budgets.stats().allowedWhileDown).toBe(downAnswers);
  expect((await budgets.usage(scope, 'day')).tokens).toBe(expected);
  await Promise.all([budgets.close(), closed.close()]);
}, 60_000);
