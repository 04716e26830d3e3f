// Properties every chat count must have, whatever the request: the forms agree (sync/async,
// object/string/Buffer, countTokens/countRequest), more messages never count fewer tokens, the
// breakdown adds up, and calibration and rule overrides do what they say.
import {
  countRequest,
  countRequestAsync,
  countTokens,
  countTokensAsync,
  getEncoding,
  getModelRules,
  resetModelRules,
  setModelRules,
  type CountResult,
} from '../../lib';

// Deterministic generator (mulberry32), so a failure reproduces.
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = ['hello', 'world', ' ', '\n', 'tokens', '{"a":1}', 'ünïcödé', '日本語', '🙂', '<|endoftext|>', '12345', "it's", '\t\t'];
function text(rand: () => number, max = 12): string {
  let s = '';
  const n = Math.floor(rand() * max);
  for (let i = 0; i < n; i++) s += WORDS[Math.floor(rand() * WORDS.length)];
  return s;
}

function openaiMessage(rand: () => number): Record<string, unknown> {
  const roles = ['system', 'user', 'assistant', 'developer'];
  const m: Record<string, unknown> = { role: roles[Math.floor(rand() * roles.length)], content: text(rand) };
  if (rand() < 0.2) m.name = 'n' + Math.floor(rand() * 100);
  if (rand() < 0.2) m.content = [{ type: 'text', text: text(rand) }, { type: 'text', text: text(rand) }];
  return m;
}

function anthropicMessage(rand: () => number): Record<string, unknown> {
  const role = rand() < 0.5 ? 'user' : 'assistant';
  if (rand() < 0.3) {
    return role === 'assistant'
      ? { role, content: [{ type: 'tool_use', id: 't1', name: 'lookup', input: { q: text(rand) } }] }
      : { role, content: [{ type: 'tool_result', tool_use_id: 't1', content: text(rand) }] };
  }
  return { role, content: rand() < 0.5 ? text(rand) : [{ type: 'text', text: text(rand) }] };
}

const TOOLS = [
  {
    type: 'function',
    function: {
      name: 'get_weather',
      description: 'Weather for a city',
      parameters: { type: 'object', properties: { city: { type: 'string', description: 'City' } }, required: ['city'] },
    },
  },
];

const sameCount = (a: CountResult, b: CountResult) => {
  expect(b.inputTokens).toBe(a.inputTokens);
  expect(b.breakdown).toEqual(a.breakdown);
  expect(b.exact).toBe(a.exact);
  expect(b.estimated).toEqual(a.estimated);
};

describe('the forms agree', () => {
  const rand = rng(7);
  const bodies: object[] = [];
  for (let i = 0; i < 40; i++) {
    const n = 1 + Math.floor(rand() * 8);
    if (i % 3 === 2) {
      bodies.push({ model: 'claude-sonnet-4-5', system: text(rand), messages: Array.from({ length: n }, () => anthropicMessage(rand)) });
    } else if (i % 3 === 1) {
      bodies.push({ model: 'gpt-4o', instructions: text(rand), input: [{ role: 'user', content: text(rand) }] });
    } else {
      bodies.push({ model: 'gpt-4o', messages: Array.from({ length: n }, () => openaiMessage(rand)), tools: i % 2 ? TOOLS : undefined });
    }
  }

  test('object, JSON string and Buffer bodies, sync and async, count the same', async () => {
    for (const body of bodies) {
      const fromObject = countRequest(body);
      const json = JSON.stringify(body);
      sameCount(fromObject, countRequest(json));
      sameCount(fromObject, countRequest(Buffer.from(json)));
      sameCount(fromObject, countRequest(new TextEncoder().encode(json)));
      sameCount(fromObject, await countRequestAsync(body));
      sameCount(fromObject, await countRequestAsync(Buffer.from(json)));
    }
  });

  test('countTokens(messages, tools) is countRequest of the same body', async () => {
    const messages = [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'Weather in Oslo?' }];
    const viaRequest = countRequest({ model: 'gpt-4o', messages, tools: TOOLS, tool_choice: 'none' });
    sameCount(viaRequest, countTokens(messages, TOOLS, { model: 'gpt-4o', toolChoice: 'none' }));
    sameCount(viaRequest, await countTokensAsync(messages, TOOLS, { model: 'gpt-4o', toolChoice: 'none' }));
    const anthropic = countRequest({ model: 'claude-haiku-4-5', system: 'Be brief.', messages: [messages[1]] });
    sameCount(anthropic, countTokens([messages[1]], undefined, { model: 'claude-haiku-4-5', system: 'Be brief.' }));
  });

  test('the breakdown adds up to the uncalibrated total', () => {
    for (const body of bodies) {
      const r = countRequest(body);
      const b = r.breakdown;
      expect(b.messages + b.system + b.tools + b.images + b.documents + b.overhead).toBe(r.rawTokens);
    }
  });
});

