// Budget arguments, checked once for every store, and the one rule every store applies (in
// TypeScript for memory and SQLite, in Lua for Redis): a reservation is allowed when, for each
// limited dimension, what the window has used plus the amount stays within the limit.
// Tokens are whole numbers; costs are whole nano-dollars (see money.ts).
import { randomUUID } from 'node:crypto';
import type { BudgetAmount, BudgetLimit, BudgetWindow, ChargeRequest, ConsumeRequest, ConsumeResult } from '../../types/store';
import { nanoToUsd, usdToNano } from './money';
import { checkWindow, secondsUntil } from './windows';
import { invalid, isPlainObject, timeValue, wholeNumber } from './validate';

/** Use or an amount, in store units. */
export interface Units {
  tokens: number;
  nano: number;
}

/** A limit in store units; null is unlimited. */
export interface UnitLimit {
  tokens: number | null;
  nano: number | null;
}

export interface Consume {
  scope: string;
  window: BudgetWindow;
  limit: UnitLimit;
  amount: Units;
}

export interface Charge {
  id: string;
  scope: string;
  window: BudgetWindow;
  amount: Units;
  time: number | null;
}

export function checkScope(scope: unknown): string {
  if (typeof scope !== 'string' || scope === '') throw invalid('a budget scope must be a non-empty string');
  return scope;
}

export function amountUnits(amount: unknown, what: string): Units {
  if (amount === undefined) return { tokens: 0, nano: 0 };
  if (!isPlainObject(amount)) throw invalid(`${what} must be an object such as { tokens, costUsd }`);
  const a = amount as BudgetAmount;
  return {
    tokens: a.tokens === undefined ? 0 : wholeNumber(a.tokens, `${what}.tokens`),
    nano: a.costUsd === undefined ? 0 : usdToNano(a.costUsd, `${what}.costUsd`),
  };
}

function limitUnits(limit: unknown): UnitLimit {
  if (!isPlainObject(limit)) throw invalid('limit must be an object such as { tokens, costUsd }');
  const l = limit as BudgetLimit;
  return {
    tokens: l.tokens === undefined || l.tokens === null ? null : wholeNumber(l.tokens, 'limit.tokens'),
    nano: l.costUsd === undefined || l.costUsd === null ? null : usdToNano(l.costUsd, 'limit.costUsd'),
  };
}

export function normalizeConsume(req: unknown): Consume {
  if (!isPlainObject(req)) throw invalid('consume expects { scope, window, limit, amount }');
  const r = req as unknown as ConsumeRequest;
  return { scope: checkScope(r.scope), window: checkWindow(r.window), limit: limitUnits(r.limit), amount: amountUnits(r.amount, 'amount') };
}

export function normalizeCharge(req: unknown): Charge {
  if (!isPlainObject(req)) throw invalid('charge expects { scope, window, amount }');
  const r = req as unknown as ChargeRequest;
  const id = r.id === undefined ? randomUUID() : r.id;
  if (typeof id !== 'string' || id === '') throw invalid('a charge id must be a non-empty string');
  return {
    id,
    scope: checkScope(r.scope),
    window: checkWindow(r.window),
    amount: amountUnits(r.amount, 'amount'),
    time: r.time === undefined ? null : timeValue(r.time, 'charge time'),
  };
}

export function checkReservationId(id: unknown): string {
  if (typeof id !== 'string' || id === '') throw invalid('settle expects the reservationId that consume returned');
  return id;
}

/** The rule. Kept identical to the Lua in redis-scripts.ts. */
export function fits(used: Units, limit: UnitLimit, amount: Units): boolean {
  return (limit.tokens === null || used.tokens + amount.tokens <= limit.tokens) && (limit.nano === null || used.nano + amount.nano <= limit.nano);
}

/** The answer to consume, from the window's use after the decision. */
export function consumeResult(
  allowed: boolean,
  used: Units,
  limit: UnitLimit,
  window: { end: number },
  now: number,
  reservationId: string | null,
): ConsumeResult {
  return {
    allowed,
    reason: allowed ? null : 'limit',
    remaining: {
      tokens: limit.tokens === null ? null : Math.max(0, limit.tokens - used.tokens),
      costUsd: limit.nano === null ? null : nanoToUsd(Math.max(0, limit.nano - used.nano)),
    },
    retryAfterSeconds: allowed ? 0 : secondsUntil(window.end, now),
    reservationId,
    windowEnd: window.end,
  };
}
