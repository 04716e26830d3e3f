// tokenBudget: refuse a generation request that would take a budget over its limit, before it
// reaches the provider, and settle each reservation with the reported usage once the answer ends.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { BudgetRule, GatewayMiddleware, MeteredCall, TokenBudgetOptions } from '../../types/gateway';
import type { BudgetAmount, ConsumeResult } from '../../types/store';
import { TokenChecker } from '../check';
import type { TokenChecker as DeclaredChecker } from '../../types/check';
import { TokenmeterError } from '../errors';
import { errorAnswer } from '../server/answers';
import { send } from '../server/exchange';
import { callHook } from './hooks';
import { checkRule, scopeOf } from './limits';
import { meter, type Metering } from './metering';
import { worstCaseCost } from './pricing';
import { maxOutputTokens } from './reserve';
import { generationRoute } from './routes';

interface Held {
  reservationId: string;
  amount: { tokens: number; costUsd: number };
}

function invalid(message: string): never {
  throw new TokenmeterError('ERR_INVALID_ARGUMENT', message);
}

/** What the call used, for settling; unknown usage keeps the reservation (unknown is not zero), a refused call releases it. */
function actualAmount(call: MeteredCall, held: Held): BudgetAmount {
  const { usage } = call;
  if (!usage.available) return call.status >= 400 || call.status === 0 ? { tokens: 0, costUsd: 0 } : held.amount;
  return {
    tokens: (usage.inputTokens ?? 0) + (usage.outputTokens ?? 0),
    costUsd: call.costUsd ?? held.amount.costUsd,
  };
}

export function tokenBudget(options: TokenBudgetOptions): GatewayMiddleware {
  if (typeof options !== 'object' || options === null) invalid('tokenBudget needs options { budgets, limits }');
  const { budgets } = options;
  if (typeof budgets?.consume !== 'function' || typeof budgets.settle !== 'function') invalid('options.budgets must be a BudgetStore');
  if (!Array.isArray(options.limits)) invalid('options.limits must be an array of budget rules');
  const limits = options.limits.map((rule, i) => checkRule(rule, `options.limits[${i}]`));
  const fallbackOutput = options.defaultMaxOutputTokens ?? 4096;
  if (!Number.isSafeInteger(fallbackOutput) || fallbackOutput < 0) invalid('options.defaultMaxOutputTokens must be a whole number >= 0');
  const checker: DeclaredChecker = options.checker ?? (new TokenChecker() as unknown as DeclaredChecker);

  const storeError = (op: 'consume' | 'settle', error: unknown) => callHook('onStoreError', options.onStoreError, { store: 'budgets', op, error });

  /** Settles or releases what was reserved; a failing store is reported, never thrown. */
  const settleAll = (held: Held[], amount: (h: Held) => BudgetAmount) => {
    for (const h of held) budgets.settle(h.reservationId, amount(h)).then(undefined, (error) => storeError('settle', error));
  };

  async function admit(req: IncomingMessage, res: ServerResponse, m: Metering): Promise<boolean> {
    const { route } = m;
    if (m.problem !== null) {
      if (m.problem.status !== 0) send(res, errorAnswer(route.api, m.problem.status, m.problem.message, m.id));
      return false; // status 0: the client is gone, nothing to answer
    }
    if (m.check === null || m.body === null) return true; // our own counting fault: fail open
    const inputTokens = m.check.estimate.inputTokens;
    const output = maxOutputTokens(m.body, fallbackOutput);
    const amount = { tokens: inputTokens + output, costUsd: worstCaseCost(inputTokens, output, m.check.estimate.model, m.provider) };
    const held: Held[] = [];
    for (const rule of limits) {
      const scope = scopeOf(rule, m.who, route.path);
      if (scope === null) continue;
      let result: ConsumeResult;
      try {
        result = await budgets.consume({ scope, window: rule.window, limit: { tokens: rule.tokens, costUsd: rule.costUsd }, amount });
      } catch (error) {
        storeError('consume', error); // fail open: a budget store outage does not stop traffic
        continue;
      }
      if (result.allowed) {
        if (result.reservationId !== null) held.push({ reservationId: result.reservationId, amount });
        continue;
      }
      settleAll(held, () => ({ tokens: 0, costUsd: 0 }));
      refuse(res, m, rule, scope, result, amount);
      return false;
    }
    m.outcome.then((call) => settleAll(held, (h) => actualAmount(call, h)));
    return true;
  }

  function refuse(res: ServerResponse, m: Metering, rule: BudgetRule, scope: string, result: ConsumeResult, amount: Held['amount']): void {
    const retryAfterSeconds = Math.max(1, Math.ceil(result.retryAfterSeconds));
    callHook('onReject', options.onReject, { rule, scope, retryAfterSeconds, amount });
    const what = result.reason === 'unavailable' ? 'the budget store is unavailable' : `this request would exceed the ${rule.window} budget of ${scope}`;
    const answer = errorAnswer(m.route.api, 429, `${what}: retry after ${retryAfterSeconds} s`, m.id, {
      code: 'rate_limit_exceeded',
      headers: { 'retry-after': String(retryAfterSeconds) },
    });
    send(res, answer);
  }

  return function budget(req, res, next) {
    const route = generationRoute(req.method, req.url);
    if (route === undefined) return next();
    meter(req, res, route, options, checker)
      .then((m) => {
        if (options.onCall) m.outcome.then((call) => callHook('onCall', options.onCall, call));
        return admit(req, res, m);
      })
      .then((go) => go && next(), next);
  };
}