describe('more input never counts fewer tokens', () => {
  test.each([
    ['chat', 'gpt-4o', openaiMessage],
    ['chat', 'gpt-3.5-turbo-0301', openaiMessage],
    ['anthropic', 'claude-sonnet-4-5', anthropicMessage],
  ] as const)('%s on %s: appending a message', (api, model, make) => {
    const rand = rng(api.length * 31 + model.length);
    for (let trial = 0; trial < 30; trial++) {
      const messages: Array<Record<string, unknown>> = [];
      let previous = countRequest({ model, messages }, { api }).inputTokens;
      for (let i = 0; i < 10; i++) {
        messages.push(make(rand));
        const now = countRequest({ model, messages }, { api }).inputTokens;
        expect(now).toBeGreaterThanOrEqual(previous);
        previous = now;
      }
    }
  });

  test('the content of a message is its tokens: one more word, no fewer tokens', () => {
    const enc = getEncoding('o200k_base');
    const content = 'The quick brown fox jumps over the lazy dog.';
    const base = countTokens([{ role: 'user', content }], [], { model: 'gpt-4o' });
    expect(base.breakdown.messages).toBe(enc.countOrdinary(content));
    const more = countTokens([{ role: 'user', content: content + ' Again.' }], [], { model: 'gpt-4o' });
    expect(more.inputTokens).toBeGreaterThan(base.inputTokens);
  });
});

describe('special-token strings in a request are ordinary text', () => {
  test('<|endoftext|> in a message is counted, not refused', () => {
    const content = 'quote: <|endoftext|> and <|im_start|>';
    const r = countTokens([{ role: 'user', content }], [], { model: 'gpt-4' });
    expect(r.breakdown.messages).toBe(getEncoding('cl100k_base').countOrdinary(content));
    expect(r.exact).toBe(true);
  });
});

describe('calibration', () => {
  const anthropic = { model: 'claude-sonnet-4-5', messages: [{ role: 'user', content: 'Hello, Claude' }] };

  test('applies to estimates only, and can be turned off', () => {
    const raw = countRequest(anthropic, { calibration: false });
    const scaled = countRequest(anthropic, { calibration: 1.5 });
    expect(scaled.rawTokens).toBe(raw.inputTokens);
    expect(scaled.inputTokens).toBe(Math.round(raw.inputTokens * 1.5));
    expect(scaled.calibration).toBe(1.5);
    const exact = countTokens([{ role: 'user', content: 'hello' }], [], { model: 'gpt-4o', calibration: 1.5 });
    expect(exact.exact).toBe(true);
    expect(exact.inputTokens).toBe(8);
  });

  test("a model rule's own factor is the default (Opus 4.7's new tokenizer, ~30% more)", () => {
    const r = countRequest({ ...anthropic, model: 'claude-opus-4-7' });
    expect(r.calibration).toBe(1.3);
    expect(r.inputTokens).toBe(Math.round(r.rawTokens * 1.3));
  });

  test('a bad factor is ERR_INVALID_ARGUMENT', () => {
    for (const bad of [0, -1, 1000, Number.NaN, '2']) {
      expect(() => countRequest(anthropic, { calibration: bad as never })).toThrow(expect.objectContaining({ code: 'ERR_INVALID_ARGUMENT' }));
    }
  });
});

describe('rules are data', () => {
  afterEach(() => resetModelRules());
  const body = { model: 'gpt-4o', messages: [{ role: 'user', content: 'hello' }] };

  test('an override changes the count; reset restores it', () => {
    expect(countRequest(body).inputTokens).toBe(8);
    setModelRules({ models: [{ match: 'gpt-4o', perMessage: 5 }] });
    expect(countRequest(body).inputTokens).toBe(10);
    expect(getModelRules().models!.find((m) => m.match === 'gpt-4o')!.perMessage).toBe(5);
    resetModelRules();
    expect(countRequest(body).inputTokens).toBe(8);
  });

  test('a new model can be added', () => {
    setModelRules({ models: [{ match: 'acme-chat', like: 'gpt-4o', replyPriming: 10 }] });
    const r = countRequest({ ...body, model: 'acme-chat-2' });
    expect(r.rules).toBe('acme-chat');
    expect(r.inputTokens).toBe(15);
  });

  test('a malformed override throws and leaves the rules in force', () => {
    expect(() => setModelRules({ models: [{ match: 'gpt-4o', perMessage: 'three' }] })).toThrow(
      expect.objectContaining({ code: 'ERR_INVALID_ARGUMENT', message: expect.stringContaining('perMessage') }),
    );
    expect(() => setModelRules({ models: [{ match: 'x', like: 'no-such-entry' }] })).toThrow(
      expect.objectContaining({ code: 'ERR_INVALID_ARGUMENT' }),
    );
    expect(countRequest(body).inputTokens).toBe(8);
  });
});

describe('unknown and missing models', () => {
  test('an unknown model counts on the defaults, flagged', () => {
    const r = countRequest({ model: 'acme-9000', messages: [{ role: 'user', content: 'hello' }] });
    expect(r.exact).toBe(false);
    expect(r.estimated).toContain('unknown-model');
    expect(r.encoding).toBe('o200k_base');
  });
  test('no model at all is flagged too', () => {
    const r = countTokens([{ role: 'user', content: 'hello' }]);
    expect(r.estimated).toContain('model-unspecified');
  });
  test('encodings follow getEncodingNameForModel (fine-tunes, provider prefixes)', () => {
    const m = [{ role: 'user', content: 'hello' }];
    expect(countTokens(m, [], { model: 'ft:gpt-3.5-turbo-0613:acme::abc' }).encoding).toBe('cl100k_base');
    expect(countTokens(m, [], { model: 'openai/gpt-4o-mini' }).encoding).toBe('o200k_base');
    expect(countTokens(m, [], { model: 'gpt-4-0613' }).encoding).toBe('cl100k_base');
  });
});

describe('abort', () => {
  test('an aborted countRequestAsync rejects with AbortError', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(countRequestAsync({ messages: [] }, { signal: controller.signal })).rejects.toMatchObject({ name: 'AbortError' });
  });
});
