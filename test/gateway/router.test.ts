// countTokensRouter in an Express app, through supertest: answers equal countRequest, the exact
// success bodies, every error status with the provider's error shape, auth, limits, and a large
// body counted while small requests are answered. Runs on Express 5 (the dev dependency); set
// TOKENMETER_TEST_EXPRESS4=/path/to/node_modules/express to run the same suite on Express 4 too.
import * as http from 'node:http';
import request from 'supertest';
import { countRequest } from '../../lib/chat';
import { countTokensRouter } from '../../lib/express';
import type { CountInfo, CountTokensOptions } from '../../types/express';
import { ANTHROPIC_HELLO, BODIES, rawRequest } from './helpers';

type ExpressFactory = (() => ExpressApp) & { json: () => unknown; raw: (o?: object) => unknown };
interface ExpressApp extends http.RequestListener {
  use(...handlers: unknown[]): ExpressApp;
}

const VERSIONS: Array<[string, ExpressFactory]> = [['Express 5', require('express') as ExpressFactory]];
if (process.env.TOKENMETER_TEST_EXPRESS4) {
  VERSIONS.push(['Express 4', require(process.env.TOKENMETER_TEST_EXPRESS4) as ExpressFactory]);
}

const ANTHROPIC = '/v1/messages/count_tokens';
const CHAT = '/v1/chat/completions/count_tokens';
const RESPONSES = '/v1/responses/input_tokens';
const PATHS = { anthropic: ANTHROPIC, chat: CHAT, responses: RESPONSES } as const;
const REQUEST_ID = /^req_[0-9a-f]{24}$/;

/** An Anthropic error answer, checked key by key. */
function expectAnthropicError(res: request.Response, status: number, type: string): void {
  expect(res.status).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/json/);
  expect(res.headers['request-id']).toMatch(REQUEST_ID);
  const body = JSON.parse(res.text);
  expect(Object.keys(body).sort()).toEqual(['error', 'request_id', 'type']);
  expect(body.type).toBe('error');
  expect(Object.keys(body.error).sort()).toEqual(['message', 'type']);
  expect(body.error.type).toBe(type);
  expect(typeof body.error.message).toBe('string');
  expect(body.error.message.length).toBeGreaterThan(0);
  expect(body.request_id).toBe(res.headers['request-id']);
}

/** An OpenAI error answer, checked key by key. */
function expectOpenAIError(res: request.Response, status: number, code: string | null = null): void {
  expect(res.status).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/json/);
  expect(res.headers['request-id']).toMatch(REQUEST_ID);
  const body = JSON.parse(res.text);
  expect(Object.keys(body)).toEqual(['error']);
  expect(Object.keys(body.error).sort()).toEqual(['code', 'message', 'param', 'type']);
  expect(body.error).toMatchObject({ type: 'invalid_request_error', param: null, code });
  expect(body.error.message.length).toBeGreaterThan(0);
}

