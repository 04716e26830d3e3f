// Types of 'tokenmeter/express': the count_tokens endpoints as Express middleware, as a
// framework-free handler, and as a plain node:http server (lib/express/, lib/server/).
// The middleware is typed structurally (a Node request handler), so these types do not need
// @types/express, and the same function mounts in Express 4 and 5 (and connect-style apps).
import type { IncomingHttpHeaders, IncomingMessage, RequestListener, Server, ServerResponse } from 'node:http';
import type { ChatApi, CountResult } from './index';
import type { TokenChecker } from './check';
import type { BudgetRule, Upstreams } from './gateway';
import type { BudgetStore, LedgerStore } from './store';

export type {
  BudgetRejection, BudgetRule, BudgetScope, GatewayMiddleware, GatewayStoreError, MeteredCall, MeteringOptions,
  ProxyOptions, TokenBudgetOptions, Upstreams, UsageRecorderOptions,
} from './gateway';
export { createProxy, parseBudgetRule, tokenBudget, usageRecorder } from './gateway';

/**
 * Which endpoint a body was sent to, and so how it is read and which error shape answers:
 * `'anthropic'`: POST /v1/messages/count_tokens (Anthropic's errors),
 * `'chat'`: POST /v1/chat/completions/count_tokens, `'responses'`: POST /v1/responses/input_tokens
 * (OpenAI's errors).
 */
export type CountEndpoint = ChatApi;

/** Decides whether a presented API key is valid; may be async (a lookup in a store). */
export type ApiKeyCheck = (key: string) => boolean | Promise<boolean>;

/** What `onCount` receives after each successful count. */
export interface CountInfo {
  endpoint: CountEndpoint;
  /** The id sent back in the `request-id` header. */
  requestId: string;
  /** The key the client presented (x-api-key or Authorization: Bearer), or null. */
  apiKey: string | null;
  /** The full count: `inputTokens`, `exact`, `estimated`, `model`, `breakdown`... */
  result: CountResult;
  /** Time spent parsing and counting the body on the worker thread, in milliseconds. */
  durationMs: number;
}

export interface CountTokensOptions {
  /**
   * When set, every request must carry a valid key: Anthropic's route reads `x-api-key` (or
   * `Authorization: Bearer`), the OpenAI routes `Authorization: Bearer`. A list is compared in
   * constant time; an empty list refuses every key. Unset: no authentication.
   */
  apiKeys?: readonly string[] | ApiKeyCheck;
  /** Largest body accepted, in bytes; larger ones answer 413. Default 32 MiB (Anthropic's limit). */
  maxBodyBytes?: number;
  /**
   * Called after each successful count, before the answer is sent; not awaited (a slow or failing
   * hook never delays or breaks the answer; a throw or rejection becomes a process warning).
   */
  onCount?: (info: CountInfo) => void | Promise<void>;
}

/** An HTTP answer: `body` is JSON text; `headers` include content-type and request-id. */
export interface CountTokensResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/**
 * The endpoints' logic with no HTTP framework: checks the key and content type in `headers`,
 * the body's size, then counts the raw body bytes off the event loop and answers as the provider
 * would (`{"input_tokens":N}`, or OpenAI's `{"object":"response.input_tokens","input_tokens":N}`),
 * or with the provider's error shape. Never rejects for bad input.
 */
export declare function handleCountTokens(
  endpoint: CountEndpoint,
  body: Uint8Array | string,
  headers: IncomingHttpHeaders | Record<string, string | string[] | undefined>,
  options?: CountTokensOptions,
): Promise<CountTokensResponse>;

/** Express (4 or 5) middleware serving the three count endpoints; other paths go to `next`. */
export interface CountTokensRouter {
  (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void): void;
}

/**
 * The count endpoints for an Express app: `app.use(countTokensRouter())`, or under a prefix.
 * Mount it before `express.json()`: it reads the raw body itself so that JSON parsing happens in
 * C++ on a worker thread (a body already parsed by an earlier middleware is still accepted).
 */
export declare function countTokensRouter(options?: CountTokensOptions): CountTokensRouter;

/**
 * Options of the standalone server: the endpoints' options (metrics are always on), and the
 * gateway's. With any gateway option set the server also serves `GET /v1/usage` (the ledger) and,
 * for each provider in `upstreams`, proxies its generation routes with metering, budgets and the
 * before/after check (drift shows in /metrics as tokenmeter_checks_total{status="drift"}).
 */
export interface ServerOptions extends CountTokensOptions {
  /** The usage ledger: 'memory:', 'sqlite:<file>', 'postgres://...', or a store. Default 'memory:' when the gateway is on. */
  ledger?: string | LedgerStore;
  /** The budget store: 'memory:', 'sqlite:<file>', 'redis://...', or a store. Default 'memory:'. */
  budgets?: string | BudgetStore;
  /** Budget rules enforced on proxied calls. */
  limits?: BudgetRule[];
  /** Where proxied calls go, per provider. */
  upstreams?: Upstreams;
  /** The checker for the before/after check of proxied calls (listen on it for 'drift'). */
  checker?: TokenChecker;
}

/**
 * A request listener serving the count endpoints plus `GET /health` and `GET /metrics`
 * (Prometheus text), for `http.createServer` or any framework that takes one.
 */
export declare function createRequestListener(options?: ServerOptions): RequestListener;

/** `http.createServer(createRequestListener(options))`: not listening yet; call `listen`. */
export declare function createServer(options?: ServerOptions): Server;
