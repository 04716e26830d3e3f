// The standalone server (node:http only, no Express at run time): the three count endpoints,
// GET /health and GET /metrics.
import * as http from 'node:http';
import type { CountTokensResponse, ServerOptions } from '../../types/express';
import { errorAnswer } from './answers';
import { answerCount, send } from './exchange';
import { GatewayMetrics } from './metrics';
import { resolveOptions, type Settings } from './options';
import { newRequestId } from './request-id';
import { endpointOf, errorStyleOf, pathOf } from './routes';
import { generationRoute, isGenerationPath } from '../gateway/routes';
import { checkHeaders } from './checks';
import { createServerGateway, type ServerGateway } from './gateway';
import { answerUsage } from './usage-route';
import { presentedKey } from './auth';

/** Where createServer keeps the gateway's closer, for closeGracefully. */
export const CLOSE_GATEWAY = Symbol.for('tokenmeter.closeGateway');

const PROMETHEUS_TEXT = 'text/plain; version=0.0.4; charset=utf-8';

/** The metrics label for a path: one of the served paths, or 'other'. */
function routeLabel(path: string): string {
  const served = endpointOf(path) !== undefined || isGenerationPath(path) || ['/health', '/metrics', '/v1/usage'].includes(path);
  return served ? path : 'other';
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

/** A proxied call: the key and header checks the count endpoints make, then the gateway chain. */
function answerGeneration(gateway: ServerGateway, req: http.IncomingMessage, res: http.ServerResponse, settings: Settings, fallback: () => void): void {
  const route = generationRoute(req.method, req.url)!;
  const requestId = newRequestId();
  checkHeaders(route.api, req.headers, settings, requestId).then(
    (check) => {
      if (check.refusal !== null) return send(res, check.refusal);
      gateway.handle(req, res, (error) => {
        if (error === undefined) return fallback();
        process.emitWarning(`tokenmeter: unexpected gateway failure: ${(error as Error)?.stack ?? error}`, 'TokenmeterWarning');
        if (res.headersSent) res.destroy();
        else send(res, errorAnswer(route.api, 500, 'internal error', requestId));
      });
    },
    () => send(res, errorAnswer(route.api, 500, 'internal error while checking the API key', requestId)),
  );
}

/** GET /v1/usage, behind the same keys as the rest (any valid key reads the whole ledger). */
function serveUsage(gateway: ServerGateway, req: http.IncomingMessage, res: http.ServerResponse, settings: Settings): void {
  if (!allowGet(req, res)) return;
  const key = presentedKey('anthropic', req.headers);
  const allowed = settings.checkKey === null ? Promise.resolve(true) : key === null ? Promise.resolve(false) : settings.checkKey(key);
  allowed
    .then((ok) => (ok ? answerUsage(req, gateway.stores.ledger) : errorAnswer('anthropic', 401, 'a valid x-api-key or Authorization: Bearer key is required', newRequestId())))
    .then(
      (answer) => send(res, answer),
      (error: unknown) => {
        process.emitWarning(`tokenmeter: reading the ledger failed: ${(error as Error)?.message ?? error}`, 'TokenmeterWarning');
        send(res, errorAnswer('anthropic', 503, 'the usage ledger is unavailable', newRequestId()));
      },
    );
}

export function createRequestListener(options?: ServerOptions): http.RequestListener {
  return makeListener(options).listener;
}

function makeListener(options?: ServerOptions): { listener: http.RequestListener; gateway: ServerGateway | null } {
  const settings = resolveOptions(options);
  const metrics = new GatewayMetrics();
  const gateway = createServerGateway(options ?? {}, metrics);
  metrics.gateway = gateway !== null;
  const notFound = (req: http.IncomingMessage, res: http.ServerResponse, path: string) =>
    send(res, errorAnswer(errorStyleOf(path), 404, `${req.method} ${path} does not exist`, newRequestId()));
  const listener: http.RequestListener = (req, res) => {
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
    if (gateway !== null) {
      const route = generationRoute(req.method, req.url);
      if (route !== undefined && gateway.proxies(route)) return answerGeneration(gateway, req, res, settings, () => notFound(req, res, path));
      if (path === '/v1/usage') return serveUsage(gateway, req, res, settings);
    }
    notFound(req, res, path);
  };
  return { listener, gateway };
}

export function createServer(options?: ServerOptions): http.Server {
  const { listener, gateway } = makeListener(options);
  const server = http.createServer(listener);
  if (gateway !== null) {
    // The stores close with the server (closeGracefully awaits this, so buffered records are flushed).
    let closing: Promise<void> | undefined;
    const close = () => (closing ??= gateway.close().catch((error) => process.emitWarning(`tokenmeter: closing the stores failed: ${error?.message ?? error}`, 'TokenmeterWarning')));
    (server as unknown as Record<symbol, unknown>)[CLOSE_GATEWAY] = close;
    server.once('close', () => void close());
  }
  return server;
}
