// Shared by the cost tests: a non-null calculateCost, and line lookup by kind.
import type { CostLine, CostOptions, CostResult, NormalizedUsage } from '../../types/cost';
import { calculateCost } from '../../lib/cost';

export function cost(usage: NormalizedUsage, options: CostOptions): CostResult {
  const result = calculateCost(usage, options);
  if (result === null) throw new Error('expected a cost, got null');
  return result;
}

export function line(result: CostResult, kind: CostLine['kind']): CostLine | undefined {
  return result.lines.find((l) => l.kind === kind);
}

/** kind -> [tokens, ratePerMillion, cost] for compact assertions. */
export function lineTable(result: CostResult): Record<string, [number, number, number]> {
  return Object.fromEntries(result.lines.map((l) => [l.kind, [l.tokens, l.ratePerMillion, l.cost]]));
}
