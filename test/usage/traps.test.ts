// The traps the research note lists (pricing-and-usage.md §3.2 and §3.3), one named test each, so a
// regression reads as the bug it reintroduces. Numbers come from the fixtures (sources there).
import { createUsageAccumulator, extractUsage } from '../../lib/usage';
import type { UsageResult } from '../../types/usage';
import { caseById, wireBytes, type UsageCase } from './helpers/fixtures';

function read(id: string, options?: UsageCase['options']): UsageResult {
  const c = caseById(id);
  const opts = options ?? c.options;
  if (c.kind === 'body') return extractUsage(c.body as object, opts);
  if (c.kind === 'events') return extractUsage(c.events as object[], opts);
  return extractUsage(wireBytes(c), opts);
}

/** Each input token is billed at exactly one rate. */
function expectDisjointInput(u: UsageResult): void {
  expect(u.inputTokens).toBe((u.uncachedInputTokens ?? 0) + (u.cacheReadTokens ?? 0) + (u.cacheWriteTokens ?? 0));
}

describe('input counting: inclusive vs additive', () => {
  test('Anthropic cache tokens are added to input_tokens once: neither dropped nor double-counted (LiteLLM #9812, #40016)', () => {
    const u = read('anthropic.nonstream.cache-5m-1h');
    expect(u.inputTokens).toBe(87 + 15230 + 6400);
    expect(u.uncachedInputTokens).toBe(87);
    expectDisjointInput(u);
  });

  test('Bedrock inputTokens is the remainder: cache is added, never subtracted again (ruby_llm#832, librefang#5878)', () => {
    const u = read('bedrock.converse.nonstream.cache-ttl');
    expect(u.uncachedInputTokens).toBe(21);
    expect(u.inputTokens).toBe(21 + 9100 + 4000);
    expectDisjointInput(u);
  });

  test('OpenAI-family models on Bedrock: an inclusive inputTokens is not added to again (bifrost#6942)', () => {
    const inclusive = read('bedrock.conversestream.openai-family-inclusive');
    expect(inclusive.inputTokens).toBe(4995);
    expect(inclusive.uncachedInputTokens).toBe(2);
    // The documented remainder form of the same family still adds up (pi#8752).
    const remainder = read('bedrock.converse.openai-family-remainder');
    expect(remainder.inputTokens).toBe(2 + 7151 + 17);
    // The family rule is the model's: the same numbers from a Claude model are additive.
    const claude = read('bedrock.conversestream.openai-family-inclusive', { model: 'anthropic.claude-sonnet-4-5-20250929-v1:0' });
    expect(claude.inputTokens).toBe(4995 + 4993);
    // And without a model there is only the AWS contract.
    expect(read('bedrock.conversestream.openai-family-inclusive', {}).inputTokens).toBe(4995 + 4993);
  });

  test('OpenAI-compatible prompt counts already include cached and written tokens (OpenRouter relaying Claude)', () => {
    const u = read('openrouter.stream.comments-cost');
    expect(u.inputTokens).toBe(1240);
    expect(u.uncachedInputTokens).toBe(1240 - 1024 - 200);
  });

  test('DeepSeek: the cache hit is read from prompt_cache_hit_tokens and a miss is not a cache write (genai-prices 0.1.8, ragflow#17629)', () => {
    const u = read('deepseek.nonstream.cache-hit-reasoning');
    expect(u.cacheReadTokens).toBe(1408);
    expect(u.cacheWriteTokens).toBeNull();
    expect(u.uncachedInputTokens).toBe(92);
    // prompt_tokens_details: null (LiteLLM #16009) does not hide the hit/miss fields.
    expect(read('deepseek.stream.hit-miss-only').cacheReadTokens).toBe(0);
  });

  test('OpenAI cache writes are reported, not priced as plain input (LiteLLM #33772, coder/xum#3705, pi#6469)', () => {
    const chat = read('openai-chat.nonstream.cache-write');
    expect(chat.cacheWriteTokens).toBe(400);
    expect(chat.uncachedInputTokens).toBe(200);
    const responses = read('openai-responses.nonstream.cache-write-ttl');
    expect(responses.cacheWriteTokens).toBe(3000);
    expect(responses.cacheWriteByTtl).toEqual({ '30m': 1000, '12h': 2000 });
    expectDisjointInput(responses);
  });

  test('Anthropic 1-hour writes are split from 5-minute writes (pi#5603, oh-my-pi#6876)', () => {
    const u = read('anthropic.nonstream.cache-5m-1h');
    expect(u.cacheWrite5mTokens).toBe(1400);
    expect(u.cacheWrite1hTokens).toBe(5000);
    expect(read('anthropic.stream.cache-1h').cacheWrite1hTokens).toBe(12000);
    expect(read('bedrock.converse.nonstream.cache-ttl')).toMatchObject({ cacheWrite5mTokens: 1000, cacheWrite1hTokens: 3000 });
  });

  test('Gemini tool-use prompt tokens are input, once; thoughts are output (harness-sdk#3892, aicost#10)', () => {
    const u = read('gemini.nonstream.tool-use-prompt');
    expect(u.inputTokens).toBe(1020 + 3400);
    expect(u.outputTokens).toBe(250 + 300);
    expect((u.inputTokens ?? 0) + (u.outputTokens ?? 0)).toBe(4970); // totalTokenCount
  });
});

