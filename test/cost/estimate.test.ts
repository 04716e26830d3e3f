// Costs before sending: from a token count, or from a request counted by countRequest (or an
// injected counter).
import { estimateCost, estimateCostFromTokens } from '../../lib/cost';
import { countRequest } from '../../lib/chat';

test('from a token count, with an expected output', () => {
  const e = estimateCostFromTokens(1000, { model: 'gpt-4o', expectedOutputTokens: 500 });
  // 1000 x 2.5 + 500 x 10 = 0.0025 + 0.005 = 0.0075
  expect(e).toMatchObject({ total: 0.0075, inputTokens: 1000, outputTokens: 500, exact: true });
  expect(e?.maxTotal).toBeUndefined();
});

test('expected and maximum output: total from the expectation, maxTotal from the cap', () => {
  const e = estimateCostFromTokens(1000, { model: 'gpt-4o', expectedOutputTokens: 500, maxOutputTokens: 2000, exact: false });
  // total 0.0075 as above; maxTotal 0.0025 + 2000 x 10 = 0.0225
  expect(e).toMatchObject({ total: 0.0075, maxTotal: 0.0225, outputTokens: 500, exact: false });
});

test('the estimate crosses the same long-context threshold as the bill', () => {
  const e = estimateCostFromTokens(250000, { model: 'gemini-2.5-pro', expectedOutputTokens: 1000, cacheReadTokens: 200000 });
  // 250,000 > 200,000: 50000 x 2.5 = 0.125; 200000 x 0.25 = 0.05; 1000 x 15 = 0.015; total 0.19
  expect(e?.total).toBe(0.19);
});

test('from a request with an injected counter; the output cap is read from the body', () => {
  const counter = jest.fn(() => ({ inputTokens: 1000, exact: false }));
  const body = { model: 'claude-haiku-4-5', max_tokens: 2000, messages: [{ role: 'user', content: 'hi' }] };
  const e = estimateCost(body, { counter });
  expect(counter).toHaveBeenCalledWith(body, { model: 'claude-haiku-4-5' });
  // no expectation, so the cap: 1000 x 1 + 2000 x 5 = 0.001 + 0.01 = 0.011
  expect(e).toMatchObject({ total: 0.011, maxTotal: 0.011, inputTokens: 1000, outputTokens: 2000, exact: false });
});

test('from a request counted by countRequest', () => {
  const body = { model: 'gpt-4o', messages: [{ role: 'user', content: 'Hello, how are you today?' }] };
  const counted = countRequest(body, { model: 'gpt-4o' });
  const e = estimateCost(body, { expectedOutputTokens: 100 });
  // inputTokens x 2.5 / 1e6 + 100 x 10 / 1e6
  expect(e?.inputTokens).toBe(counted.inputTokens);
  expect(e?.exact).toBe(counted.exact);
  expect(e?.totalExact).toBe(String((counted.inputTokens * 25 + 100 * 100) / 1e7));
});

test('bad arguments', () => {
  expect(() => estimateCostFromTokens(-5, { model: 'gpt-4o' })).toThrow(expect.objectContaining({ code: 'ERR_INVALID_ARGUMENT' }));
  expect(() => estimateCostFromTokens(10, { model: 'gpt-4o', cacheReadTokens: 11 })).toThrow(/cannot exceed/);
  expect(() => estimateCost({ messages: [] }, { counter: () => ({ inputTokens: 1, exact: true }) })).toThrow(/no model/);
});
