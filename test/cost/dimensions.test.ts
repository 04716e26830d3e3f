// One price dimension at a time, each expected figure worked by hand in the comment beside it.
// Rates are the shipped data/prices.json rows (USD per million tokens); cost = tokens x rate / 1e6.
import { cost, line, lineTable } from './helpers';

describe('plain input and output', () => {
  test('gpt-4o: 1,000 in, 500 out', () => {
    const r = cost({ inputTokens: 1000, outputTokens: 500 }, { model: 'gpt-4o' });
    // 1000 x 2.50 = 0.0025; 500 x 10 = 0.005; total 0.0075
    expect(lineTable(r)).toEqual({ input: [1000, 2.5, 0.0025], output: [500, 10, 0.005] });
    expect(r.total).toBe(0.0075);
    expect(r.totalExact).toBe('0.0075');
    expect(r.currency).toBe('USD');
    expect(r.price).toMatchObject({ model: 'gpt-4o', provider: 'openai', validFrom: null, stale: false });
    expect(r.price.source).toMatch(/LiteLLM/);
    expect(r.complete).toBe(true);
  });

  test('reasoning is inside output at OpenAI: never added on top', () => {
    const r = cost({ inputTokens: 1000, outputTokens: 5000, reasoningTokens: 4000 }, { model: 'o3', at: '2026-01-01' });
    // 1000 x 2 = 0.002; 5000 x 8 = 0.04 (the 4000 reasoning tokens are part of the 5000); total 0.042
    expect(lineTable(r)).toEqual({ input: [1000, 2, 0.002], output: [5000, 8, 0.04] });
    expect(r.total).toBe(0.042);
  });

  test('a null count prices what was reported and says the cost is incomplete', () => {
    const r = cost({ inputTokens: 1000, outputTokens: null }, { model: 'gpt-4o' });
    // 1000 x 2.50 = 0.0025, output unknown
    expect(r.total).toBe(0.0025);
    expect(r.complete).toBe(false);
  });
});

describe('cached input', () => {
  test('OpenAI counts cached tokens inside inputTokens: only the rest is uncached', () => {
    const r = cost({ inputTokens: 10000, cacheReadTokens: 8000, outputTokens: 200 }, { model: 'gpt-4.1' });
    // uncached 10000 - 8000 = 2000 x 2 = 0.004; cached 8000 x 0.50 = 0.004; 200 x 8 = 0.0016; total 0.0096
    expect(lineTable(r)).toEqual({ input: [2000, 2, 0.004], cacheRead: [8000, 0.5, 0.004], output: [200, 8, 0.0016] });
    expect(r.total).toBe(0.0096);
  });

  test('a model with no cached price bills cached tokens at the input rate, and says so', () => {
    const r = cost({ inputTokens: 1000, cacheReadTokens: 1000, outputTokens: 0 }, { model: 'gpt-5.5-pro' });
    // 1000 x 30 = 0.03
    expect(lineTable(r)).toEqual({ cacheRead: [1000, 30, 0.03] });
    expect(r.price.warnings.join()).toMatch(/cached tokens priced at the input rate/);
  });
});

