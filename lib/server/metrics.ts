// The server's own counters, rendered in Prometheus' text format (version 0.0.4): requests by
// route and status, tokens counted, and a histogram of count latency. Route labels are the
// fixed paths the server serves ('other' for the rest), so a scanner probing random URLs cannot
// grow the label set without bound.

/** Upper bounds, in seconds, of the latency buckets: sub-millisecond chats to multi-MB bodies. */
import type { MeteredCall } from '../../types/gateway';

const BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

interface Histogram {
  counts: number[]; // per bucket, not cumulative; one more slot for +Inf
  sum: number;
  count: number;
}

function label(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
}

function number(value: number): string {
  // JavaScript's shortest round-trip form ('0.0005', '1e-7') is a valid Prometheus float.
  return value === Infinity ? '+Inf' : String(value);
}

/** Increments a counter keyed by a label tuple (joined with a separator labels cannot contain). */
function bump(map: Map<string, number>, key: string, by = 1): void {
  map.set(key, (map.get(key) ?? 0) + by);
}

export class GatewayMetrics {
  private readonly requests = new Map<string, Map<number, number>>();
  /** Gateway calls: before/after check outcomes by route and status ('ok', 'drift', 'unavailable'). */
  private readonly checks = new Map<string, number>();
  private readonly usageTokens = new Map<string, number>();
  private readonly costUsd = new Map<string, number>();
  private readonly storeErrors = new Map<string, number>();
  private rejections = 0;
  /** Whether the gateway families are rendered (only when the server runs a gateway: the count-only output stays as it was). */
  gateway = false;
  private readonly tokens = new Map<string, number>();
  private readonly latency = new Map<string, Histogram>();

  /** One answered request. */
  recordRequest(route: string, status: number): void {
    let byStatus = this.requests.get(route);
    if (byStatus === undefined) this.requests.set(route, (byStatus = new Map()));
    byStatus.set(status, (byStatus.get(status) ?? 0) + 1);
  }

  /** One run of the counter: its time, and the tokens when it succeeded. */
  recordCount(route: string, seconds: number, inputTokens: number | null): void {
    if (inputTokens !== null) this.tokens.set(route, (this.tokens.get(route) ?? 0) + inputTokens);
    let histogram = this.latency.get(route);
    if (histogram === undefined) {
      histogram = { counts: new Array<number>(BUCKETS.length + 1).fill(0), sum: 0, count: 0 };
      this.latency.set(route, histogram);
    }
    let slot = BUCKETS.findIndex((bound) => seconds <= bound);
    if (slot === -1) slot = BUCKETS.length;
    histogram.counts[slot]++;
    histogram.sum += seconds;
    histogram.count++;
  }

  /** One metered gateway call, once its answer ended. */
  recordCall(call: MeteredCall): void {
    if (call.check !== null) bump(this.checks, `${call.route}\n${call.check.status}`);
    if (call.usage.available) {
      bump(this.usageTokens, `${call.route}\ninput`, call.usage.inputTokens ?? 0);
      bump(this.usageTokens, `${call.route}\noutput`, call.usage.outputTokens ?? 0);
    }
    if (call.costUsd !== null) bump(this.costUsd, call.route, call.costUsd);
  }

  /** A ledger or budget store operation that failed (the call went on: fail-open). */
  recordStoreError(op: string): void {
    bump(this.storeErrors, op);
  }

  recordRejection(): void {
    this.rejections++;
  }

  private gatewayLines(lines: string[]): void {
    const pairs = (map: Map<string, number>) => [...map].map(([key, n]) => [...key.split('\n').map(label), n] as const);
    lines.push('# HELP tokenmeter_checks_total Gateway calls by route and before/after check status (drift: reported input further from the estimate than the tolerance).');
    lines.push('# TYPE tokenmeter_checks_total counter');
    for (const [route, status, n] of pairs(this.checks)) lines.push(`tokenmeter_checks_total{route="${route}",status="${status}"} ${n}`);
    lines.push('# HELP tokenmeter_usage_tokens_total Tokens the providers reported for gateway calls, by route and kind.');
    lines.push('# TYPE tokenmeter_usage_tokens_total counter');
    for (const [route, kind, n] of pairs(this.usageTokens)) lines.push(`tokenmeter_usage_tokens_total{route="${route}",kind="${kind}"} ${n}`);
    lines.push('# HELP tokenmeter_usage_cost_usd_total Cost of gateway calls in USD (priced calls only), by route.');
    lines.push('# TYPE tokenmeter_usage_cost_usd_total counter');
    for (const [route, n] of this.costUsd) lines.push(`tokenmeter_usage_cost_usd_total{route="${label(route)}"} ${number(n)}`);
    lines.push('# HELP tokenmeter_budget_rejections_total Gateway calls refused with 429 by a budget.');
    lines.push('# TYPE tokenmeter_budget_rejections_total counter');
    lines.push(`tokenmeter_budget_rejections_total ${this.rejections}`);
    lines.push('# HELP tokenmeter_store_errors_total Failed ledger/budget store operations (the calls went on), by operation.');
    lines.push('# TYPE tokenmeter_store_errors_total counter');
    for (const [op, n] of pairs(this.storeErrors)) lines.push(`tokenmeter_store_errors_total{op="${op}"} ${n}`);
  }

  render(): string {
    const lines: string[] = [];
    lines.push('# HELP tokenmeter_http_requests_total HTTP requests answered, by route and status.');
    lines.push('# TYPE tokenmeter_http_requests_total counter');
    for (const [route, byStatus] of this.requests) {
      for (const [status, n] of byStatus) {
        lines.push(`tokenmeter_http_requests_total{route="${label(route)}",status="${status}"} ${n}`);
      }
    }
    lines.push('# HELP tokenmeter_input_tokens_total Input tokens counted by successful count requests, by route.');
    lines.push('# TYPE tokenmeter_input_tokens_total counter');
    for (const [route, n] of this.tokens) lines.push(`tokenmeter_input_tokens_total{route="${label(route)}"} ${n}`);
    lines.push('# HELP tokenmeter_count_duration_seconds Time to parse and count one request body (on a worker thread).');
    lines.push('# TYPE tokenmeter_count_duration_seconds histogram');
    for (const [route, histogram] of this.latency) {
      const r = label(route);
      let cumulative = 0;
      BUCKETS.forEach((bound, i) => {
        cumulative += histogram.counts[i];
        lines.push(`tokenmeter_count_duration_seconds_bucket{route="${r}",le="${number(bound)}"} ${cumulative}`);
      });
      lines.push(`tokenmeter_count_duration_seconds_bucket{route="${r}",le="+Inf"} ${histogram.count}`);
      lines.push(`tokenmeter_count_duration_seconds_sum{route="${r}"} ${number(histogram.sum)}`);
      lines.push(`tokenmeter_count_duration_seconds_count{route="${r}"} ${histogram.count}`);
    }
    if (this.gateway) this.gatewayLines(lines);
    return `${lines.join('\n')}\n`;
  }
}
