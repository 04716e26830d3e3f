// createProxy: forwards generation requests to the provider's API and streams the answer back
// chunk by chunk as it arrives (SSE events are never held back). The request body is the one the
// metering read (req.rawBody), or read here when no metering middleware ran first.
import * as http from 'node:http';
import * as https from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { GatewayMiddleware, ProxyOptions, Upstreams } from '../../types/gateway';
import { TokenmeterError } from '../errors';
import { errorAnswer } from '../server/answers';
import { send } from '../server/exchange';
import { newRequestId } from '../server/request-id';
import { rawBodyOf, readRequestBody } from './body';
import { DEFAULT_MAX_BODY_BYTES } from '../server/options';
import { generationRoute, type GenerationRoute } from './routes';

/** Connection-level headers (RFC 9110 7.6.1) are for one hop only and never forwarded. */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'te', 'trailer', 'upgrade', 'host', 'content-length']);

function invalid(message: string): never {
  throw new TokenmeterError('ERR_INVALID_ARGUMENT', message);
}

function checkUpstreams(upstreams: Upstreams): Record<string, URL> {
  const parsed: Record<string, URL> = {};
  for (const [provider, base] of Object.entries(upstreams ?? {})) {
    if (base === undefined) continue;
    if (provider !== 'anthropic' && provider !== 'openai') invalid(`upstream "${provider}": only anthropic and openai are proxied`);
    let url: URL;
    try {
      url = new URL(base);
    } catch {
      invalid(`upstream ${provider}: "${base}" is not a URL`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') invalid(`upstream ${provider}: use an http: or https: URL`);
    parsed[provider] = url;
  }
  return parsed;
}

/** The request headers to send upstream: the client's, auth included, minus hop-by-hop ones. */
function forwardHeaders(req: IncomingMessage, length: number): http.OutgoingHttpHeaders {
  const headers: http.OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined || HOP_BY_HOP.has(name)) continue;
    headers[name] = value;
  }
  // The usage is read from the answer as it passes: ask for it uncompressed.
  headers['accept-encoding'] = 'identity';
  headers['content-length'] = length;
  return headers;
}

/** Base path + the request path and query: 'https://host/openai' + '/v1/chat/completions?x'. */
function targetPath(base: URL, url: string | undefined, route: GenerationRoute): string {
  const query = (url ?? '').indexOf('?');
  const prefix = base.pathname.replace(/\/$/, '');
  return `${prefix}${route.path}${query === -1 ? '' : (url ?? '').slice(query)}`;
}

export function createProxy(options: ProxyOptions): GatewayMiddleware {
  if (typeof options !== 'object' || options === null) invalid('createProxy needs options { upstreams }');
  const upstreams = checkUpstreams(options.upstreams);
  const timeoutMs = options.timeoutMs ?? 600_000;

  function forward(req: IncomingMessage, res: ServerResponse, route: GenerationRoute, base: URL, body: Buffer): void {
    const client = base.protocol === 'https:' ? https : http;
    const upstream = client.request({
      protocol: base.protocol,
      hostname: base.hostname.replace(/^\[|\]$/g, ''),
      port: base.port || undefined,
      method: 'POST',
      path: targetPath(base, req.url, route),
      headers: forwardHeaders(req, body.length),
      timeout: timeoutMs,
    });
    upstream.on('response', (answer) => {
      res.statusCode = answer.statusCode ?? 502;
      for (const [name, value] of Object.entries(answer.headers)) {
        if (value !== undefined && !HOP_BY_HOP.has(name)) res.setHeader(name, value);
      }
      // An event stream must reach the client now, not when a buffer fills: send the headers first.
      res.flushHeaders();
      answer.pipe(res);
      answer.on('error', () => res.destroy());
    });
    upstream.on('timeout', () => upstream.destroy(new Error(`no answer from ${base.host} within ${timeoutMs} ms`)));
    upstream.on('error', (error) => {
      if (res.headersSent) return void res.destroy(); // mid-stream: all we can do is cut it
      send(res, errorAnswer(route.api, 502, `upstream ${base.host} failed: ${error.message}`, newRequestId()));
    });
    // The client went away: stop the upstream call (and its billing) too.
    res.on('close', () => {
      if (!res.writableFinished) upstream.destroy();
    });
    upstream.end(body);
  }

  return function proxy(req, res, next) {
    const route = generationRoute(req.method, req.url);
    const base = route && upstreams[route.provider];
    if (route === undefined || base === undefined) return next();
    const body = rawBodyOf(req);
    if (body !== undefined) return forward(req, res, route, base, body);
    readRequestBody(req, DEFAULT_MAX_BODY_BYTES).then((read) => {
      if ('body' in read) forward(req, res, route, base, read.body);
      else if ('tooLarge' in read) send(res, errorAnswer(route.api, 413, 'request body is too large', newRequestId()));
    }, next);
  };
}
