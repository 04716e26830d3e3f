// Unknown models (and known models with no price for what was asked) under each policy: never a
// silent $0.
import { calculateCost, resetPrices } from '../../lib/cost';

const usage = { inputTokens: 1000, outputTokens: 200 };

afterEach(() => {
  resetPrices(); // also forgets which models were already warned about
  jest.restoreAllMocks();
});

test("'throw' (the default): TokenmeterError ERR_UNKNOWN_PRICE naming the model", () => {
  expect(() => calculateCost(usage, { model: 'no-such-model' })).toThrow(
    expect.objectContaining({ name: 'TokenmeterError', code: 'ERR_UNKNOWN_PRICE', message: expect.stringContaining('no-such-model') }),
  );
});

test("'warn': null, and one process warning per model", () => {
  const emit = jest.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
  expect(calculateCost(usage, { model: 'no-such-model', unknownModel: 'warn' })).toBeNull();
  expect(calculateCost(usage, { model: 'no-such-model', unknownModel: 'warn' })).toBeNull();
  expect(emit).toHaveBeenCalledTimes(1);
  expect(emit).toHaveBeenCalledWith(expect.stringContaining('no-such-model'), expect.objectContaining({ code: 'TOKENMETER_UNKNOWN_PRICE' }));
  expect(calculateCost(usage, { model: 'another-model', unknownModel: 'warn' })).toBeNull();
  expect(emit).toHaveBeenCalledTimes(2);
});

test("'zero': a $0 cost that says it is unpriced", () => {
  const r = calculateCost({ ...usage, cacheReadTokens: 400 }, { model: 'no-such-model', unknownModel: 'zero' });
  expect(r).toMatchObject({ total: 0, totalExact: '0', currency: 'USD', price: { unknown: true, model: 'no-such-model' } });
  // the token classes are still itemized: 600 uncached, 400 cached, 200 out
  expect(r?.lines.map((l) => [l.kind, l.tokens, l.cost])).toEqual([
    ['input', 600, 0],
    ['cacheRead', 400, 0],
    ['output', 200, 0],
  ]);
  expect(r?.price.source).toMatch(/unknownModel is 'zero'/);
});

test('the policy covers a known model with no price for the option asked', () => {
  expect(calculateCost(usage, { model: 'deepseek-v4-pro', batch: true, unknownModel: 'zero' })?.price.unknown).toBe(true);
  jest.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
  expect(calculateCost(usage, { model: 'claude-opus-4-8', region: 'eu', unknownModel: 'warn' })).toBeNull();
});

test('usage that reports nothing has an unknown cost (null), not $0', () => {
  expect(calculateCost({ inputTokens: null, outputTokens: null, available: false }, { model: 'gpt-4o' })).toBeNull();
});

test('bad arguments', () => {
  expect(() => calculateCost(usage, { model: 'gpt-4o', unknownModel: 'ignore' as never })).toThrow(expect.objectContaining({ code: 'ERR_INVALID_ARGUMENT' }));
  expect(() => calculateCost({ inputTokens: -1, outputTokens: 0 }, { model: 'gpt-4o' })).toThrow(expect.objectContaining({ code: 'ERR_INVALID_ARGUMENT' }));
  expect(() => calculateCost({ inputTokens: 1.5, outputTokens: 0 }, { model: 'gpt-4o' })).toThrow(expect.objectContaining({ code: 'ERR_INVALID_ARGUMENT' }));
  expect(() => calculateCost(null as never, { model: 'gpt-4o' })).toThrow(expect.objectContaining({ code: 'ERR_INVALID_ARGUMENT' }));
  expect(() => calculateCost(usage, { model: 'gpt-4o', serviceTier: 'turbo' as never })).toThrow(expect.objectContaining({ code: 'ERR_INVALID_ARGUMENT' }));
});
