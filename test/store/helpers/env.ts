// Where the store suites find their servers, and the checks that make a missing server a failure
// with instructions (CI starts the servers; a silently skipped suite would hide a broken setup).
import { randomBytes } from 'node:crypto';
import Redis from 'ioredis';

export const REDIS_URL = process.env.TOKENMETER_REDIS_URL ?? 'redis://127.0.0.1:6379';
export const PG_URL = process.env.TOKENMETER_PG_URL ?? 'postgres://postgres@127.0.0.1:5433/tokenmeter_test';
export const SERVICES = 'run .ci/services.sh start (it starts Redis and PostgreSQL on loopback)';

/** A short random name part, so parallel runs and reruns never share keys or tables. */
export function unique(): string {
  return randomBytes(5).toString('hex');
}

/** Fails (not skips) the suite with the fix when a server does not answer. */
export async function mustReach(what: string, url: string, ping: () => Promise<unknown>): Promise<void> {
  try {
    await ping();
  } catch (err) {
    throw new Error(`${what} is not reachable at ${url}: ${SERVICES}. (${(err as Error).message})`);
  }
}

/** A clock the test moves by hand. */
export function manualClock(start: number): { now: () => number; set(t: number): void; advance(ms: number): void } {
  let t = start;
  return {
    now: () => t,
    set: (v) => {
      t = v;
    },
    advance: (ms) => {
      t += ms;
    },
  };
}

/** Polls until `cond` holds, or fails after `ms`. */
export async function waitFor(cond: () => boolean | Promise<boolean>, ms: number, what: string): Promise<void> {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * A plain client for checks and clean-up. No offline queue and no retries: with the server down,
 * commands fail at once instead of waiting for a reconnection that never comes.
 */
export async function redisAdmin(): Promise<Redis> {
  const admin = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 0, enableOfflineQueue: false, retryStrategy: () => null });
  admin.on('error', () => {});
  await mustReach('Redis', REDIS_URL, async () => {
    await admin.connect();
    await admin.ping();
  });
  return admin;
}
