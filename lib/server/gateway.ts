// The standalone server's gateway part, when configured: the stores, the usage recorder, budgets
// and the metering proxy chained for the generation routes, and their metrics.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ServerOptions } from '../../types/express';
import type { Stores } from '../../types/store';
import { TokenChecker } from '../check';
import type { TokenChecker as DeclaredChecker } from '../../types/check';
import { createProxy, tokenBudget, usageRecorder } from '../gateway';
import type { GenerationRoute } from '../gateway/routes';
import { createStores } from '../store';
import type { GatewayMetrics } from './metrics';

type Middleware = (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => void;

export interface ServerGateway {
  stores: Stores;
  /** Runs the chain for a generation request; `fallback` answers what no middleware did (no upstream). */
  handle(req: IncomingMessage, res: ServerResponse, fallback: (error?: unknown) => void): void;
  /** Whether the proxy forwards this route's provider. */
  proxies(route: GenerationRoute): boolean;
  close(): Promise<void>;
}

/** Null when the options configure none of the gateway (the server then only counts). */
export function createServerGateway(options: ServerOptions, metrics: GatewayMetrics): ServerGateway | null {
  const { ledger, budgets, limits = [], upstreams = {} } = options;
  if (ledger === undefined && budgets === undefined && limits.length === 0 && Object.keys(upstreams).length === 0) return null;
  const stores = createStores({
    ledger,
    budgets,
    // Fail open: a store outage is counted and logged once, and never fails a call.
    resilient: { failMode: 'open', onError: (event) => { if (event.type === 'failure') metrics.recordStoreError(event.op); } },
  });
  const checker = (options.checker ?? new TokenChecker()) as DeclaredChecker;
  const common = {
    checker,
    onStoreError: (event: { op: string }) => metrics.recordStoreError(event.op),
  };
  const chain: Middleware[] = [
    usageRecorder({ ...common, ledger: stores.ledger, onCall: (call) => metrics.recordCall(call) }),
  ];
  if (limits.length > 0) {
    chain.push(tokenBudget({ ...common, budgets: stores.budgets, limits, onReject: () => metrics.recordRejection() }));
  }
  chain.push(createProxy({ upstreams }));
  return {
    stores,
    proxies: (route) => upstreams[route.provider] !== undefined,
    handle(req, res, fallback) {
      let i = 0;
      const next = (error?: unknown) => {
        if (error !== undefined || i === chain.length) return fallback(error);
        chain[i++](req, res, next);
      };
      next();
    },
    close: () => stores.close(),
  };
}
