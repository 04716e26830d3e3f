// loadPrices / resetPrices: our own format, and LiteLLM's model_prices_and_context_window.json
// as is (fixtures/litellm-sample.json holds eight real entries of it).
import * as path from 'node:path';

import { getPrice, loadPrices, resetPrices } from '../../lib/cost';
import { cost, lineTable } from './helpers';

const SAMPLE = path.join(__dirname, 'fixtures', 'litellm-sample.json');

afterEach(() => resetPrices());

describe('LiteLLM format', () => {
  test('is detected and converted (entries without token prices are skipped)', () => {
    const result = loadPrices(SAMPLE);
    expect(result.format).toBe('litellm');
    expect(result.rows).toBe(7); // 8 entries + sample_spec, minus dall-e-3 (per-image only)
    expect(result.skipped).toEqual([{ key: 'dall-e-3', reason: 'no per-token input or output price' }]);
  });

  test('per-token prices, cache writes by TTL and the >200k tier (claude-sonnet-4-5)', () => {
    loadPrices(SAMPLE);
    const r = cost(
      { uncachedInputTokens: 1000, cacheWriteTokens: 200000, cacheWrite5mTokens: 50000, cacheWrite1hTokens: 150000, inputTokens: 201000, outputTokens: 1000 },
      { model: 'claude-sonnet-4-5' },
    );
    // 3e-06/token = 3 per M etc.; 201,000 > 200,000 so the *_above_200k_tokens keys apply:
    // 1000 x 6 = 0.006; 50000 x 7.5 = 0.375; 150000 x 12 (..._above_1hr_above_200k_tokens) = 1.8; 1000 x 22.5 = 0.0225
    expect(lineTable(r)).toEqual({
      input: [1000, 6, 0.006],
      cacheWrite: [50000, 7.5, 0.375],
      cacheWrite1h: [150000, 12, 1.8],
      output: [1000, 22.5, 0.0225],
    });
    expect(r.total).toBe(2.2035);
    expect(r.price.source).toMatch(/LiteLLM table litellm-sample\.json/);
  });

  test('a loaded row takes precedence over the shipped rows of that model', () => {
    // shipped gpt-5.6-sol on 2026-09-01 is the 4 / 20 promo; LiteLLM's undated entry says 5 / 30
    expect(cost({ inputTokens: 1000, outputTokens: 0 }, { model: 'gpt-5.6-sol', at: '2026-09-01' }).total).toBe(0.004);
    loadPrices(SAMPLE);
    expect(cost({ inputTokens: 1000, outputTokens: 0 }, { model: 'gpt-5.6-sol', at: '2026-09-01' }).total).toBe(0.005);
    resetPrices();
    expect(cost({ inputTokens: 1000, outputTokens: 0 }, { model: 'gpt-5.6-sol', at: '2026-09-01' }).total).toBe(0.004);
  });

  test('*_priority, *_batches and regional uplift keys (gpt-5.6-sol)', () => {
    loadPrices(SAMPLE);
    const usage = { inputTokens: 1000, outputTokens: 1000 };
    // priority 10 / 60: 0.01 + 0.06 = 0.07; batches 2.5 / 15: 0.0025 + 0.015 = 0.0175; eu x1.1: 0.0055 + 0.033 = 0.0385
    expect(cost(usage, { model: 'gpt-5.6-sol', serviceTier: 'priority' }).total).toBe(0.07);
    expect(cost(usage, { model: 'gpt-5.6-sol', batch: true }).total).toBe(0.0175);
    expect(cost(usage, { model: 'gpt-5.6-sol', region: 'eu' }).total).toBe(0.0385);
  });

  test('tiered_pricing (Dashscope) is all-or-nothing by total input', () => {
    loadPrices(SAMPLE);
    // tiers (0, 256000] at 0.05 / 0.4 and (256000, 1000000] at 0.25 / 2
    expect(cost({ inputTokens: 256000, outputTokens: 0 }, { model: 'dashscope/qwen-flash' }).total).toBe(0.0128); // 256000 x 0.05
    expect(cost({ inputTokens: 300000, outputTokens: 0 }, { model: 'dashscope/qwen-flash' }).total).toBe(0.075); // 300000 x 0.25
  });

  test('provider-prefixed keys answer to the bare name; DeepSeek cache-hit alias', () => {
    loadPrices(SAMPLE);
    expect(getPrice('deepseek-v4-flash')?.model).toBe('deepseek/deepseek-v4-flash');
    expect(getPrice('deepseek-v4-flash')?.rates.cacheRead).toBe(0.0028); // 2.8e-09 per token
    expect(getPrice('grok-4.5')?.model).toBe('xai/grok-4.5');
  });

  test('float noise in the file is kept exact to 1e-18 USD per token', () => {
    loadPrices(SAMPLE);
    // input_cost_per_token 0.0000029999900000000002 -> 2.99999 per million (the tail is below 1e-18)
    expect(getPrice('databricks/databricks-claude-3-7-sonnet')?.rates.input).toBe(2.99999);
  });

  test("Anthropic's provider_specific_entry: inference_geo 'us' and fast mode", () => {
    loadPrices({
      'claude-test': {
        litellm_provider: 'anthropic',
        input_cost_per_token: 5e-6,
        output_cost_per_token: 2.5e-5,
        provider_specific_entry: { us: 1.1, fast: 2 },
      },
    });
    const usage = { inputTokens: 1000, outputTokens: 1000 };
    // us: 1000 x 5.5 + 1000 x 27.5 = 0.033; fast: 1000 x 10 + 1000 x 50 = 0.06
    expect(cost(usage, { model: 'claude-test', region: 'us' }).total).toBe(0.033);
    expect(cost({ ...usage, speed: 'fast' }, { model: 'claude-test' }).total).toBe(0.06);
  });

  test('an object in memory works as well as a path', () => {
    loadPrices({ 'my-model': { litellm_provider: 'openai', input_cost_per_token: 1e-6, output_cost_per_token: 2e-6 } });
    // 1000 x 1 + 1000 x 2 = 0.003
    expect(cost({ inputTokens: 1000, outputTokens: 1000 }, { model: 'my-model' }).total).toBe(0.003);
  });
});