describe('Anthropic cache writes: 5 minutes, 1 hour, unsplit', () => {
  // claude-sonnet-4-5: input 3, write 5m 3.75, write 1h 6, read 0.30, output 15
  const base = { inputTokens: 6000, uncachedInputTokens: 1000, outputTokens: 100 };

  test('split by TTL', () => {
    const r = cost({ ...base, cacheWriteTokens: 5000, cacheWrite5mTokens: 2000, cacheWrite1hTokens: 3000 }, { model: 'claude-sonnet-4-5' });
    // 1000 x 3 = 0.003; 2000 x 3.75 = 0.0075; 3000 x 6 = 0.018; 100 x 15 = 0.0015; total 0.03
    expect(lineTable(r)).toEqual({
      input: [1000, 3, 0.003],
      cacheWrite: [2000, 3.75, 0.0075],
      cacheWrite1h: [3000, 6, 0.018],
      output: [100, 15, 0.0015],
    });
    expect(r.total).toBe(0.03);
  });

  test('not split: every write at the 5-minute rate', () => {
    const r = cost({ ...base, cacheWriteTokens: 5000 }, { model: 'claude-sonnet-4-5' });
    // 0.003 + 5000 x 3.75 = 0.01875 + 0.0015; total 0.02325
    expect(lineTable(r).cacheWrite).toEqual([5000, 3.75, 0.01875]);
    expect(line(r, 'cacheWrite1h')).toBeUndefined();
    expect(r.total).toBe(0.02325);
  });

  test('partly split: the unsplit remainder is a 5-minute write', () => {
    const r = cost({ ...base, cacheWriteTokens: 5000, cacheWrite1hTokens: 3000 }, { model: 'claude-sonnet-4-5' });
    // 1h 3000; the other 2000 written tokens have no TTL -> 5m rate; same as the split case: 0.03
    expect(lineTable(r).cacheWrite).toEqual([2000, 3.75, 0.0075]);
    expect(lineTable(r).cacheWrite1h).toEqual([3000, 6, 0.018]);
    expect(r.total).toBe(0.03);
  });

  test('TTLs the table has no price for are flagged (OpenAI 12 h writes)', () => {
    const r = cost(
      { inputTokens: 3000, cacheWriteTokens: 2000, cacheWriteByTtl: { '30m': 1000, '12h': 1000 }, outputTokens: 0 },
      { model: 'gpt-5.6-luna', at: '2026-09-01' },
    );
    // input 1000 x 0.2 = 0.0002; writes 2000 x 0.25 = 0.0005; total 0.0007
    expect(r.total).toBe(0.0007);
    expect(r.price.warnings.join()).toMatch(/1000 cache-write tokens with a 12h TTL/);
  });
});

describe('a cache-heavy Anthropic call', () => {
  test('Opus 4.8 with both TTLs, reads and web searches', () => {
    // Rates: input 5, write 5m 6.25, write 1h 10, read 0.50, output 25; web search $10 / 1000.
    const r = cost(
      {
        inputTokens: 412 + 2000 + 4000 + 18000,
        uncachedInputTokens: 412,
        cacheReadTokens: 18000,
        cacheWriteTokens: 6000,
        cacheWrite5mTokens: 2000,
        cacheWrite1hTokens: 4000,
        outputTokens: 930,
        webSearchRequests: 2,
        model: 'claude-opus-4-8',
        provider: 'anthropic',
      },
      {},
    );
    // 412 x 5 = 0.00206; 18000 x 0.5 = 0.009; 2000 x 6.25 = 0.0125; 4000 x 10 = 0.04;
    // 930 x 25 = 0.02325; 2 searches x 0.01 = 0.02; total 0.10681 (the research's genai-prices check)
    expect(lineTable(r)).toEqual({
      input: [412, 5, 0.00206],
      cacheRead: [18000, 0.5, 0.009],
      cacheWrite: [2000, 6.25, 0.0125],
      cacheWrite1h: [4000, 10, 0.04],
      output: [930, 25, 0.02325],
      webSearch: [0, 0, 0.02],
    });
    expect(line(r, 'webSearch')).toMatchObject({ requests: 2, ratePerThousandRequests: 10 });
    expect(r.totalExact).toBe('0.10681');
    expect(r.total).toBe(0.10681);
  });
});