describe('output counting', () => {
  test('Gemini thoughtsTokenCount is billed output (llm-gemini#75, deepeval#2943, crewAI#5699)', () => {
    const u = read('gemini.nonstream.thinking-cached');
    expect(u.outputTokens).toBe(410 + 1158);
    expect(u.reasoningTokens).toBe(1158);
    expect(read('gemini-interactions.nonstream').outputTokens).toBe(779 + 912);
  });

  test('xAI reasoning_tokens sit beside completion_tokens and are added (vercel/ai#12425, sub2api#5771)', () => {
    expect(read('xai.nonstream.reasoning-beside-completion').outputTokens).toBe(9 + 94);
    const stream = read('xai.stream.usage-second-to-last-with-cost');
    expect(stream.outputTokens).toBe(1499 + 2809);
    expect(stream.cost).toBeCloseTo(0.0232856, 12);
  });

  test('OpenAI reasoning is inside completion tokens and is not added again', () => {
    const u = read('openai-responses.nonstream.reasoning');
    expect(u.outputTokens).toBe(1186);
    expect(u.reasoningTokens).toBe(1024);
  });
});

describe('streams: last or cumulative, never summed', () => {
  test('Anthropic: several cumulative message_delta events are not summed (posthog-python v7.75.4)', () => {
    const u = read('anthropic.stream.server-tools-multi-delta');
    expect(u.outputTokens).toBe(510);
    expect(u.inputTokens).toBe(10682); // the later delta's input replaces message_start's
    expect(u.webSearchRequests).toBe(1);
  });

  test("Anthropic: message_start's output placeholder is not a count", () => {
    const u = read('anthropic.stream.aborted-after-start');
    expect(u.available).toBe(true);
    expect(u.inputTokens).toBe(125);
    expect(u.outputTokens).toBeNull();
  });

  test('Gemini: the first partial usageMetadata is not the final one (hydra#858)', () => {
    const c = caseById('gemini.stream.sse-running-totals');
    const text = wireBytes(c).toString('utf8');
    const firstEventEnd = text.indexOf('\r\n\r\n') + 4;
    const accumulator = createUsageAccumulator();
    accumulator.push(text.slice(0, firstEventEnd));
    expect(accumulator.result().outputTokens).toBe(0); // what had been generated at that point
    accumulator.push(text.slice(firstEventEnd));
    expect(accumulator.result().outputTokens).toBe(41 + 210);
  });

  test('Groq: x_groq.usage and a trailing usage chunk are one report, not two (Portkey gateway#1338)', () => {
    const u = read('groq.stream.x-groq-usage-and-usage-chunk');
    expect(u.inputTokens).toBe(18);
    expect(u.outputTokens).toBe(532);
  });

  test("Groq's x_groq hardware cache counters are not billing cache reads", () => {
    expect(read('groq.nonstream.hardware-cache-not-billing').cacheReadTokens).toBe(1536);
  });

  test('xAI: usage in the second-to-last chunk survives an empty last chunk (LiteLLM #17136)', () => {
    expect(read('xai.stream.usage-second-to-last-with-cost').inputTokens).toBe(10120);
  });

  test('OpenAI Responses: usage comes from the terminal event, not response.created', () => {
    expect(read('openai-responses.stream').inputTokens).toBe(4210);
    expect(read('openai-responses.stream.incomplete').outputTokens).toBe(300);
  });

  test('Bedrock: the metadata event after messageStop carries the usage', () => {
    expect(read('bedrock.conversestream.frames').outputTokens).toBe(44);
  });

  test('OpenRouter: ": OPENROUTER PROCESSING" comment lines are skipped', () => {
    expect(read('openrouter.stream.comments-cost')).toMatchObject({ available: true, provider: 'openrouter' });
  });

  test('Gemini continuation hops: the billed input is the summed one, the estimate compares with the first hop', () => {
    expect(read('gemini.nonstream.continuation')).toMatchObject({ inputTokens: 4210, initialInputTokens: 2048 });
    expect(read('gemini-interactions.nonstream.continuation')).toMatchObject({ inputTokens: 32000, initialInputTokens: 10000 });
    // In a stream, the hop marked requires_continuation is replaced by the final one, not added to it.
    expect(read('gemini-interactions.stream.continuation-hops')).toMatchObject({ inputTokens: 81000, initialInputTokens: 8000 });
  });
});

