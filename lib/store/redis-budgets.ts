// Budgets in Redis, for several gateway instances: each operation is one Lua script (redis-scripts.ts),
// so check-and-reserve is atomic across processes. Use per window is a hash {t: tokens, c: nano-dollars}
// under `<prefix>{<scope>|<window>|<start ms>}`, expiring after the window (plus the settle grace).
// Reservations and charge markers sit beside it under the same hash tag.
//
// The client fails fast when the server is down (no offline queue, one retry): a budget check that
// waits for a dead server would hold up every request; the resilient wrapper decides instead.
import { randomUUID } from 'node:crypto';
import type { Redis as RedisClient } from 'ioredis';
import type { BudgetAmount, BudgetStore, BudgetWindow, ChargeRequest, ConsumeRequest, RedisBudgetOptions } from '../../types/store';
import { amountUnits, checkReservationId, checkScope, consumeResult, normalizeCharge, normalizeConsume } from './budget-args';
import { loadOptional } from './load';
import { nanoToUsd } from './money';
import { CHARGE, CONSUME, SETTLE } from './redis-scripts';
import { checkWindow, DEFAULT_SETTLE_GRACE_MS, windowBounds } from './windows';
import { clockOption, invalid, isPlainObject, positiveOption } from './validate';

type Script = (...args: (string | number)[]) => Promise<unknown>;

/**
 * A reservation id carries its window, so settle() knows every key it touches without a lookup:
 * '<uuid>~<window>~<start ms>~<scope>' (the scope last, as it may itself contain '~').
 */
function reservationId(uuid: string, window: BudgetWindow, start: number, scope: string): string {
  return `${uuid}~${window}~${start}~${scope}`;
}

function parseReservationId(id: string): { uuid: string; window: BudgetWindow; start: number; scope: string } | null {
  const m = /^([0-9a-f-]{36})~(minute|hour|day|month)~(\d+)~(.+)$/s.exec(id);
  return m === null ? null : { uuid: m[1], window: m[2] as BudgetWindow, start: Number(m[3]), scope: m[4] };
}

export function createRedisBudgets(options: RedisBudgetOptions): BudgetStore {
  if (!isPlainObject(options) || typeof options.url !== 'string') throw invalid('createRedisBudgets expects { url }');
  const now = clockOption(options.now);
  const grace = positiveOption(options.settleGraceMs, DEFAULT_SETTLE_GRACE_MS, 'settleGraceMs');
  const prefix = options.prefix ?? 'tokenmeter:';
  if (typeof prefix !== 'string' || /[{}]/.test(prefix)) throw invalid('prefix must be a string without braces (they delimit hash tags)');
  const commandTimeout = positiveOption(options.commandTimeoutMs, 2000, 'commandTimeoutMs');

  const ioredis = loadOptional<typeof import('ioredis')>('ioredis', 'The Redis budget store');
  const client: RedisClient = new ioredis.Redis(options.url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    commandTimeout,
    connectTimeout: commandTimeout,
    // Keep trying to reconnect, at most every second, for as long as the store is open.
    retryStrategy: (times: number) => Math.min(times * 100, 1000),
  });
  // Connection errors are reported by the commands that fail; an unhandled 'error' event would
  // only print noise (ioredis logs them when nobody listens).
  client.on('error', () => {});
  // defineCommand sends EVALSHA and falls back to EVAL when the server has lost its script cache
  // (after a restart), so scripts survive server restarts.
  client.defineCommand('tmConsume', { numberOfKeys: 2, lua: CONSUME });
  client.defineCommand('tmSettle', { numberOfKeys: 2, lua: SETTLE });
  client.defineCommand('tmCharge', { numberOfKeys: 2, lua: CHARGE });
  const script = (name: string) => (client as unknown as Record<string, Script>)[name].bind(client);
  const consumeScript = script('tmConsume');
  const settleScript = script('tmSettle');
  const chargeScript = script('tmCharge');

  // Until the first connection is up, commands would fail (no offline queue): wait for it once,
  // bounded, so that a store used right after creation works.
  let connected: Promise<void> | null = null;
  const ready = (): Promise<void> => {
    if (client.status === 'ready') return Promise.resolve();
    connected ??= new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        client.off('ready', done);
        connected = null;
        resolve();
      };
      const timer = setTimeout(done, commandTimeout);
      client.once('ready', done);
    });
    return connected;
  };

  const windowKey = (scope: string, window: BudgetWindow, start: number) => `${prefix}{${scope}|${window}|${start}}`;
  const ttl = (end: number, t: number) => end + grace - t;

  return {
    kind: 'redis',
    async consume(request: ConsumeRequest) {
      const req = normalizeConsume(request);
      await ready();
      const t = now();
      const w = windowBounds(req.window, t);
      const key = windowKey(req.scope, req.window, w.start);
      const uuid = randomUUID();
      const [allowed, tokens, nano] = (await consumeScript(
        key,
        `${key}:r:${uuid}`,
        req.limit.tokens ?? -1,
        req.limit.nano ?? -1,
        req.amount.tokens,
        req.amount.nano,
        ttl(w.end, t),
      )) as [number, number, number];
      const id = allowed === 1 ? reservationId(uuid, req.window, w.start, req.scope) : null;
      return consumeResult(allowed === 1, { tokens: Number(tokens), nano: Number(nano) }, req.limit, w, t, id);
    },
    async settle(reservation: string, actual: BudgetAmount) {
      const parsed = parseReservationId(checkReservationId(reservation));
      if (parsed === null) throw invalid(`not a reservation id of the Redis budget store: ${reservation}`);
      const units = amountUnits(actual, 'actual');
      await ready();
      const key = windowKey(parsed.scope, parsed.window, parsed.start);
      return (await settleScript(key, `${key}:r:${parsed.uuid}`, units.tokens, units.nano)) === 1;
    },
    async charge(request: ChargeRequest) {
      const req = normalizeCharge(request);
      await ready();
      const t = now();
      const w = windowBounds(req.window, req.time ?? t);
      const key = windowKey(req.scope, req.window, w.start);
      return (await chargeScript(key, `${key}:c:${req.id}`, req.amount.tokens, req.amount.nano, ttl(w.end, t))) === 1;
    },
    async usage(scope: string, window: BudgetWindow) {
      checkScope(scope);
      checkWindow(window);
      await ready();
      const w = windowBounds(window, now());
      const [tokens, nano] = await client.hmget(windowKey(scope, window, w.start), 't', 'c');
      return { scope, window, windowStart: w.start, windowEnd: w.end, tokens: Number(tokens ?? 0), costUsd: nanoToUsd(Number(nano ?? 0)) };
    },
    async ping() {
      await ready();
      await client.ping();
    },
    async close() {
      // quit() waits for replies to commands in flight; if the server is gone, disconnect instead.
      await client.quit().catch(() => client.disconnect());
    },
  };
}