describe('long context: the whole request switches above the threshold', () => {
  // claude-sonnet-4-5: base 3 / 15, above 200,000 input tokens 6 / 22.5 (read 0.6, write 7.5, 1h 12)
  test('below the threshold', () => {
    const r = cost({ inputTokens: 199999, outputTokens: 1000 }, { model: 'claude-sonnet-4-5' });
    // 199999 x 3 = 0.599997; 1000 x 15 = 0.015; total 0.614997
    expect(r.totalExact).toBe('0.614997');
    expect(r.price.adjustments).toEqual([]);
  });

  test('exactly at the threshold: base rates', () => {
    const r = cost({ inputTokens: 200000, outputTokens: 1000 }, { model: 'claude-sonnet-4-5' });
    // 200000 x 3 = 0.6; 1000 x 15 = 0.015; total 0.615
    expect(r.total).toBe(0.615);
  });

  test('one token above: every rate, output included', () => {
    const r = cost({ inputTokens: 200001, outputTokens: 1000 }, { model: 'claude-sonnet-4-5' });
    // 200001 x 6 = 1.200006; 1000 x 22.5 = 0.0225; total 1.222506
    expect(lineTable(r)).toEqual({ input: [200001, 6, 1.200006], output: [1000, 22.5, 0.0225] });
    expect(r.totalExact).toBe('1.222506');
    expect(r.price.adjustments).toEqual([{ kind: 'longContext', name: 'above 200000 input tokens', multiplier: null }]);
  });

  test('the threshold counts cache reads and writes', () => {
    const r = cost(
      { uncachedInputTokens: 1000, cacheReadTokens: 150000, cacheWriteTokens: 60000, inputTokens: 211000, outputTokens: 1000 },
      { model: 'claude-sonnet-4-5' },
    );
    // 211,000 total > 200,000 although only 1,000 are uncached:
    // 1000 x 6 = 0.006; 150000 x 0.6 = 0.09; 60000 x 7.5 = 0.45; 1000 x 22.5 = 0.0225; total 0.5685
    expect(lineTable(r)).toEqual({
      input: [1000, 6, 0.006],
      cacheRead: [150000, 0.6, 0.09],
      cacheWrite: [60000, 7.5, 0.45],
      output: [1000, 22.5, 0.0225],
    });
    expect(r.total).toBe(0.5685);
  });

  test('OpenAI above 272k (the research cross-check: gpt-5.5, 300k in, 1k out)', () => {
    const r = cost({ inputTokens: 300000, outputTokens: 1000 }, { model: 'gpt-5.5' });
    // 300000 x 10 = 3; 1000 x 45 = 0.045; total 3.045
    expect(r.total).toBe(3.045);
  });
});

describe('batch', () => {
  test('Anthropic batch is 50 % of every rate', () => {
    const r = cost({ inputTokens: 10000, outputTokens: 2000 }, { model: 'claude-haiku-4-5', batch: true });
    // 10000 x 1 x 0.5 = 0.005; 2000 x 5 x 0.5 = 0.005; total 0.01
    expect(lineTable(r)).toEqual({ input: [10000, 0.5, 0.005], output: [2000, 2.5, 0.005] });
    expect(r.total).toBe(0.01);
    expect(r.price.adjustments).toEqual([{ kind: 'batch', name: 'batch', multiplier: 0.5 }]);
  });

  test("a usage reporting the 'batch' tier is priced as batch", () => {
    const r = cost({ inputTokens: 10000, outputTokens: 2000, serviceTier: 'batch' }, { model: 'claude-haiku-4-5' });
    expect(r.total).toBe(0.01);
  });

  test('no batch price (DeepSeek has no batch API) is an unknown price, not a full-price guess', () => {
    expect(() => cost({ inputTokens: 1, outputTokens: 1 }, { model: 'deepseek-v4-pro', batch: true })).toThrow(
      expect.objectContaining({ code: 'ERR_UNKNOWN_PRICE' }),
    );
  });
});