describe('unknown is not zero', () => {
  test('a stream without stream_options.include_usage reports nothing', () => {
    const u = read('openai-chat.stream.without-include-usage');
    expect(u.available).toBe(false);
    expect(u.inputTokens).toBeNull();
    expect(u.outputTokens).toBeNull();
    expect(u.model).toBe('gpt-4o-2024-08-06'); // still useful to the caller
  });

  test('an aborted stream reports nothing', () => {
    expect(read('openai-chat.stream.aborted').available).toBe(false);
    expect(read('bedrock.conversestream.throttled').available).toBe(false);
  });

  test('Ollama without prompt_eval_count (KV-cache hit) is unavailable, not 0 (ollama#2068)', () => {
    const u = read('ollama.chat.stream.kv-cache-hit');
    expect(u.available).toBe(false);
    expect(u.inputTokens).toBeNull();
    expect(u.outputTokens).toBe(2);
  });

  test('nothing at all reads as unavailable, every count null', () => {
    const u = createUsageAccumulator().result();
    expect(u.available).toBe(false);
    for (const [key, value] of Object.entries(u)) if (key !== 'available') expect(value).toBeNull();
  });
});

describe('the served model is the billed one', () => {
  test('the payload model wins over the requested one (Fable 5 falling back to Opus 4.8; routers)', () => {
    const c = caseById('anthropic.nonstream.cache-5m-1h');
    expect(extractUsage(c.body as object, { model: 'claude-fable-5' }).model).toBe('claude-opus-4-8');
    expect(read('openrouter.nonstream.routed-model').model).toBe('google/gemini-2.5-flash');
  });

  test('options.model fills in only when the payload has none (Bedrock Converse)', () => {
    expect(read('bedrock.converse.nonstream.basic').model).toBe('anthropic.claude-3-haiku-20240307-v1:0');
    expect(read('bedrock.converse.nonstream.basic', {}).model).toBeNull();
  });
});
