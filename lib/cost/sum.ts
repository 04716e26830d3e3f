// Adding costs without drift: each cost carries its exact total as decimal text (totalExact),
// which is summed as integer atto-dollars. A million $0.00000015 calls add to exactly $0.15,
// where adding the JS numbers would not.
import type { CostAccumulator, CostResult, CostTotal } from '../../types/cost';
import { TokenmeterError } from '../errors';
import { attoToNumber, formatUsd, parseUsd } from './money';

function exactOf(cost: CostResult | CostTotal): bigint {
  if (typeof cost !== 'object' || cost === null) {
    throw new TokenmeterError('ERR_INVALID_ARGUMENT', 'addCosts takes cost results (or null), not bare numbers');
  }
  if (typeof cost.totalExact === 'string') return parseUsd(cost.totalExact, 'totalExact');
  // A cost whose exact text was dropped (e.g. an older log): its number's shortest decimal text.
  if (typeof cost.total === 'number' && Number.isFinite(cost.total)) return parseUsd(cost.total, 'total');
  throw new TokenmeterError('ERR_INVALID_ARGUMENT', 'a cost needs totalExact (or total)');
}

class Accumulator implements CostAccumulator {
  private atto = 0n;
  private count = 0;
  private unpriced = 0;

  add(cost: CostResult | CostTotal | null): this {
    if (cost === null || cost === undefined) {
      this.count += 1;
      this.unpriced += 1;
      return this;
    }
    this.atto += exactOf(cost);
    // A CostTotal stands for many costs: keep its counts.
    const many = 'count' in cost && typeof cost.count === 'number';
    this.count += many ? (cost as CostTotal).count : 1;
    this.unpriced += many ? (cost as CostTotal).unpriced : 0;
    return this;
  }

  result(): CostTotal {
    return { total: attoToNumber(this.atto), totalExact: formatUsd(this.atto), currency: 'USD', count: this.count, unpriced: this.unpriced };
  }
}

export function createCostAccumulator(): CostAccumulator {
  return new Accumulator();
}

export function addCosts(...costs: Array<CostResult | CostTotal | null>): CostTotal {
  const acc = new Accumulator();
  for (const cost of costs) acc.add(cost);
  return acc.result();
}
