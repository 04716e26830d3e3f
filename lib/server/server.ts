// The standalone server (node:http only, no Express at run time): the three count endpoints,
// GET /health and GET /metrics.
import * as http from 'node:http';
import type { CountTokensResponse, ServerOptions } from '../../types/express';
import { errorAnswer } from './answers';
import { answerCount, send } from './exchange';
import { GatewayMetrics } from './metrics';
import { resolveOptions } from './options';
import { newRequestId } from './request-id';
import { endpointOf, errorStyleOf, pathOf } from './routes';

const PROMETHEUS_TEXT = 'text/plain; version=0.0.4; charset=utf-8';

/** The metrics label for a path: one of the served paths, or 'other'. */
function routeLabel(path: string): string {
  return endpointOf(path) !== undefined || path === '/health' || path === '/metrics' ? path : 'other';
}

/** An answer outside the provider formats; it carries a request-id like every other. */
function plain(status: number, contentType: string, body: string): CountTokensResponse {
  return { status, headers: { 'content-type': contentType, 'request-id': newRequestId() }, body };
}

/** GET (and HEAD) only, on /health and /metrics; answers 405 otherwise and returns false. */
function allowGet(req: http.IncomingMessage, res: http.ServerResponse): boolean {
  if (req.method === 'GET' || req.method === 'HEAD') return true;
  const message = `${req.method} is not allowed on this endpoint: use GET`;
  send(res, errorAnswer('anthropic', 405, message, newRequestId(), { headers: { allow: 'GET, HEAD' } }));
  return false;
}

export function createRequestListener(options?: ServerOptions): http.RequestListener {
  const settings = resolveOptions(options);
  const metrics = new GatewayMetrics();
  return (req, res) => {
    const path = pathOf(req.url);
    const route = routeLabel(path);
    res.once('finish', () => metrics.recordRequest(route, res.statusCode));
    const endpoint = endpointOf(path);
    if (endpoint !== undefined) {
      answerCount(endpoint, req, settings).then(
        (outcome) => {
          if (outcome.count) metrics.recordCount(route, outcome.count.seconds, outcome.count.inputTokens);
          send(res, outcome.response);
        },
        // answerCount answers every client error itself; reaching here is a bug of ours.
        (error: unknown) => {
          process.emitWarning(`tokenmeter: unexpected failure: ${(error as Error)?.stack ?? error}`, 'TokenmeterWarning');
          send(res, errorAnswer(endpoint, 500, 'internal error', newRequestId()));
        },
      );
      return;
    }
    if (path === '/health') {
      if (allowGet(req, res)) send(res, plain(200, 'application/json', '{"status":"ok"}'));
      return;
    }
    if (path === '/metrics') {
      if (allowGet(req, res)) send(res, plain(200, PROMETHEUS_TEXT, metrics.render()));
      return;
    }
    send(res, errorAnswer(errorStyleOf(path), 404, `${req.method} ${path} does not exist`, newRequestId()));
  };
}

export function createServer(options?: ServerOptions): http.Server {
  return http.createServer(createRequestListener(options));
}
