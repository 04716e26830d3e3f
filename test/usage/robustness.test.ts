// Usage reading sits inside a gateway's response path, so it must never be the thing that breaks:
// garbage, corrupted streams and hostile objects never throw from push(); wrong argument types do,
// with a TokenmeterError; memory stays bounded however long the stream.
import { createUsageAccumulator, createUsageStream, extractUsage } from '../../lib/usage';
import { StreamUsageAccumulator } from '../../lib/usage/accumulator';
import { MAX_EVENT_CHARS } from '../../lib/usage/limits';
import { TokenmeterError } from '../../lib/errors';
import { caseById, loadCases, rng, splitBytes, wireBytes } from './helpers/fixtures';

function expectInvalidArgument(fn: () => unknown): void {
  let thrown: unknown;
  try {
    fn();
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(TokenmeterError);
  expect((thrown as TokenmeterError).code).toBe('ERR_INVALID_ARGUMENT');
}

const openaiStream = wireBytes(caseById('openai-chat.stream.include-usage'));
const openaiExpected = extractUsage(openaiStream);

describe('wrong argument types throw ERR_INVALID_ARGUMENT', () => {
  test.each([
    ['undefined', undefined],
    ['null', null],
    ['a number', 42],
    ['a boolean', true],
    ['a function', () => 1],
    ['a symbol', Symbol('x')],
  ])('extractUsage(%s)', (_name, value) => {
    expectInvalidArgument(() => extractUsage(value as never));
  });

  test.each([
    ['a string', 'openai'],
    ['a number', 3],
    ['an unknown provider', { provider: 'acme' }],
    ['a provider that is not a string', { provider: 7 }],
    ['a model that is not a string', { model: 7 }],
  ])('options: %s', (_name, options) => {
    expectInvalidArgument(() => extractUsage({}, options as never));
    expectInvalidArgument(() => createUsageAccumulator(options as never));
    expectInvalidArgument(() => createUsageStream(options as never));
  });

  test.each([
    ['undefined', undefined],
    ['null', null],
    ['a number', 1],
    ['a boolean', false],
  ])('push(%s)', (_name, value) => {
    const accumulator = createUsageAccumulator();
    expectInvalidArgument(() => accumulator.push(value as never));
  });

  test('provider names are case-insensitive and common aliases are accepted', () => {
    expect(extractUsage({}, { provider: 'Gemini' }).provider).toBe('google');
    expect(extractUsage({}, { provider: ' AWS-Bedrock ' }).provider).toBe('bedrock');
    expect(extractUsage({}, { provider: 'x-ai' }).provider).toBe('xai');
    expect(extractUsage({}, { provider: 'OPENAI-COMPATIBLE' }).provider).toBe('openai-compatible');
  });
});

describe('garbage never throws', () => {
  test('random bytes, pushed in random pieces', () => {
    for (let seed = 1; seed <= 60; seed++) {
      const next = rng(seed);
      const bytes = Buffer.alloc(200 + Math.floor(next() * 3000));
      for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(next() * 256);
      if (seed % 3 === 0) bytes[0] = 0; // also as would-be event-stream frames
      const accumulator = createUsageAccumulator();
      expect(() => {
        for (const piece of splitBytes(bytes, seed, 40)) accumulator.push(piece);
        accumulator.result();
      }).not.toThrow();
      expect(accumulator.result().available).toBe(false);
      expect(() => extractUsage(bytes)).not.toThrow();
    }
  });

  test('every fixture stream with random bytes flipped', () => {
    for (const c of loadCases().filter((k) => k.kind === 'stream' || k.kind === 'frames')) {
      const next = rng(c.id.length);
      for (let round = 0; round < 5; round++) {
        const bytes = Buffer.from(wireBytes(c));
        for (let flips = 0; flips < 4; flips++) bytes[Math.floor(next() * bytes.length)] = Math.floor(next() * 256);
        const accumulator = createUsageAccumulator(c.options);
        expect(() => {
          for (const piece of splitBytes(bytes, round + 1)) accumulator.push(piece);
          accumulator.result();
        }).not.toThrow();
      }
    }
  });

  test('invalid JSON lines and unknown event types between the real events change nothing', () => {
    const noisy = Buffer.concat([
      Buffer.from('data: {"unterminated": \n\n'),
      Buffer.from('data: {"type":"some.future.event","usage":"not an object"}\n\n'),
      Buffer.from('event: mystery\ndata: [1, 2, 3]\n\n'),
      Buffer.from('data: "just a string"\n\n'),
      Buffer.from('data: 12345\n\n'),
      openaiStream,
      Buffer.from('data: {"choices": [], "usage": {"prompt_tokens": "lots", "completion_tokens": -3}}\n\n'),
    ]);
    expect(extractUsage(noisy)).toMatchObject({ inputTokens: 1536, outputTokens: 19, cacheReadTokens: 1024 });
  });

  test('garbage before a real stream, in either framing', () => {
    for (const prefix of ['hello there\n\n', '{garbage\n', '<html>502 Bad Gateway</html>\n\n']) {
      const accumulator = createUsageAccumulator();
      accumulator.push(prefix);
      accumulator.push(openaiStream);
      expect(accumulator.result()).toEqual(openaiExpected);
    }
  });

  test('unknown and malformed parsed events are ignored', () => {
    const accumulator = createUsageAccumulator();
    for (const event of [{}, [], { type: 'message_start' }, { usage: null }, { metadata: { usage: 'x' } }, { usageMetadata: [] }, { choices: 'no' }, [1, 'a', null]]) {
      expect(() => accumulator.push(event)).not.toThrow();
    }
    expect(accumulator.result().available).toBe(false);
  });

  test('hostile objects (throwing getters, proxies, cycles) do not throw', () => {
    const throwing = Object.defineProperty({}, 'usage', {
      enumerable: true,
      get() {
        throw new Error('boom');
      },
    });
    const proxy = new Proxy(
      {},
      {
        get() {
          throw new Error('trap');
        },
        has() {
          throw new Error('trap');
        },
        ownKeys() {
          throw new Error('trap');
        },
      },
    );
    const cyclic: Record<string, unknown> = { object: 'chat.completion', model: 'gpt-4o', usage: { prompt_tokens: 3, completion_tokens: 1 } };
    (cyclic.usage as Record<string, unknown>).self = cyclic;
    cyclic.self = cyclic;
    for (const value of [throwing, proxy]) {
      expect(() => extractUsage(value)).not.toThrow();
      const accumulator = createUsageAccumulator();
      expect(() => accumulator.push(value)).not.toThrow();
      expect(() => accumulator.result()).not.toThrow();
    }
    expect(extractUsage(cyclic)).toMatchObject({ inputTokens: 3, outputTokens: 1 });
  });

  test('non-JSON text given to extractUsage reads as unavailable, not an error', () => {
    expect(extractUsage('<html>502 Bad Gateway</html>').available).toBe(false);
    expect(extractUsage('').available).toBe(false);
    expect(extractUsage('null').available).toBe(false);
    expect(extractUsage(new ArrayBuffer(0)).available).toBe(false);
  });
});

describe('result()', () => {
  test('can be read mid-stream, repeatedly, and the stream goes on', () => {
    const accumulator = createUsageAccumulator();
    const half = openaiStream.length >> 1;
    accumulator.push(openaiStream.subarray(0, half));
    const early = accumulator.result();
    expect(early.available).toBe(false);
    expect(accumulator.result()).toEqual(early);
    accumulator.push(openaiStream.subarray(half));
    expect(accumulator.result()).toEqual(openaiExpected);
    expect(accumulator.result()).toEqual(openaiExpected);
  });

  test('a last event without its blank line (a stream that just stopped) still counts', () => {
    const text = openaiStream.toString('utf8');
    const cut = text.slice(0, text.lastIndexOf('data: [DONE]')).trimEnd();
    expect(extractUsage(cut)).toEqual(openaiExpected);
  });

  test('objects pushed by the caller are copied, not kept by reference', () => {
    const usage = { prompt_tokens: 10, completion_tokens: 2 };
    const accumulator = createUsageAccumulator();
    accumulator.push({ object: 'chat.completion.chunk', model: 'gpt-4o', choices: [], usage });
    usage.prompt_tokens = 999;
    expect(accumulator.result().inputTokens).toBe(10);
  });

  test('options.provider names the provider; options.model fills a missing model', () => {
    const u = extractUsage(openaiStream, { provider: 'groq', model: 'ignored-because-the-payload-has-one' });
    expect(u.provider).toBe('groq');
    expect(u.model).toBe('gpt-4o-mini-2024-07-18');
    expect(createUsageAccumulator({ provider: 'anthropic', model: 'claude-x' }).result()).toMatchObject({
      provider: 'anthropic',
      model: 'claude-x',
      available: false,
    });
  });
});

describe('memory stays bounded', () => {
  test('a long stream (about 12 MB) keeps only the unfinished line', () => {
    const accumulator = createUsageAccumulator() as StreamUsageAccumulator;
    const chunk = Buffer.from(
      `data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', model: 'gpt-4o', choices: [{ index: 0, delta: { content: 'ünïcödé '.repeat(40) } }] })}\n\n`,
    );
    const block = Buffer.concat(new Array(200).fill(chunk));
    let peak = 0;
    for (let i = 0; i < 200; i++) {
      for (const piece of splitBytes(block, i, 8192)) accumulator.push(piece);
      peak = Math.max(peak, accumulator.buffered);
    }
    accumulator.push(openaiStream);
    expect(peak).toBeLessThan(16 * 1024);
    expect(accumulator.result()).toMatchObject({ inputTokens: 1536, outputTokens: 19 });
  });

  test('a non-streaming body bigger than the cap, piped through the stream form, still yields its usage', () => {
    const body = {
      id: 'chatcmpl-big',
      object: 'chat.completion',
      model: 'gpt-5.6-sol',
      choices: [{ index: 0, message: { role: 'assistant', content: 'très long '.repeat(300 * 1024) }, finish_reason: 'length' }],
      usage: { prompt_tokens: 900, completion_tokens: 128000, total_tokens: 128900, prompt_tokens_details: { cached_tokens: 512 } },
      service_tier: 'default',
    };
    const bytes = Buffer.from(JSON.stringify(body, null, 2));
    expect(bytes.length).toBeGreaterThan(3 * 1024 * 1024);
    const accumulator = createUsageAccumulator() as StreamUsageAccumulator;
    let peak = 0;
    for (const piece of splitBytes(bytes, 3, 64 * 1024)) {
      accumulator.push(piece);
      peak = Math.max(peak, accumulator.buffered);
    }
    expect(peak).toBeLessThanOrEqual(MAX_EVENT_CHARS);
    expect(accumulator.result()).toMatchObject({ inputTokens: 900, cacheReadTokens: 512, outputTokens: 128000, model: 'gpt-5.6-sol', provider: 'openai', serviceTier: 'standard' });
    expect(extractUsage(bytes)).toEqual(accumulator.result());
  });

  test('a line over the cap is dropped; the usage after it is still read', () => {
    const accumulator = createUsageAccumulator() as StreamUsageAccumulator;
    accumulator.push('data: {"choices":[{"delta":{"content":"');
    for (let i = 0; i < 48; i++) accumulator.push('a'.repeat(64 * 1024));
    expect(accumulator.buffered).toBeLessThanOrEqual(MAX_EVENT_CHARS);
    accumulator.push('"}}]}\n\n');
    accumulator.push(openaiStream);
    expect(accumulator.result()).toEqual(openaiExpected);
  });
});
