// Prices the estimate and the actual usage of a check. A check must never fail because a model has
// no price: an unpriced model gives a null cost (calculateCost's 'warn' policy), not $0.
import type { CostResult, NormalizedUsage } from '../../types/cost';
import { once } from '../lazy';

// The price table loads with the first priced check, not with the package.
const cost = once(() => require('../cost') as typeof import('../cost'));

/** Replaces the calculator, e.g. with one bound to a gateway's own price options. */
export type PriceFn = (usage: NormalizedUsage, model: string | undefined, provider: string | undefined) => CostResult | null;

export function priceOrNull(
  usage: NormalizedUsage,
  model: string | undefined,
  provider: string | undefined,
  price?: PriceFn,
): CostResult | null {
  if (price) return price(usage, model, provider);
  if (!model) return null;
  return cost().calculateCost(usage, { model, provider, unknownModel: 'warn' });
}
