// The two-stage check end to end: estimate, complete with a provider response, status and
// discrepancy, drift events, calibration learned from completed checks, and prices.
import { Calibrator, countRequest, TokenChecker, type CheckResult } from '../../lib';

const openaiRequest = { model: 'gpt-4o', messages: [{ role: 'user', content: 'hello' }] };
const openaiResponse = (prompt: number, completion = 5) => ({
  id: 'chatcmpl-1',
  object: 'chat.completion',
  model: 'gpt-4o-2024-08-06',
  choices: [{ index: 0, message: { role: 'assistant', content: 'Hi!' }, finish_reason: 'stop' }],
  usage: { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion },
});

const anthropicRequest = { model: 'claude-sonnet-4-5', system: 'You are a scientist', messages: [{ role: 'user', content: 'Hello, Claude' }] };
const anthropicResponse = (input: number, output = 10) => ({
  id: 'msg_1',
  type: 'message',
  role: 'assistant',
  model: 'claude-sonnet-4-5-20250929',
  content: [{ type: 'text', text: 'Hello!' }],
  stop_reason: 'end_turn',
  usage: { input_tokens: input, output_tokens: output, cache_read_input_tokens: 0, cache_creation_input_tokens: 0 },
});

describe('TokenChecker', () => {
  test('an exact OpenAI estimate that matches the response is ok, and both sides are priced', () => {
    const checker = new TokenChecker();
    const check = checker.begin(openaiRequest);
    expect(check.estimate.inputTokens).toBe(8);
    expect(check.estimate.exact).toBe(true);
    const result = check.complete(openaiResponse(8));
    expect(result.status).toBe('ok');
    expect(result.discrepancy).toEqual({ tokens: 0, percent: 0, withinTolerance: true });
    expect(result.actual.model).toBe('gpt-4o-2024-08-06');
    expect(result.cost.actual!.total).toBeGreaterThan(0);
    expect(result.cost.actual!.total).toBeCloseTo(result.cost.estimated!.total, 12);
  });

  test('a reported count beyond the tolerance is drift, with an event', () => {
    const checker = new TokenChecker({ tolerance: 0.05 });
    const events: CheckResult[] = [];
    checker.on('drift', (r: CheckResult) => events.push(r));
    const result = checker.begin(openaiRequest).complete(openaiResponse(10));
    expect(result.status).toBe('drift');
    expect(result.discrepancy.tokens).toBe(2);
    expect(result.discrepancy.percent).toBeCloseTo(20, 10);
    expect(events).toHaveLength(1);
  });

  test('per-model tolerance by prefix; per-request tolerance wins', () => {
    const checker = new TokenChecker({ tolerance: 0.01, tolerances: { 'gpt-4o': 0.5 } });
    expect(checker.toleranceFor('gpt-4o-mini')).toBe(0.5);
    expect(checker.toleranceFor('gpt-3.5-turbo')).toBe(0.01);
    expect(checker.begin(openaiRequest).complete(openaiResponse(10)).status).toBe('ok');
    expect(checker.begin(openaiRequest, { tolerance: 0 }).complete(openaiResponse(9)).status).toBe('drift');
  });

  test('no usage reported is unavailable, not zero', () => {
    const checker = new TokenChecker();
    const result = checker.begin(openaiRequest).complete({ id: 'x', object: 'chat.completion', model: 'gpt-4o', choices: [] });
    expect(result.status).toBe('unavailable');
    expect(result.discrepancy.tokens).toBeNull();
    expect(result.cost.actual).toBeNull();
  });

  test('a normalized usage works as well as a response body', () => {
    const checker = new TokenChecker();
    const usage = {
      inputTokens: 8, uncachedInputTokens: 8, cacheReadTokens: 0, cacheWriteTokens: 0, cacheWrite5mTokens: null,
      cacheWrite1hTokens: null, outputTokens: 3, reasoningTokens: null, model: 'gpt-4o', provider: 'openai', available: true,
    };
    expect(checker.begin(openaiRequest).complete(usage).status).toBe('ok');
  });

  test('calibration: inexact estimates learn the reported ratio and report their expected error', () => {
    const calibrator = new Calibrator({ minSamples: 3 });
    const checker = new TokenChecker({ calibrator, tolerance: 0.05 });
    const raw = countRequest(anthropicRequest).rawTokens;
    const reported = Math.round(raw * 1.25);
    const first = checker.begin(anthropicRequest, { provider: 'anthropic' });
    expect(first.estimate.calibrated).toBe(false);
    expect(first.complete(anthropicResponse(reported)).status).toBe('drift');
    for (let i = 0; i < 3; i++) checker.begin(anthropicRequest, { provider: 'anthropic' }).complete(anthropicResponse(reported));
    const later = checker.begin(anthropicRequest, { provider: 'anthropic' });
    expect(later.estimate.calibrated).toBe(true);
    expect(later.estimate.inputTokens).toBe(Math.round(raw * (reported / raw)));
    expect(later.estimate.expectedError).toBe(0);
    expect(later.complete(anthropicResponse(reported)).status).toBe('ok');
    // it persists
    const restored = Calibrator.fromJSON(JSON.stringify(calibrator));
    expect(restored.keys()).toEqual(calibrator.keys());
  });

  test('exact estimates are not calibrated', () => {
    const calibrator = new Calibrator({ minSamples: 1 });
    const checker = new TokenChecker({ calibrator });
    checker.begin(openaiRequest).complete(openaiResponse(12));
    expect(calibrator.keys()).toEqual([]);
    expect(checker.begin(openaiRequest).estimate.inputTokens).toBe(8);
  });

  test('async begin counts the same; a check completes once', async () => {
    const checker = new TokenChecker();
    const check = await checker.beginAsync(Buffer.from(JSON.stringify(openaiRequest)));
    expect(check.estimate.inputTokens).toBe(8);
    check.complete(openaiResponse(8));
    expect(() => check.complete(openaiResponse(8))).toThrow(expect.objectContaining({ code: 'ERR_INVALID_ARGUMENT' }));
  });

  test('an unpriced model gives null costs, never $0', () => {
    const checker = new TokenChecker();
    const warn = jest.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    try {
      const result = checker.begin({ model: 'acme-9000', messages: [{ role: 'user', content: 'x' }] }).complete({
        ...openaiResponse(8),
        model: 'acme-9000',
      });
      expect(result.cost.actual).toBeNull();
      expect(result.cost.estimated).toBeNull();
    } finally {
      warn.mockRestore();
    }
  });

  test('bad tolerances are ERR_INVALID_ARGUMENT', () => {
    expect(() => new TokenChecker({ tolerance: -1 })).toThrow(expect.objectContaining({ code: 'ERR_INVALID_ARGUMENT' }));
    expect(() => new TokenChecker({ tolerances: { x: Number.NaN } })).toThrow(expect.objectContaining({ code: 'ERR_INVALID_ARGUMENT' }));
  });
});
