// Budgets that keep requests flowing when the store is down.
// - consume: while the store is down (or when a call fails), the fail mode answers without it:
//   'open' allows (reason 'unavailable', counted), 'closed' refuses (reason 'unavailable', counted).
//   An allowed-while-down call gets an "offline" reservation id that names its window, so that its
//   settle() can be charged to the right window later.
// - settle and charge: writes; on failure they are buffered (outage.ts) and replayed in order when
//   the store answers. Replays are idempotent: settle deletes its reservation (a second one finds
//   none), charges carry an id fixed here.
// A fail-open call is charged at settle, with what it actually used. A reservation the store lost
// (a Redis restarted without persistence) cannot be told from one already settled, so its settle
// is a no-op: run Redis with an append-only file, as .ci/services.sh does.
import { randomUUID } from 'node:crypto';
import type { BudgetAmount, BudgetStore, BudgetWindow, ChargeRequest, ConsumeRequest, ConsumeResult, ResilientBudgets, ResilientOptions } from '../../types/store';
import { amountUnits, checkReservationId, normalizeCharge, normalizeConsume } from './budget-args';
import { Outage, outageSettings, withTimeout } from './outage';
import { windowBounds } from './windows';
import { clockOption, isInvalidArgument } from './validate';

type Op = { kind: 'settle'; id: string; actual: BudgetAmount } | { kind: 'charge'; request: ChargeRequest & { id: string } };

const OFFLINE = /^offline~(minute|hour|day|month)~(\d+)~([0-9a-f-]{36})~(.+)$/s;

export function resilientBudgets(store: BudgetStore, options?: ResilientOptions): ResilientBudgets {
  const settings = outageSettings(options);
  const now = clockOption(options?.now);
  const apply = (op: Op): Promise<boolean> => (op.kind === 'settle' ? store.settle(op.id, op.actual) : store.charge(op.request));
  const outage = new Outage<Op>(
    'budget',
    settings,
    async (ops) => {
      for (const op of ops) await apply(op); // in order; each is idempotent, so a failed batch can be replayed whole
    },
    () => store.ping(),
    100,
  );

  const write = async (op: Op): Promise<boolean> => {
    if (outage.queuing) return outage.push(op.kind, op);
    try {
      const applied = await withTimeout(apply(op), settings.timeoutMs);
      outage.succeeded();
      return applied;
    } catch (err) {
      if (isInvalidArgument(err)) throw err;
      outage.failed(op.kind, err);
      return outage.push(op.kind, op);
    }
  };

  const whileDown = (request: ConsumeRequest, t: number): ConsumeResult => {
    const allowed = settings.failMode === 'open';
    outage.countDecision(allowed);
    const w = windowBounds(request.window, t);
    return {
      allowed,
      reason: 'unavailable',
      remaining: { tokens: null, costUsd: null },
      retryAfterSeconds: allowed ? 0 : Math.max(1, Math.ceil(settings.retryMs / 1000)),
      reservationId: allowed ? `offline~${request.window}~${w.start}~${randomUUID()}~${request.scope}` : null,
      windowEnd: w.end,
    };
  };

  return {
    kind: `resilient(${store.kind})`,
    async consume(request: ConsumeRequest) {
      normalizeConsume(request); // a bad argument throws; it must not pass for an outage
      if (!outage.available) return whileDown(request, now());
      try {
        const result = await withTimeout(store.consume(request), settings.timeoutMs);
        outage.succeeded();
        return result;
      } catch (err) {
        if (isInvalidArgument(err)) throw err;
        outage.failed('consume', err);
        return whileDown(request, now());
      }
    },
    async settle(reservationId: string, actual: BudgetAmount) {
      const id = checkReservationId(reservationId);
      amountUnits(actual, 'actual');
      const offline = OFFLINE.exec(id);
      if (offline === null) return write({ kind: 'settle', id, actual });
      // Allowed while the store was down: nothing was reserved, so charge what the call used, to
      // the window it ran in, under an id that makes the replay count once.
      const [, window, start, uuid, scope] = offline;
      return write({ kind: 'charge', request: { id: uuid, scope, window: window as BudgetWindow, amount: actual, time: Number(start) } });
    },
    async charge(request: ChargeRequest) {
      const req = normalizeCharge(request);
      return write({ kind: 'charge', request: { id: req.id, scope: req.scope, window: req.window, amount: request.amount, time: req.time ?? now() } });
    },
    usage: (scope: string, window: BudgetWindow) => withTimeout(store.usage(scope, window), settings.timeoutMs),
    ping: () => withTimeout(store.ping(), settings.timeoutMs),
    flush: () => outage.flush(),
    stats: () => outage.stats(),
    async close() {
      await outage.close();
      await store.close();
    },
  };
}
