// Public types of the gateway kit (lib/gateway/): budget enforcement and usage recording as
// Express/Connect middleware, and a metering proxy in front of Anthropic's and OpenAI's APIs.
// Exported from 'tokenmeter/express'. Typed structurally (node:http request handlers), so Express's
// own typings are not needed.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CheckEstimate, CheckResult, TokenChecker } from './check';
import type { ChatApi } from './index';
import type { BudgetStore, BudgetWindow, LedgerStore } from './store';
import type { UsageResult } from './usage';

/** A (req, res, next) handler: mounts in Express 4 and 5, connect, or a plain node:http server. */
export interface GatewayMiddleware {
  (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void): void;
}

/**
 * Whose budget a rule limits: the caller's API key, the user (`x-user-id` or options.user), the
 * route ('/v1/messages'...), or everyone together. A rule whose identity is unknown for a request
 * (no key, no user) does not apply to it.
 */
export type BudgetScope = 'key' | 'user' | 'route' | 'global';

/** One limit per window and scope, e.g. `{ scope: 'key', window: 'day', tokens: 100000, costUsd: 5 }`. */
export interface BudgetRule {
  scope: BudgetScope;
  window: BudgetWindow;
  /** Input + output tokens per window; null or absent: unlimited (still metered). */
  tokens?: number | null;
  /** USD per window; null or absent: unlimited (still metered). */
  costUsd?: number | null;
}

/** What a metered call came to, given to the hooks once its response has ended. */
export interface MeteredCall {
  /** The request-id of the gateway's own answers (a 429, a 400), else a generated id. */
  id: string;
  api: ChatApi;
  /** 'anthropic' or 'openai' unless options.provider says otherwise. */
  provider: string;
  route: string;
  model: string | null;
  /** The key's id (`key_` + 12 hex digits of its SHA-256, or options.keyId), never the secret. */
  key: string | null;
  user: string | null;
  runId: string | null;
  /** The count before the call; null when the body could not be counted. */
  estimate: CheckEstimate | null;
  /** What the response reported (`available: false` when it reported nothing usable). */
  usage: UsageResult;
  /** The before/after comparison; null when there was no estimate. */
  check: CheckResult | null;
  /** The reported usage priced in USD; null when unpriced or not reported. */
  costUsd: number | null;
  durationMs: number;
  /** The response status (0 when the client went away before headers were sent). */
  status: number;
}

/** A store operation that failed; the request went on (fail-open). */
export interface GatewayStoreError {
  store: 'ledger' | 'budgets';
  op: 'record' | 'consume' | 'settle';
  error: unknown;
}

/** Options shared by tokenBudget and usageRecorder (the first one mounted on a request counts it). */
export interface MeteringOptions {
  /** Runs the before/after check of every call; default: one TokenChecker per middleware. */
  checker?: TokenChecker;
  /** The provider for reading responses and pricing; default 'anthropic' on /v1/messages, else 'openai'. */
  provider?: string | ((req: IncomingMessage) => string);
  /** The ledger/budget id of the presented API key; default `key_` + SHA-256 prefix. */
  keyId?: (key: string, req: IncomingMessage) => string | null;
  /** The user; default the `x-user-id` header (it is the client's word: set this behind your own auth). */
  user?: (req: IncomingMessage) => string | null;
  /** The run id; default the `x-run-id` header. */
  runId?: (req: IncomingMessage) => string | null;
  /** Largest body read, in bytes (default 32 MiB); larger ones answer 413. */
  maxBodyBytes?: number;
  /** Called after every call that was counted (not awaited; a throw becomes a process warning). */
  onCall?: (call: MeteredCall) => void;
  /** Called when a store operation fails; the request is not failed by it. */
  onStoreError?: (event: GatewayStoreError) => void;
}

/** What onReject receives when a request is refused with 429. */
export interface BudgetRejection {
  rule: BudgetRule;
  scope: string;
  retryAfterSeconds: number;
  /** The reservation that did not fit: estimated input + max output tokens, and its cost. */
  amount: { tokens: number; costUsd: number };
}

export interface TokenBudgetOptions extends MeteringOptions {
  budgets: BudgetStore;
  limits: readonly BudgetRule[];
  /** Output tokens reserved when the body sets no max_tokens / max_output_tokens (default 4096). */
  defaultMaxOutputTokens?: number;
  onReject?: (rejection: BudgetRejection) => void;
}

export interface UsageRecorderOptions extends MeteringOptions {
  ledger: LedgerStore;
}

/** Where the proxy sends each provider's calls, e.g. `{ anthropic: 'https://api.anthropic.com' }`. */
export interface Upstreams {
  anthropic?: string;
  openai?: string;
}

export interface ProxyOptions {
  upstreams: Upstreams;
  /** Give up on an upstream that sends no response headers within this many ms (default 600000). */
  timeoutMs?: number;
}

/**
 * Counts each generation request (POST /v1/messages, /v1/chat/completions, /v1/responses) before it
 * goes on, refuses it with 429 and retry-after (in the provider's error shape) when it would take a
 * budget over its limit, and settles the reservation with the reported usage once the response ends.
 * Mount it before express.json(): it reads the raw body (re-exposed as `req.rawBody`, and as
 * `req.body`, parsed on first access).
 */
export declare function tokenBudget(options: TokenBudgetOptions): GatewayMiddleware;

/** Writes one ledger row per generation call, with the usage read from the response as it passes. */
export declare function usageRecorder(options: UsageRecorderOptions): GatewayMiddleware;

/**
 * Forwards generation requests to the configured upstream, auth headers as given, and streams the
 * answer back as it arrives. Requests for a provider with no upstream go to `next`.
 */
export declare function createProxy(options: ProxyOptions): GatewayMiddleware;

/** Parses 'scope=key,window=day,tokens=100000,costUsd=5' (the `--budget` flag's form). */
export declare function parseBudgetRule(text: string): BudgetRule;
