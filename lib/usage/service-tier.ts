// Service tiers in the cost calculator's words. Providers name the same tier differently (OpenAI
// and Bedrock 'default', Anthropic 'standard', Gemini 'ON_DEMAND'); the multiplier depends only on
// standard / flex / priority, so those three are mapped and any other word is kept, lowercased.
import { text } from './values';

export function normalizeServiceTier(value: unknown): string | null {
  const tier = text(value)?.toLowerCase().replace(/-/g, '_');
  if (tier === undefined || tier === null || tier.endsWith('unspecified')) return null;
  if (tier === 'default' || tier === 'standard' || tier === 'on_demand') return 'standard';
  if (tier.includes('priority')) return 'priority'; // Gemini ON_DEMAND_PRIORITY
  if (tier.includes('flex')) return 'flex'; // Gemini ON_DEMAND_FLEX
  if (tier === 'provisioned_throughput') return 'provisioned';
  return tier;
}
