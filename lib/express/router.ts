// countTokensRouter: the count endpoints as Express middleware. It is a plain
// (req, res, next) function using only Node's request/response API, so the same code runs on
// Express 4 and 5 (and connect), and Express itself is not loaded by tokenmeter.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CountTokensOptions, CountTokensRouter } from '../../types/express';
import { answerCount, send } from '../server/exchange';
import { resolveOptions } from '../server/options';
import { endpointOf, pathOf } from '../server/routes';

export function countTokensRouter(options?: CountTokensOptions): CountTokensRouter {
  const settings = resolveOptions(options);
  return function countTokens(req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void): void {
    // Under app.use('/prefix', router) Express strips the prefix from req.url, in 4 and 5 alike.
    const endpoint = endpointOf(pathOf(req.url));
    if (endpoint === undefined) {
      next();
      return;
    }
    // answerCount answers every client error itself; a rejection is a bug of ours, and goes to
    // Express's error handler (Express 4 does not catch rejected promises by itself).
    answerCount(endpoint, req, settings).then((outcome) => send(res, outcome.response), next);
  };
}
