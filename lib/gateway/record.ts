// One ledger row from a metered call: every field of the ledger's record, unknowns as null.
import type { MeteredCall } from '../../types/gateway';
import type { UsageRecordInput } from '../../types/store';

export function ledgerRow(call: MeteredCall, time: number): UsageRecordInput {
  const { usage, estimate } = call;
  const reported = usage.available ? usage : null;
  return {
    id: call.id,
    time,
    key: call.key,
    user: call.user,
    runId: call.runId,
    route: call.route,
    provider: call.provider,
    model: call.model,
    estimatedInputTokens: estimate?.inputTokens ?? null,
    inputTokens: reported?.inputTokens ?? null,
    outputTokens: reported?.outputTokens ?? null,
    cacheReadTokens: reported?.cacheReadTokens ?? null,
    cacheWriteTokens: reported?.cacheWriteTokens ?? null,
    reasoningTokens: reported?.reasoningTokens ?? null,
    costUsd: call.costUsd,
    durationMs: Math.round(call.durationMs),
    status: call.status,
    discrepancyTokens: call.check?.discrepancy.tokens ?? null,
    exact: estimate?.exact ?? null,
  };
}