describe('service tiers', () => {
  test('flex: gpt-5 at 50 %', () => {
    const r = cost({ inputTokens: 100000, outputTokens: 10000 }, { model: 'gpt-5', serviceTier: 'flex' });
    // 100000 x 1.25 x 0.5 = 0.0625; 10000 x 10 x 0.5 = 0.05; total 0.1125
    expect(lineTable(r)).toEqual({ input: [100000, 0.625, 0.0625], output: [10000, 5, 0.05] });
    expect(r.total).toBe(0.1125);
  });

  test('the tier the response reports wins over the option', () => {
    const r = cost({ inputTokens: 100000, outputTokens: 10000, serviceTier: 'flex' }, { model: 'gpt-5', serviceTier: 'standard' });
    expect(r.total).toBe(0.1125);
  });

  test('flex where it is not offered (gpt-4o) is an unknown price', () => {
    expect(() => cost({ inputTokens: 1, outputTokens: 1 }, { model: 'gpt-4o', serviceTier: 'flex' })).toThrow(/no flex service-tier price/);
  });

  test('priority: gpt-4o at 1.7x', () => {
    const r = cost({ inputTokens: 1000, outputTokens: 1000 }, { model: 'gpt-4o', serviceTier: 'priority' });
    // 1000 x 4.25 = 0.00425; 1000 x 17 = 0.017; total 0.02125
    expect(r.total).toBe(0.02125);
  });

  test('priority given as explicit rates (gpt-4o-mini 0.25 / 0.125 / 1)', () => {
    const r = cost({ inputTokens: 10000, cacheReadTokens: 4000, outputTokens: 1000 }, { model: 'gpt-4o-mini', serviceTier: 'priority' });
    // 6000 x 0.25 = 0.0015; 4000 x 0.125 = 0.0005; 1000 x 1 = 0.001; total 0.003
    expect(lineTable(r)).toEqual({ input: [6000, 0.25, 0.0015], cacheRead: [4000, 0.125, 0.0005], output: [1000, 1, 0.001] });
    expect(r.price.adjustments).toEqual([{ kind: 'serviceTier', name: 'priority', multiplier: null }]);
  });

  test('priority on top of the long-context tier (Gemini 3.1 Pro)', () => {
    const r = cost({ inputTokens: 250000, outputTokens: 1000 }, { model: 'gemini-3.1-pro-preview', serviceTier: 'priority' });
    // tier 4 / 18, x1.8 = 7.2 / 32.4 (LiteLLM's *_above_200k_tokens_priority agree):
    // 250000 x 7.2 = 1.8; 1000 x 32.4 = 0.0324; total 1.8324
    expect(lineTable(r)).toEqual({ input: [250000, 7.2, 1.8], output: [1000, 32.4, 0.0324] });
    expect(r.total).toBe(1.8324);
  });

  test('batch and a flex tier at once is a caller error', () => {
    expect(() => cost({ inputTokens: 1, outputTokens: 1 }, { model: 'gpt-5', batch: true, serviceTier: 'flex' })).toThrow(
      expect.objectContaining({ code: 'ERR_INVALID_ARGUMENT' }),
    );
  });

  test('fast mode: Opus 4.8 at 2x', () => {
    const r = cost({ inputTokens: 1000, outputTokens: 1000, speed: 'fast' }, { model: 'claude-opus-4-8' });
    // 1000 x 10 = 0.01; 1000 x 50 = 0.05; total 0.06
    expect(r.total).toBe(0.06);
    expect(r.price.adjustments).toEqual([{ kind: 'speed', name: 'fast', multiplier: 2 }]);
  });
});

