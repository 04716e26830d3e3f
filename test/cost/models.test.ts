// Model names as responses and users spell them, resolved to their price rows; and which model
// is priced when the response's (served) model and the requested one differ.
import { getPrice } from '../../lib/cost';
import { cost } from './helpers';

describe('aliases, snapshots and provider spellings', () => {
  test.each([
    ['claude-sonnet-4-5-20250929', 'claude-sonnet-4-5'], // dated snapshot
    ['claude-sonnet-4-5@20250929', 'claude-sonnet-4-5'], // Vertex
    ['anthropic/claude-sonnet-4.5', 'claude-sonnet-4-5'], // OpenRouter
    ['openrouter/anthropic/claude-sonnet-4.5', 'claude-sonnet-4-5'],
    ['anthropic.claude-haiku-4-5-20251001-v1:0', 'claude-haiku-4-5'], // Bedrock
    ['eu.anthropic.claude-opus-4-8', 'claude-opus-4-8'], // Bedrock geo profile
    ['claude-3-7-sonnet-latest', 'claude-3-7-sonnet'],
    ['claude-opus-4-6[1m]', 'claude-opus-4-6'], // Claude Code's context tag
    ['gpt-4o-2024-08-06', 'gpt-4o'], // no dated row: the family's row
    ['gpt-4o-2024-05-13', 'gpt-4o-2024-05-13'], // its own dated row (priced 5 / 15)
    ['openai/gpt-4o', 'gpt-4o'],
    ['GPT-4o', 'gpt-4o'],
    ['azure/gpt-4.1', 'gpt-4.1'],
    ['gpt-5.5-2026-04-23', 'gpt-5.5'],
    ['gpt-3.5-turbo-0125', 'gpt-3.5-turbo'],
    ['gpt-4-turbo-preview', 'gpt-4-turbo'],
    ['models/gemini-2.5-pro', 'gemini-2.5-pro'], // Gemini API resource name
    ['gemini/gemini-2.5-flash', 'gemini-2.5-flash'],
    ['gemini-2.0-flash-001', 'gemini-2.0-flash'],
    ['gemini-2.5-flash-preview-09-2025', 'gemini-2.5-flash'],
    ['mistral-medium-2604', 'mistral-medium-3-5'],
    ['mistral/devstral-latest', 'devstral-2512'],
    ['xai/grok-4-0709', 'grok-4'],
    ['x-ai/grok-4.1-fast', 'grok-4-1-fast'],
    ['deepseek-chat', 'deepseek-v4-flash'],
  ])('%s -> %s', (name, row) => {
    expect(getPrice(name, { at: '2026-09-30' })?.model).toBe(row);
  });

  test('a dated snapshot keeps its own price', () => {
    // gpt-4o-2024-05-13: 1000 x 5 + 1000 x 15 = 0.02; gpt-4o-2024-08-06 (gpt-4o): 0.0025 + 0.01 = 0.0125
    expect(cost({ inputTokens: 1000, outputTokens: 1000 }, { model: 'gpt-4o-2024-05-13' }).total).toBe(0.02);
    expect(cost({ inputTokens: 1000, outputTokens: 1000 }, { model: 'gpt-4o-2024-08-06' }).total).toBe(0.0125);
  });

  test.each([
    'gpt-3.5-turbo-0613', // priced differently from gpt-3.5-turbo: not stripped to it
    'mistral-small-latest', // what -latest points to is not dated in the research
    'claude-sonnet-5-5', // in SDK lists, no price found
    'llama-3.3-70b',
  ])('%s has no price', (name) => {
    expect(getPrice(name)).toBeNull();
  });

  test('getPrice shows the row in readable units', () => {
    expect(getPrice('claude-sonnet-4-5')).toMatchObject({
      model: 'claude-sonnet-4-5',
      provider: 'anthropic',
      rates: { input: 3, cacheRead: 0.3, cacheWrite: 3.75, cacheWrite1h: 6, output: 15, reasoning: null },
      longContext: [{ aboveInputTokens: 200000, rates: { input: 6, cacheRead: 0.6, cacheWrite: 7.5, cacheWrite1h: 12, output: 22.5 } }],
    });
  });
});

describe('the served model wins', () => {
  test("Fable 5's safety fallback is billed at the Opus 4.8 it was served by", () => {
    const r = cost({ inputTokens: 1000, outputTokens: 1000, model: 'claude-opus-4-8' }, { model: 'claude-fable-5' });
    // Opus 4.8: 1000 x 5 + 1000 x 25 = 0.03 (Fable 5 would be 0.01 + 0.05 = 0.06)
    expect(r.total).toBe(0.03);
    expect(r.price.model).toBe('claude-opus-4-8');
    expect(r.price.warnings).toEqual([]);
  });

  test('an unpriced served id falls back to the requested model, with a warning', () => {
    const r = cost({ inputTokens: 1000, outputTokens: 500, model: 'my-azure-deployment' }, { model: 'gpt-4o' });
    // gpt-4o: 0.0025 + 0.005 = 0.0075
    expect(r.total).toBe(0.0075);
    expect(r.price.warnings.join()).toMatch(/served model 'my-azure-deployment' has no price/);
  });

  test('the model may come from the usage alone', () => {
    expect(cost({ inputTokens: 1000, outputTokens: 500, model: 'gpt-4o' }, {}).total).toBe(0.0075);
  });

  test('no model at all is a caller error', () => {
    expect(() => cost({ inputTokens: 1, outputTokens: 1 }, {})).toThrow(expect.objectContaining({ code: 'ERR_INVALID_ARGUMENT' }));
  });
});
