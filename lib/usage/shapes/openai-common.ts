// Rules the two OpenAI dialects (Chat Completions, Responses) share with their imitators.
import type { UsageProvider } from '../../../types/usage';
import { count, type Json } from '../values';

/**
 * The billed output. OpenAI counts reasoning inside completion/output tokens; xAI counts it beside
 * them ("reasoning token consumption will be counted separately from completion_tokens, but will
 * be counted in the total_tokens"). The total tells which convention a payload follows, whoever
 * sent it: when total = input + output + reasoning (and not input + output), reasoning is added.
 * Without a total, only xAI is known to report it beside.
 */
export function additiveReasoning(
  output: number | null,
  reasoning: number | null,
  input: number | null,
  total: number | null,
  provider: UsageProvider | null,
): number | null {
  if (output === null || reasoning === null || reasoning === 0) return output;
  if (total !== null && input !== null) return total === input + output + reasoning ? output + reasoning : output;
  return provider === 'xai' ? output + reasoning : output;
}

/**
 * A cost the provider itself reported, in USD: OpenRouter's usage.cost (credits, 1 credit = 1 USD)
 * and xAI's cost_in_usd_ticks (1 USD = 10^10 ticks).
 */
export function reportedCost(usage: Json): number | null {
  const cost = typeof usage.cost === 'number' && Number.isFinite(usage.cost) ? usage.cost : null;
  if (cost !== null) return cost;
  const ticks = count(usage.cost_in_usd_ticks);
  return ticks === null ? null : ticks / 1e10;
}
