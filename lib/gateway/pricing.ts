// Pricing a reported usage for the ledger and the budgets. An unpriced model is a null cost (never
// $0, never a failed request); calculateCost's 'warn' policy says so once per model.
import type { UsageResult } from '../../types/usage';
import { calculateCost, estimateCostFromTokens } from '../cost';

export function priceUsage(usage: UsageResult, model: string | null, provider: string): number | null {
  if (!usage.available) return null;
  const served = usage.model ?? model;
  if (!served) return null;
  try {
    return calculateCost(usage, { model: served, provider, unknownModel: 'warn' })?.total ?? null;
  } catch {
    return null;
  }
}

/** The most a call may cost: its input and `maxOutputTokens` at the model's rates; 0 when unpriced. */
export function worstCaseCost(inputTokens: number, maxOutputTokens: number, model: string | null, provider: string): number {
  if (!model) return 0;
  try {
    const estimate = estimateCostFromTokens(inputTokens, { model, provider, maxOutputTokens, unknownModel: 'warn' });
    return estimate?.maxTotal ?? estimate?.total ?? 0;
  } catch {
    return 0;
  }
}