describe('regional uplift', () => {
  test('OpenAI EU data residency: x1.1', () => {
    const r = cost({ inputTokens: 1000, outputTokens: 1000 }, { model: 'gpt-5.4', region: 'eu' });
    // 1000 x 2.75 = 0.00275; 1000 x 16.5 = 0.0165; total 0.01925
    expect(lineTable(r)).toEqual({ input: [1000, 2.75, 0.00275], output: [1000, 16.5, 0.0165] });
    expect(r.total).toBe(0.01925);
  });

  test("Anthropic inference_geo 'us', from the option or as the usage reports it", () => {
    // 1000 x 5.5 = 0.0055; 1000 x 27.5 = 0.0275; total 0.033
    expect(cost({ inputTokens: 1000, outputTokens: 1000 }, { model: 'claude-opus-4-8', region: 'us' }).total).toBe(0.033);
    expect(cost({ inputTokens: 1000, outputTokens: 1000, region: 'us' }, { model: 'claude-opus-4-8' }).total).toBe(0.033);
    expect(cost({ inputTokens: 1000, outputTokens: 1000, region: 'global' }, { model: 'claude-opus-4-8' }).total).toBe(0.03);
  });

  test('Bedrock geo profiles: the id names the region', () => {
    // us. profile: 1000 x 3.3 + 1000 x 16.5 = 0.0033 + 0.0165 = 0.0198; global.: 0.003 + 0.015 = 0.018
    expect(cost({ inputTokens: 1000, outputTokens: 1000 }, { model: 'us.anthropic.claude-sonnet-4-5-20250929-v1:0' }).total).toBe(0.0198);
    expect(cost({ inputTokens: 1000, outputTokens: 1000 }, { model: 'global.anthropic.claude-sonnet-4-5-20250929-v1:0' }).total).toBe(0.018);
    // Claude 4.1 and older carry no regional premium on Bedrock: 1000 x 15 + 1000 x 75 = 0.09
    expect(cost({ inputTokens: 1000, outputTokens: 1000 }, { model: 'us.anthropic.claude-opus-4-1-20250805-v1:0' }).total).toBe(0.09);
  });

  test('Gemini on a regional Vertex endpoint: x1.1', () => {
    const r = cost({ inputTokens: 1_000_000, outputTokens: 0 }, { model: 'gemini-2.5-flash', provider: 'vertex', region: 'europe-west4' });
    // 1,000,000 x 0.30 x 1.1 = 0.33
    expect(r.total).toBe(0.33);
  });

  test('a region with no documented uplift is an unknown price', () => {
    expect(() => cost({ inputTokens: 1, outputTokens: 1 }, { model: 'claude-opus-4-8', region: 'eu' })).toThrow(/no regional price/);
  });
});

describe('time-of-day windows (DeepSeek peak hours, UTC)', () => {
  // deepseek-v4-flash from 2026-08-16 (Beijing): off-peak miss 0.22 / hit 0.007 / out 0.66; weekday peak 2x
  const usage = { inputTokens: 100000, cacheReadTokens: 60000, outputTokens: 10000 };

  test('weekday peak window (Tue 02:30 UTC = 10:30 Beijing)', () => {
    const r = cost(usage, { model: 'deepseek-v4-flash', at: '2026-09-01T02:30:00Z' });
    // 40000 x 0.44 = 0.0176; 60000 x 0.014 = 0.00084; 10000 x 1.32 = 0.0132; total 0.03164
    expect(lineTable(r)).toEqual({ input: [40000, 0.44, 0.0176], cacheRead: [60000, 0.014, 0.00084], output: [10000, 1.32, 0.0132] });
    expect(r.total).toBe(0.03164);
    expect(r.price.adjustments).toEqual([{ kind: 'timeWindow', name: 'peak', multiplier: 2 }]);
  });

  test('off-peak: between windows, at a window end, and on a weekend', () => {
    // 40000 x 0.22 = 0.0088; 60000 x 0.007 = 0.00042; 10000 x 0.66 = 0.0066; total 0.01582
    for (const at of ['2026-09-01T05:00:00Z', '2026-09-01T04:00:00Z', '2026-09-05T02:30:00Z']) {
      expect(cost(usage, { model: 'deepseek-v4-flash', at }).total).toBe(0.01582);
    }
  });
});

