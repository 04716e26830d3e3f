// createServer / createRequestListener in process: the routes around the count endpoints.
import type { Server } from 'node:http';
import request from 'supertest';
import { createServer } from '../../lib/express';
import { ANTHROPIC_HELLO } from './helpers';

describe('createServer', () => {
  let server: Server;
  beforeAll(async () => {
    server = createServer({ apiKeys: ['k'] });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });
  afterAll(async () => {
    const closed = new Promise((resolve) => server.close(resolve));
    server.closeAllConnections();
    await closed;
  });

  it('serves the count endpoints with the options given (here: API keys)', async () => {
    const send = () => request(server).post('/v1/messages/count_tokens').set('content-type', 'application/json').send(JSON.stringify(ANTHROPIC_HELLO));
    expect((await send()).status).toBe(401);
    const ok = await send().set('x-api-key', 'k');
    expect(ok.status).toBe(200);
    expect(Object.keys(JSON.parse(ok.text))).toEqual(['input_tokens']);
  });

  it('/health and /metrics need no key, answer GET and HEAD, and refuse other methods with 405', async () => {
    const health = await request(server).get('/health');
    expect(health.status).toBe(200);
    expect(health.headers['request-id']).toMatch(/^req_/);
    expect((await request(server).head('/metrics')).status).toBe(200);
    const post = await request(server).post('/health').send('x');
    expect(post.status).toBe(405);
    expect(post.headers.allow).toBe('GET, HEAD');
  });

  it('404 for unknown paths: OpenAI-shaped under OpenAI prefixes, Anthropic-shaped elsewhere', async () => {
    const openai = await request(server).post('/v1/chat/completions').send('{}');
    expect(openai.status).toBe(404);
    expect(JSON.parse(openai.text).error).toMatchObject({ type: 'invalid_request_error', param: null, code: null });
    const other = await request(server).get('/v2/anything');
    expect(other.status).toBe(404);
    expect(JSON.parse(other.text)).toMatchObject({ type: 'error', error: { type: 'not_found_error' } });
  });

  it('unknown paths share one metrics label, so probes cannot grow the label set', async () => {
    await request(server).get('/a');
    await request(server).get('/b');
    const text = (await request(server).get('/metrics')).text;
    expect(text).toMatch(/tokenmeter_http_requests_total\{route="other",status="404"\} \d+/);
    expect(text).not.toMatch(/route="\/a"/);
  });
});
