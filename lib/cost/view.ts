// getPrice: the row calculateCost would use for a model and date, in readable units.
import type { CostOptions, PriceRowView } from '../../types/cost';
import { RATE_FIELDS, type Rates } from './compile';
import { parseAt } from './dates';
import { rateToPerMillion } from './money';
import { selectRow } from './select';

function perMillion(rates: Rates): Record<string, number | null> {
  const out: Record<string, number | null> = {};
  for (const field of RATE_FIELDS) out[field] = rates[field] === undefined ? null : rateToPerMillion(rates[field]);
  return out;
}

export function getPrice(model: string, options?: Pick<CostOptions, 'provider' | 'at'>): PriceRowView | null {
  const sel = selectRow(String(model), options?.provider ?? null, parseAt(options?.at));
  if (!sel.ok) return null;
  const { row } = sel;
  return {
    model: row.id,
    provider: row.provider,
    validFrom: row.validFrom,
    validTo: row.validTo,
    rates: perMillion(row.rates) as PriceRowView['rates'],
    longContext: row.tiers.map((t) => ({ aboveInputTokens: t.above, rates: perMillion(t.rates) })),
    source: row.source,
    checked: row.checked,
  };
}