describe('tokenmeter format', () => {
  test('adds a model, with its own source', () => {
    const result = loadPrices({
      models: [{ model: 'acme-large', provider: 'acme', input: 3, output: 12, reasoning: 20, source: 'our contract, 2026-11' }],
    });
    expect(result).toEqual({ format: 'tokenmeter', rows: 1, skipped: [] });
    const r = cost({ inputTokens: 1000, outputTokens: 5000, reasoningTokens: 4000 }, { model: 'acme-large' });
    // reasoning priced apart here: output 1000 x 12 = 0.012; reasoning 4000 x 20 = 0.08; input 1000 x 3 = 0.003; total 0.095
    expect(lineTable(r)).toEqual({ input: [1000, 3, 0.003], output: [1000, 12, 0.012], reasoning: [4000, 20, 0.08] });
    expect(r.total).toBe(0.095);
    expect(r.price.source).toBe('our contract, 2026-11');
  });

  test('dated override rows apply on their dates only, over the shipped ones', () => {
    loadPrices({ models: [{ model: 'gpt-4o', provider: 'openai', validFrom: '2027-01-01', input: 2, output: 8, source: 'test' }] });
    // before 2027 the shipped 2.5 applies: 1000 x 2.5 = 0.0025; from 2027 the override: 1000 x 2 = 0.002
    expect(cost({ inputTokens: 1000, outputTokens: 0 }, { model: 'gpt-4o', at: '2026-12-31' }).total).toBe(0.0025);
    expect(cost({ inputTokens: 1000, outputTokens: 0 }, { model: 'gpt-4o', at: '2027-01-01' }).total).toBe(0.002);
  });

  test('a malformed table throws and changes nothing', () => {
    expect(() => loadPrices({ models: [{ model: 'x', provider: 'openai', input: -1, output: 1, source: 's' }] })).toThrow(
      expect.objectContaining({ code: 'ERR_INVALID_ARGUMENT' }),
    );
    expect(() => loadPrices({ models: [{ model: 'x', provider: 'openai', input: 1, output: 1 } as never] })).toThrow(/source/);
    expect(() => loadPrices({ nothing: 'here' })).toThrow(/not a price table/);
    expect(() => loadPrices(path.join(__dirname, 'no-such-file.json'))).toThrow(expect.objectContaining({ code: 'ERR_INVALID_ARGUMENT' }));
    expect(getPrice('x')).toBeNull();
  });
});
