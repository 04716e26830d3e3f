// Bad requests get a clear TokenmeterError with a stable code (thrown by the sync forms, a rejected
// Promise from the async ones), never a crash, a hang or a silently wrong number.
import { countRequest, countRequestAsync, countTokens, setLimits, TokenmeterError, type TokenmeterErrorCode } from '../../lib';

async function expectCode(body: unknown, code: TokenmeterErrorCode, options: object = {}): Promise<void> {
  let thrown: unknown;
  try {
    countRequest(body as object, options);
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(TokenmeterError);
  expect((thrown as TokenmeterError).code).toBe(code);
  await expect(countRequestAsync(body as object, options)).rejects.toMatchObject({ code });
}

const user = (content: unknown) => ({ model: 'gpt-4o', messages: [{ role: 'user', content }] });
const png1x1 = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z/C/HgAGgwJ/lK3Q6wAAAABJRU5ErkJggg==';

describe('wrong shapes', () => {
  test.each([
    ['null body', null],
    ['number body', 42],
    ['array body', [{ role: 'user', content: 'hi' }]],
    ['neither messages nor input', { model: 'gpt-4o' }],
    ['messages not an array', { model: 'gpt-4o', messages: { role: 'user' } }],
    ['a message that is a string', { model: 'gpt-4o', messages: ['hi'] }],
    ['a message without a role', { model: 'gpt-4o', messages: [{ content: 'hi' }] }],
    ['an unknown role', { model: 'gpt-4o', messages: [{ role: 'wizard', content: 'hi' }] }],
    ['content a number', user(5)],
    ['an unknown content part type', user([{ type: 'hologram', data: 'x' }])],
    ['a text part whose text is a number', user([{ type: 'text', text: 5 }])],
    ['tools not an array', { model: 'gpt-4o', messages: [], tools: { name: 'x' } }],
    ['model not a string', { model: 4, messages: [] }],
    ['an Anthropic role that is not user/assistant', { model: 'claude-sonnet-4-5', messages: [{ role: 'tool', content: 'x' }] }],
    ['an unknown Anthropic block', { model: 'claude-sonnet-4-5', messages: [{ role: 'user', content: [{ type: 'smell' }] }] }],
    ['Responses input a number', { model: 'gpt-4o', input: 3 }],
  ])('%s: ERR_INVALID_REQUEST', async (_name, body) => {
    await expectCode(body, 'ERR_INVALID_REQUEST');
  });

  test('a cyclic object: ERR_INVALID_REQUEST', async () => {
    const body: Record<string, unknown> = { model: 'gpt-4o', messages: [] };
    body.self = body;
    await expectCode(body, 'ERR_INVALID_REQUEST');
  });
});

describe('images', () => {
  const image = (url: string) => user([{ type: 'image_url', image_url: { url } }]);
  test.each([
    ['base64 that is not base64', 'data:image/png;base64,@@@not*base64@@@'],
    ['base64 of bytes that are no image', `data:image/png;base64,${Buffer.from('hello world, no image here').toString('base64')}`],
    ['a PNG cut short', `data:image/png;base64,${png1x1.slice(0, 16)}`],
  ])('%s: ERR_INVALID_IMAGE', async (_name, url) => {
    await expectCode(image(url), 'ERR_INVALID_IMAGE');
  });

  test('a URL image counts on the default size (or the given one), flagged', () => {
    const r = countRequest(image('https://example.com/cat.png'));
    expect(r.estimated).toContain('image-size-unknown');
    expect(r.breakdown.images).toBe(765); // 1024x1024 high on gpt-4o: 85 + 4 x 170
    const sized = countRequest(image('https://example.com/cat.png'), { imageSizes: { 'https://example.com/cat.png': { width: 512, height: 512 } } });
    expect(sized.breakdown.images).toBe(255);
    expect(sized.exact).toBe(true);
  });

  test('a valid inline image is read from its header', () => {
    const r = countRequest(user([{ type: 'image_url', image_url: { url: `data:image/png;base64,${png1x1}`, detail: 'high' } }]));
    expect(r.breakdown.images).toBe(255);
    expect(r.exact).toBe(true);
  });
});

describe('bytes that are not JSON', () => {
  test.each([
    ['truncated', '{"model": "gpt-4o", "messages": ['],
    ['trailing garbage', '{"messages": []} xyz'],
    ['empty', ''],
    ['single quotes', "{'messages': []}"],
  ])('%s: ERR_INVALID_JSON (string and Buffer)', async (_name, json) => {
    await expectCode(json, 'ERR_INVALID_JSON');
    await expectCode(Buffer.from(json), 'ERR_INVALID_JSON');
  });

  test('a Buffer that is not UTF-8: ERR_INVALID_UTF8', async () => {
    const bytes = Buffer.concat([Buffer.from('{"messages":[{"role":"user","content":"'), Buffer.from([0xff, 0xfe]), Buffer.from('"}]}')]);
    await expectCode(bytes, 'ERR_INVALID_UTF8');
  });

  test('JSON nested 100,000 deep: ERR_INVALID_JSON, no stack overflow', async () => {
    const deep = '{"messages":[{"role":"user","content":"x","extra":' + '['.repeat(100000) + ']'.repeat(100000) + '}]}';
    await expectCode(deep, 'ERR_INVALID_JSON');
    await expectCode(Buffer.from(deep), 'ERR_INVALID_JSON');
  });

  test('an object nested 100,000 deep: a clear error, no crash', async () => {
    let inner: unknown = 'x';
    for (let i = 0; i < 100000; i++) inner = [inner];
    const body = { model: 'gpt-4o', messages: [{ role: 'user', content: 'x', extra: inner }] };
    let thrown: unknown;
    try {
      countRequest(body);
    } catch (error) {
      thrown = error;
    }
    expect(['ERR_INVALID_JSON', 'ERR_INVALID_REQUEST']).toContain((thrown as TokenmeterError).code);
  });

  test('lone surrogates (in a string and as JSON escapes) count as U+FFFD, like count()', () => {
    const a = countTokens([{ role: 'user', content: 'a\ud800b' }], [], { model: 'gpt-4o' });
    const b = countRequest('{"model":"gpt-4o","messages":[{"role":"user","content":"a\\ud800b"}]}');
    const c = countTokens([{ role: 'user', content: 'a\ufffdb' }], [], { model: 'gpt-4o' });
    expect(a.inputTokens).toBe(c.inputTokens);
    expect(b.inputTokens).toBe(c.inputTokens);
  });
});

describe('size', () => {
  test('a 50 MB body counts (sync and async), and the byte limit applies', async () => {
    const body = JSON.stringify({ model: 'gpt-4o', messages: [{ role: 'user', content: 'lorem ipsum dolor sit amet '.repeat(2_000_000) }] });
    expect(body.length).toBeGreaterThan(50_000_000);
    const sync = countRequest(Buffer.from(body));
    expect(sync.inputTokens).toBeGreaterThan(10_000_000);
    expect((await countRequestAsync(Buffer.from(body))).inputTokens).toBe(sync.inputTokens);
    const before = setLimits();
    try {
      setLimits({ maxInputBytes: 1_000_000 });
      await expectCode(Buffer.from(body), 'ERR_INPUT_TOO_LARGE');
      await expectCode(body, 'ERR_INPUT_TOO_LARGE');
    } finally {
      setLimits(before);
    }
  });

  test('a request of 1,000,000 messages counts', async () => {
    const messages = Array.from({ length: 1_000_000 }, (_, i) => ({ role: i % 2 ? 'assistant' : 'user', content: `m${i}` }));
    const r = await countRequestAsync({ model: 'gpt-4o', messages });
    expect(r.breakdown.overhead).toBe(3 + 1_000_000 * 4); // per message 3 + 1 for the role; priming 3
  });
});

describe('wrong option types', () => {
  test.each([
    ['api', { api: 'soap' }],
    ['provider', { provider: 'acme' }],
    ['model', { model: 7 }],
    ['imageSizes', { imageSizes: 'big' }],
    ['imageSizes entry', { imageSizes: { u: { width: -1, height: 2 } } }],
    ['defaultImageSize', { defaultImageSize: { width: 1.5, height: 2 } }],
    ['defaultPdfPages', { defaultPdfPages: 0 }],
  ])('options.%s: ERR_INVALID_ARGUMENT', async (_name, options) => {
    await expectCode(user('hi'), 'ERR_INVALID_ARGUMENT', options);
  });
});