describe.each(VERSIONS)('countTokensRouter on %s', (_label, express) => {
  const servers: http.Server[] = [];
  afterAll(async () => {
    await Promise.all(
      servers.map((s) => {
        const closed = new Promise((resolve) => s.close(resolve));
        s.closeAllConnections(); // keep-alive sockets of the raw client, and one left mid-body on purpose
        return closed;
      }),
    );
  });

  /**
   * A server for an app with the router mounted, once it is listening: supertest given a server
   * that is not listening yet starts it itself and closes it after the request.
   */
  async function serve(options?: CountTokensOptions, mount?: (app: ExpressApp) => void): Promise<http.Server> {
    const app = express();
    if (mount) mount(app);
    else app.use(countTokensRouter(options));
    const server = http.createServer(app);
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return server;
  }

  let open: http.Server;
  beforeAll(async () => {
    open = await serve();
  });
  const post = (server: http.Server, path: string, body: unknown) =>
    request(server).post(path).set('content-type', 'application/json').send(typeof body === 'string' ? body : JSON.stringify(body));

  describe('successful counts', () => {
    const cases = (Object.keys(BODIES) as Array<keyof typeof BODIES>).flatMap((api) => BODIES[api].map((body) => [api, body] as const));

    it.each(cases)('%s: the same count as countRequest(body, { api })', async (api, body) => {
      const res = await post(open, PATHS[api], body);
      expect(res.status).toBe(200);
      expect(JSON.parse(res.text).input_tokens).toBe(countRequest(body, { api }).inputTokens);
    });

    it('Anthropic answers exactly {"input_tokens": N}, as application/json with a request-id', async () => {
      const res = await post(open, ANTHROPIC, ANTHROPIC_HELLO);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(res.headers['request-id']).toMatch(REQUEST_ID);
      const body = JSON.parse(res.text);
      expect(Object.keys(body)).toEqual(['input_tokens']);
      expect(Number.isInteger(body.input_tokens) && body.input_tokens > 0).toBe(true);
    });

    it.each([CHAT, RESPONSES])('%s answers exactly {"object":"response.input_tokens","input_tokens":N}', async (path) => {
      const res = await post(open, path, path === CHAT ? BODIES.chat[0] : BODIES.responses[0]);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(res.headers['x-request-id']).toBe(res.headers['request-id']);
      const body = JSON.parse(res.text);
      expect(Object.keys(body).sort()).toEqual(['input_tokens', 'object']);
      expect(body.object).toBe('response.input_tokens');
      expect(Number.isInteger(body.input_tokens) && body.input_tokens > 0).toBe(true);
    });

    it('accepts both anthropic-version values, a charset parameter and a trailing slash or query', async () => {
      for (const version of ['2023-06-01', '2026-10-21']) {
        const res = await request(open)
          .post(`${ANTHROPIC}/?beta=true`)
          .set('content-type', 'application/json; charset=utf-8')
          .set('anthropic-version', version)
          .send(JSON.stringify(ANTHROPIC_HELLO));
        expect(res.status).toBe(200);
      }
    });

    it('works mounted under a prefix, and leaves other paths to the app', async () => {
      const server = await serve(undefined, (app) => {
        app.use('/api', countTokensRouter());
        app.use((_req: http.IncomingMessage, res: http.ServerResponse) => {
          res.statusCode = 418;
          res.end('app');
        });
      });
      expect((await post(server, `/api${ANTHROPIC}`, ANTHROPIC_HELLO)).status).toBe(200);
      expect((await post(server, ANTHROPIC, ANTHROPIC_HELLO)).status).toBe(418);
      expect((await post(server, '/api/v1/messages', ANTHROPIC_HELLO)).status).toBe(418);
    });

    it('still counts when express.json() or express.raw() already read the body', async () => {
      const expected = countRequest(ANTHROPIC_HELLO, { api: 'anthropic' }).inputTokens;
      for (const parser of [express.json(), express.raw({ type: 'application/json' })]) {
        const server = await serve(undefined, (app) => app.use(parser, countTokensRouter()));
        const res = await post(server, ANTHROPIC, ANTHROPIC_HELLO);
        expect(res.status).toBe(200);
        expect(JSON.parse(res.text).input_tokens).toBe(expected);
      }
    });
  });

  describe('bad bodies: 400 in the endpoint provider\'s shape, never 500', () => {
    const BAD: Array<[string, string | Buffer]> = [
      ['invalid JSON', '{"model": "claude-sonnet-4-5", "messages": ['],
      ['an empty body', ''],
      ['a JSON array', '[1, 2]'],
      ['a JSON string', '"hello"'],
      ['messages missing', '{"model":"claude-sonnet-4-5"}'],
      ['messages not an array', '{"model":"claude-sonnet-4-5","messages":"Hello"}'],
      ['model not a string', '{"model":42,"messages":[{"role":"user","content":"hi"}]}'],
      ['invalid UTF-8', Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d])],
      ['JSON nested too deep', '['.repeat(100000)],
    ];

    it.each(BAD)('Anthropic: %s', async (_what, body) => {
      const res = await rawRequest(open, 'POST', ANTHROPIC, { 'content-type': 'application/json' }, [body]);
      expectAnthropicError({ status: res.status, headers: res.headers, text: res.text } as request.Response, 400, 'invalid_request_error');
    });

    it.each(BAD)('Chat Completions: %s', async (_what, body) => {
      const res = await rawRequest(open, 'POST', CHAT, { 'content-type': 'application/json' }, [body]);
      expectOpenAIError({ status: res.status, headers: res.headers, text: res.text } as request.Response, 400);
    });

    it('model missing: 400 on Anthropic and Chat Completions; Responses does not require one', async () => {
      const noModel = { messages: [{ role: 'user', content: 'Hello' }] };
      const anthropic = await post(open, ANTHROPIC, noModel);
      expectAnthropicError(anthropic, 400, 'invalid_request_error');
      expect(JSON.parse(anthropic.text).error.message).toMatch(/model/);
      expectOpenAIError(await post(open, CHAT, { ...noModel, model: '' }), 400);
      expect((await post(open, RESPONSES, { input: 'Hello' })).status).toBe(200);
    });

    it('bodies the counter rejects in depth (unknown role, bad image data) are 400 too', async () => {
      const badRole = { model: 'gpt-4o', messages: [{ role: 'wizard', content: 'hi' }] };
      expectOpenAIError(await post(open, CHAT, badRole), 400);
      const badImage = {
        model: 'claude-sonnet-4-5',
        messages: [{ role: 'user', content: [{ type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'AAAA' } }] }],
      };
      expectAnthropicError(await post(open, ANTHROPIC, badImage), 400, 'invalid_request_error');
    });
  });

  describe('content type, size and method', () => {
    it.each(['text/plain', 'application/x-www-form-urlencoded', 'application/json; charset=latin1'])('415 for %s', async (type) => {
      const body = JSON.stringify(ANTHROPIC_HELLO);
      expectAnthropicError(await request(open).post(ANTHROPIC).set('content-type', type).send(body), 415, 'invalid_request_error');
      expectOpenAIError(await request(open).post(CHAT).set('content-type', type).send(body), 415);
    });

    it('415 with no content-type at all, and for a compressed body', async () => {
      const body = JSON.stringify(ANTHROPIC_HELLO);
      const none = await rawRequest(open, 'POST', ANTHROPIC, { 'content-length': String(body.length) }, [body]);
      expect(none.status).toBe(415);
      const gzip = await rawRequest(open, 'POST', ANTHROPIC, { 'content-type': 'application/json', 'content-encoding': 'gzip' }, [body]);
      expect(gzip.status).toBe(415);
      expect(JSON.parse(gzip.text).error.type).toBe('invalid_request_error');
    });

    it('413 request_too_large past maxBodyBytes, declared or streamed; a body at the limit is counted', async () => {
      const body = JSON.stringify({ model: 'claude-sonnet-4-5', messages: [{ role: 'user', content: 'x'.repeat(500) }] });
      const small = await serve({ maxBodyBytes: body.length - 1 });
      expectAnthropicError(await post(small, ANTHROPIC, body), 413, 'request_too_large');
      expectOpenAIError(await post(small, CHAT, body), 413);
      // Chunked: no content-length to refuse early, so the limit applies while reading.
      const chunks = [body.slice(0, 200), body.slice(200)];
      const streamed = await rawRequest(small, 'POST', ANTHROPIC, { 'content-type': 'application/json' }, chunks);
      expect(streamed.status).toBe(413);
      expect(JSON.parse(streamed.text).error.type).toBe('request_too_large');
      // The connection survives the refusal: the next request on the same server is answered.
      const exact = await serve({ maxBodyBytes: body.length });
      expect((await post(exact, ANTHROPIC, body)).status).toBe(200);
      expect((await rawRequest(exact, 'POST', ANTHROPIC, { 'content-type': 'application/json' }, chunks)).status).toBe(200);
    });

    it('the default limit is 32 MiB', async () => {
      const declared = await rawRequest(open, 'POST', ANTHROPIC, { 'content-type': 'application/json', 'content-length': String(32 * 1024 * 1024 + 1) });
      // The client sent no body at all; the declared length alone is refused, before reading.
      expect(declared.status).toBe(413);
    });

    it.each(['GET', 'PUT', 'DELETE', 'PATCH'])('405 for %s on a count endpoint, with Allow: POST', async (method) => {
      const res = await rawRequest(open, method, ANTHROPIC, {});
      expectAnthropicError({ status: res.status, headers: res.headers, text: res.text } as request.Response, 405, 'invalid_request_error');
      expect(res.headers.allow).toBe('POST');
      const openai = await rawRequest(open, method, RESPONSES, {});
      expect(openai.status).toBe(405);
      expect(JSON.parse(openai.text).error.type).toBe('invalid_request_error');
    });
  });

  describe('API keys', () => {
    let listed: http.Server;
    let checked: http.Server;
    beforeAll(async () => {
      listed = await serve({ apiKeys: ['sk-one', 'sk-two'] });
      checked = await serve({ apiKeys: async (key) => key.startsWith('good-') });
    });

    it('Anthropic: 401 authentication_error without x-api-key or with a wrong one; 200 with a listed one', async () => {
      expectAnthropicError(await post(listed, ANTHROPIC, ANTHROPIC_HELLO), 401, 'authentication_error');
      const wrong = await post(listed, ANTHROPIC, ANTHROPIC_HELLO).set('x-api-key', 'sk-three');
      expectAnthropicError(wrong, 401, 'authentication_error');
      expect((await post(listed, ANTHROPIC, ANTHROPIC_HELLO).set('x-api-key', 'sk-two')).status).toBe(200);
      // Anthropic's SDK sends a bearer token when configured with one instead of a key.
      expect((await post(listed, ANTHROPIC, ANTHROPIC_HELLO).set('authorization', 'Bearer sk-one')).status).toBe(200);
    });

    it('OpenAI: 401 without a bearer token (code null) or with a wrong one (invalid_api_key); 200 with a good one', async () => {
      expectOpenAIError(await post(listed, CHAT, BODIES.chat[0]), 401, null);
      expectOpenAIError(await post(listed, CHAT, BODIES.chat[0]).set('x-api-key', 'sk-one'), 401, null);
      expectOpenAIError(await post(listed, RESPONSES, BODIES.responses[0]).set('authorization', 'Bearer sk-nope'), 401, 'invalid_api_key');
      expect((await post(listed, RESPONSES, BODIES.responses[0]).set('authorization', 'Bearer sk-one')).status).toBe(200);
    });

    it('a predicate (here async) decides instead of a list', async () => {
      expect((await post(checked, ANTHROPIC, ANTHROPIC_HELLO).set('x-api-key', 'good-1')).status).toBe(200);
      expect((await post(checked, ANTHROPIC, ANTHROPIC_HELLO).set('x-api-key', 'bad-1')).status).toBe(401);
    });

    it('the key is checked before the body: a wrong key with a bad body is 401, not 400', async () => {
      expectAnthropicError(await post(listed, ANTHROPIC, '{not json').set('x-api-key', 'sk-x'), 401, 'authentication_error');
    });

    it('an empty list refuses every key', async () => {
      const none = await serve({ apiKeys: [] });
      expect((await post(none, ANTHROPIC, ANTHROPIC_HELLO).set('x-api-key', 'anything')).status).toBe(401);
    });
  });

  describe('onCount', () => {
    it('receives each successful count with its request id and the presented key', async () => {
      const seen: CountInfo[] = [];
      const server = await serve({ apiKeys: ['k'], onCount: (info) => void seen.push(info) });
      const res = await post(server, ANTHROPIC, ANTHROPIC_HELLO).set('x-api-key', 'k');
      await post(server, ANTHROPIC, '{bad').set('x-api-key', 'k');
      expect(seen).toHaveLength(1);
      expect(seen[0]).toMatchObject({ endpoint: 'anthropic', requestId: res.headers['request-id'], apiKey: 'k' });
      expect(seen[0].result.inputTokens).toBe(JSON.parse(res.text).input_tokens);
      expect(seen[0].result.model).toBe('claude-sonnet-4-5');
      expect(seen[0].durationMs).toBeGreaterThanOrEqual(0);
    });

    it('a hook that throws or rejects does not change the answer (it becomes a warning)', async () => {
      const warn = jest.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
      try {
        for (const onCount of [() => { throw new Error('sync boom'); }, () => Promise.reject(new Error('async boom'))]) {
          const server = await serve({ onCount });
          const res = await post(server, ANTHROPIC, ANTHROPIC_HELLO);
          expect(res.status).toBe(200);
        }
        await new Promise((resolve) => setImmediate(resolve));
        const messages = warn.mock.calls.map((call) => String(call[0]));
        expect(messages.some((m) => m.includes('sync boom'))).toBe(true);
        expect(messages.some((m) => m.includes('async boom'))).toBe(true);
      } finally {
        warn.mockRestore();
      }
    });
  });

  describe('a 5 MB body among small requests', () => {
    it('all are answered correctly, concurrently', async () => {
      const big = { model: 'claude-sonnet-4-5', messages: [{ role: 'user', content: 'lorem ipsum dolor sit amet '.repeat(200_000) }] };
      const bigText = JSON.stringify(big);
      expect(bigText.length).toBeGreaterThan(5_000_000);
      const bigExpected = countRequest(bigText, { api: 'anthropic' }).inputTokens;
      const smallExpected = countRequest(ANTHROPIC_HELLO, { api: 'anthropic' }).inputTokens;

      const finished: string[] = [];
      const bigDone = post(open, ANTHROPIC, bigText).then((res) => {
        finished.push('big');
        return res;
      });
      const smallDone = Array.from({ length: 20 }, (_, i) =>
        post(open, ANTHROPIC, ANTHROPIC_HELLO).then((res) => {
          finished.push(`small-${i}`);
          return res;
        }),
      );
      const [bigRes, ...smallRes] = await Promise.all([bigDone, ...smallDone]);
      expect(bigRes.status).toBe(200);
      expect(JSON.parse(bigRes.text)).toEqual({ input_tokens: bigExpected });
      for (const res of smallRes) expect(JSON.parse(res.text)).toEqual({ input_tokens: smallExpected });
      expect(finished).toHaveLength(21);
    });
  });
});
