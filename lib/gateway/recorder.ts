// usageRecorder: one ledger row per generation call, written after the answer has ended (so a
// slow or failing ledger never delays or fails the call itself).
import type { GatewayMiddleware, UsageRecorderOptions } from '../../types/gateway';
import { TokenChecker } from '../check';
import type { TokenChecker as DeclaredChecker } from '../../types/check';
import { TokenmeterError } from '../errors';
import { errorAnswer } from '../server/answers';
import { send } from '../server/exchange';
import { callHook } from './hooks';
import { meter } from './metering';
import { ledgerRow } from './record';
import { generationRoute } from './routes';

export function usageRecorder(options: UsageRecorderOptions): GatewayMiddleware {
  if (typeof options !== 'object' || options === null || typeof options.ledger?.record !== 'function') {
    throw new TokenmeterError('ERR_INVALID_ARGUMENT', 'usageRecorder needs options { ledger } with a LedgerStore');
  }
  const { ledger } = options;
  const checker: DeclaredChecker = options.checker ?? (new TokenChecker() as unknown as DeclaredChecker);
  return function recorder(req, res, next) {
    const route = generationRoute(req.method, req.url);
    if (route === undefined) return next();
    // The call starts now: its row is stamped with this time, not with when the answer ended.
    const time = Date.now();
    meter(req, res, route, options, checker)
      .then((m) => {
        m.outcome.then((call) => {
          callHook('onCall', options.onCall, call);
          ledger.record(ledgerRow(call, time)).then(undefined, (error: unknown) =>
            callHook('onStoreError', options.onStoreError, { store: 'ledger', op: 'record', error }),
          );
        });
        // A body that could not be read is gone: nothing after us could forward it, so answer here.
        if (m.problem !== null && m.problem.status === 413) {
          send(res, errorAnswer(route.api, 413, m.problem.message, m.id));
          return;
        }
        if (m.problem !== null && m.problem.status === 0) return;
        next();
      })
      .then(undefined, next);
  };
}