describe('date-bounded prices', () => {
  test('gpt-5.6-terra before and after the 2026-07-30 cut', () => {
    const usage = { inputTokens: 1000, outputTokens: 1000 };
    // launch 2.5 / 15: 0.0025 + 0.015 = 0.0175; from 2026-07-30 2 / 12: 0.002 + 0.012 = 0.014
    const before = cost(usage, { model: 'gpt-5.6-terra', at: '2026-07-29T23:59:59Z' });
    const after = cost(usage, { model: 'gpt-5.6-terra', at: new Date('2026-07-30T00:00:00Z') });
    expect(before.total).toBe(0.0175);
    expect(before.price).toMatchObject({ validFrom: '2026-06-26', validTo: '2026-07-29' });
    expect(after.total).toBe(0.014);
    expect(after.price.validFrom).toBe('2026-07-30');
  });

  test('DeepSeek switched at Beijing midnight (16:00 UTC)', () => {
    const usage = { inputTokens: 1_000_000, outputTokens: 0 };
    // flat 0.14 until 15:59:59 UTC; then off-peak 0.22 (a Saturday, so no peak)
    expect(cost(usage, { model: 'deepseek-v4-flash', at: '2026-08-15T15:59:59Z' }).total).toBe(0.14);
    expect(cost(usage, { model: 'deepseek-v4-flash', at: '2026-08-15T16:00:00Z' }).total).toBe(0.22);
  });

  test('Opus 4.6 lost its long-context surcharge on 2026-03-13', () => {
    const usage = { inputTokens: 250000, outputTokens: 0 };
    // before: above 200k at 10 -> 2.5; after: 5 -> 1.25
    expect(cost(usage, { model: 'claude-opus-4-6', at: '2026-03-01' }).total).toBe(2.5);
    expect(cost(usage, { model: 'claude-opus-4-6', at: '2026-04-01' }).total).toBe(1.25);
  });

  test('Sonnet 5 stays at $2/$10 after the cancelled 2026-09-01 step-up', () => {
    // 1000 x 2 + 1000 x 10 = 0.002 + 0.01 = 0.012
    expect(cost({ inputTokens: 1000, outputTokens: 1000 }, { model: 'claude-sonnet-5', at: '2026-10-01' }).total).toBe(0.012);
  });

  test('a promotional price past its announced end is flagged stale', () => {
    const usage = { inputTokens: 1000, outputTokens: 1000 };
    // promo 4 / 20: 0.004 + 0.02 = 0.024 on both dates; only the flag changes
    const during = cost(usage, { model: 'gpt-5.6-sol', at: '2026-11-01' });
    const after = cost(usage, { model: 'gpt-5.6-sol', at: '2026-11-22T12:00:00Z' });
    expect(during.total).toBe(0.024);
    expect(during.price.stale).toBe(false);
    expect(after.total).toBe(0.024);
    expect(after.price.stale).toBe(true);
    expect(after.price.warnings.join()).toMatch(/at least 2026-11-21/);
  });

  test('a scheduled (announced) price is used on its date and flagged', () => {
    const usage = { inputTokens: 1_000_000, outputTokens: 0 };
    // Gemini 3.6 Flash: launch 1.5 (2026-07-22), intro 0.75 (2026-08-13 .. 2026-12-31), announced 1.5 from 2027
    expect(cost(usage, { model: 'gemini-3.6-flash', at: '2026-08-01' }).total).toBe(1.5);
    expect(cost(usage, { model: 'gemini-3.6-flash', at: '2026-12-31T23:00:00Z' }).total).toBe(0.75);
    const later = cost(usage, { model: 'gemini-3.6-flash', at: '2027-02-01' });
    expect(later.total).toBe(1.5);
    expect(later.price.stale).toBe(true);
  });

  test('before a model has any price (gpt-6-astra before its release) is an unknown price', () => {
    expect(() => cost({ inputTokens: 1, outputTokens: 1 }, { model: 'gpt-6-astra', at: '2026-08-01' })).toThrow(/outside every dated row/);
  });

  test('`at` must be a date', () => {
    expect(() => cost({ inputTokens: 1, outputTokens: 1 }, { model: 'gpt-4o', at: 'yesterday' })).toThrow(
      expect.objectContaining({ code: 'ERR_INVALID_ARGUMENT' }),
    );
  });
});
