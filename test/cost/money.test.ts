// Exact money: integer atto-dollars (1e-18 USD) inside, so sums never drift.
import { addCosts, createCostAccumulator } from '../../lib/cost';
import { attoToNumber, formatUsd, parseRatio, parseUsd, ratePerMillionToAtto } from '../../lib/cost/money';
import { cost } from './helpers';

test('no drift when adding 1,000,000 tiny costs', () => {
  // one gpt-4o-mini input token: 1 x 0.15 / 1e6 = 0.00000015 USD
  const tiny = cost({ inputTokens: 1, outputTokens: 0 }, { model: 'gpt-4o-mini' });
  expect(tiny.totalExact).toBe('0.00000015');
  const acc = createCostAccumulator();
  let naive = 0;
  for (let i = 0; i < 1_000_000; i++) {
    acc.add(tiny);
    naive += tiny.total;
  }
  // 1,000,000 x 0.00000015 = 0.15 exactly; adding the floats gives 0.15000000000209981
  expect(acc.result()).toEqual({ total: 0.15, totalExact: '0.15', currency: 'USD', count: 1_000_000, unpriced: 0 });
  expect(naive).not.toBe(0.15);
});

test('addCosts is exact where floats are not (0.1 + 0.2)', () => {
  const a = cost({ inputTokens: 40000, outputTokens: 0 }, { model: 'gpt-4o' }); // 40000 x 2.5 = 0.1
  const b = cost({ inputTokens: 80000, outputTokens: 0 }, { model: 'gpt-4o' }); // 80000 x 2.5 = 0.2
  expect(a.total + b.total).toBe(0.30000000000000004);
  expect(addCosts(a, b)).toEqual({ total: 0.3, totalExact: '0.3', currency: 'USD', count: 2, unpriced: 0 });
});

test('null costs are counted as unpriced; totals nest', () => {
  const a = cost({ inputTokens: 1000, outputTokens: 500 }, { model: 'gpt-4o' }); // 0.0075
  const sum = addCosts(a, null, a); // 0.015
  expect(sum).toMatchObject({ totalExact: '0.015', count: 3, unpriced: 1 });
  expect(addCosts(sum, a)).toMatchObject({ totalExact: '0.0225', count: 4, unpriced: 1 });
  expect(() => addCosts(0.5 as never)).toThrow(expect.objectContaining({ code: 'ERR_INVALID_ARGUMENT' }));
});

test('a rate below a nano-dollar per token is still exact', () => {
  // DeepSeek V4 Pro cache hit 0.003625 per M = 3.625e-9 USD per token; 7 tokens = 2.5375e-8
  const r = cost({ inputTokens: 7, cacheReadTokens: 7, outputTokens: 0 }, { model: 'deepseek-v4-pro', at: '2026-06-01' });
  expect(r.totalExact).toBe('0.000000025375');
});

test('money helpers', () => {
  expect(ratePerMillionToAtto(0.15, 'r')).toBe(150_000_000_000n); // 0.15 USD/M = 1.5e-7 USD = 1.5e11 atto per token
  expect(ratePerMillionToAtto('0.003625', 'r')).toBe(3_625_000_000n);
  expect(ratePerMillionToAtto(1e-13, 'r')).toBe(0n); // below 1e-18 USD per token: rounds (half to even)
  expect(formatUsd(150_000_000_000n)).toBe('0.00000015');
  expect(formatUsd(10n ** 18n)).toBe('1');
  expect(formatUsd(0n)).toBe('0');
  expect(parseUsd('0.10681', 'x')).toBe(106_810_000_000_000_000n);
  expect(attoToNumber(300_000_000_000_000_000n)).toBe(0.3);
  expect(parseRatio(1.1, 'm')).toEqual({ num: 11n, den: 10n });
  expect(() => ratePerMillionToAtto(-1, 'rate')).toThrow(/non-negative/);
  expect(() => ratePerMillionToAtto(Number.NaN, 'rate')).toThrow(/non-negative/);
});
