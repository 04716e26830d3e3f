// `tokenmeter serve` as a user runs it: a child process (the compiled CLI; `npm run build:ts`
// first), its printed address, the count endpoints, /health, /metrics and a clean SIGTERM exit.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import * as path from 'node:path';
import { countRequest } from '../../lib/chat';
import { ANTHROPIC_HELLO, parsePrometheus } from './helpers';

const CLI = path.join(__dirname, '..', '..', 'bin', 'tokenmeter.js');

interface Running {
  child: ChildProcess;
  url: string;
  stdout: () => string;
  stderr: () => string;
}

/** Starts `tokenmeter serve ...args` and resolves with the URL it prints once it is listening. */
async function start(args: string[], env: Record<string, string> = {}): Promise<Running> {
  const child = spawn(process.execPath, [CLI, 'serve', ...args], {
    env: { ...process.env, PORT: '', TOKENMETER_API_KEYS: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stderr!.on('data', (chunk) => (stderr += chunk));
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (chunk) => {
      stdout += chunk;
      if (stdout.includes('\n')) resolve(stdout.split('\n')[0]);
    });
    child.once('exit', (code) => reject(new Error(`serve exited (${code}) before listening: ${stderr}`)));
  });
  return { child, url, stdout: () => stdout, stderr: () => stderr };
}

async function stop(running: Running, signal: NodeJS.Signals = 'SIGTERM'): Promise<{ code: number | null; signal: string | null }> {
  if (running.child.exitCode !== null) return { code: running.child.exitCode, signal: null };
  const exited = once(running.child, 'exit');
  running.child.kill(signal);
  const [code, by] = await exited;
  return { code, signal: by };
}

/** A JSON answer, loosely typed: the assertions check its shape. */
const readJson = async (res: Response): Promise<any> => res.json();

const postJson = (url: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) });

describe('tokenmeter serve', () => {
  let server: Running;
  beforeAll(async () => {
    server = await start(['--port', '0']);
  });
  afterAll(async () => {
    if (server) await stop(server);
  });

  it('prints exactly http://127.0.0.1:PORT, with the real port, and nothing else on stdout', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(Number(server.url.split(':')[2])).toBeGreaterThan(0);
    expect(server.stdout()).toBe(`${server.url}\n`);
  });

  it("answers the issue's request with {\"input_tokens\": N}, N > 0", async () => {
    const res = await postJson(`${server.url}/v1/messages/count_tokens`, ANTHROPIC_HELLO, { 'anthropic-version': '2023-06-01' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(res.headers.get('request-id')).toMatch(/^req_/);
    const body = await readJson(res);
    expect(Object.keys(body)).toEqual(['input_tokens']);
    expect(body.input_tokens).toBeGreaterThan(0);
    expect(body.input_tokens).toBe(countRequest(ANTHROPIC_HELLO, { api: 'anthropic' }).inputTokens);
  });

  it('serves the OpenAI endpoints too', async () => {
    const chat = await postJson(`${server.url}/v1/chat/completions/count_tokens`, { model: 'gpt-4o', messages: [{ role: 'user', content: 'hello' }] });
    expect(await readJson(chat)).toEqual({ object: 'response.input_tokens', input_tokens: 8 });
    const responses = await postJson(`${server.url}/v1/responses/input_tokens`, { model: 'gpt-4o', input: 'hello' });
    expect((await readJson(responses)).object).toBe('response.input_tokens');
  });

  it('answers bad bodies with Anthropic-shaped errors and the right status', async () => {
    const cases: Array<[unknown, Record<string, string>, number, string]> = [
      ['{"model": ', {}, 400, 'invalid_request_error'],
      [{ messages: [{ role: 'user', content: 'hi' }] }, {}, 400, 'invalid_request_error'],
      [{ model: 'claude-sonnet-4-5', messages: 'hi' }, {}, 400, 'invalid_request_error'],
      [ANTHROPIC_HELLO, { 'content-type': 'text/plain' }, 415, 'invalid_request_error'],
    ];
    for (const [body, headers, status, type] of cases) {
      const res = await postJson(`${server.url}/v1/messages/count_tokens`, body, headers);
      const json = await readJson(res);
      expect({ status: res.status, type: json.type, errorType: json.error?.type }).toEqual({ status, type: 'error', errorType: type });
      expect(json.request_id).toBe(res.headers.get('request-id'));
    }
    const get = await fetch(`${server.url}/v1/messages/count_tokens`);
    expect(get.status).toBe(405);
    const missing = await fetch(`${server.url}/v1/nothing-here`);
    expect(missing.status).toBe(404);
    expect((await readJson(missing)).error.type).toBe('not_found_error');
  });

  it('GET /health answers ok', async () => {
    const res = await fetch(`${server.url}/health`);
    expect(res.status).toBe(200);
    expect(await readJson(res)).toEqual({ status: 'ok' });
  });

  it('GET /metrics is Prometheus text counting what was served', async () => {
    await postJson(`${server.url}/v1/messages/count_tokens`, ANTHROPIC_HELLO);
    const res = await fetch(`${server.url}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const { samples } = parsePrometheus(await res.text());
    const route = '/v1/messages/count_tokens';
    const find = (name: string, labels: Record<string, string>) =>
      samples.find((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));
    expect(find('tokenmeter_http_requests_total', { route, status: '200' })?.value).toBeGreaterThanOrEqual(2);
    expect(find('tokenmeter_http_requests_total', { route, status: '400' })?.value).toBeGreaterThanOrEqual(3);
    expect(find('tokenmeter_http_requests_total', { route: '/health', status: '200' })?.value).toBeGreaterThanOrEqual(1);
    expect(find('tokenmeter_input_tokens_total', { route })?.value).toBeGreaterThan(0);
    expect(find('tokenmeter_count_duration_seconds_count', { route })?.value).toBeGreaterThanOrEqual(2);
  });

  it('exits with code 0 on SIGTERM, with a keep-alive connection open', async () => {
    const own = await start(['--port', '0']);
    await fetch(`${own.url}/health`); // leaves an idle keep-alive socket in fetch's pool
    expect(await stop(own, 'SIGTERM')).toEqual({ code: 0, signal: null });
  });

  it('exits with code 0 on SIGINT', async () => {
    const own = await start(['--port', '0']);
    expect(await stop(own, 'SIGINT')).toEqual({ code: 0, signal: null });
  });

  it('takes the port from PORT and API keys from --api-key', async () => {
    const own = await start(['--api-key', 'sk-test'], { PORT: '0' });
    try {
      expect(own.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const refused = await postJson(`${own.url}/v1/messages/count_tokens`, ANTHROPIC_HELLO);
      expect(refused.status).toBe(401);
      expect((await readJson(refused)).error.type).toBe('authentication_error');
      const allowed = await postJson(`${own.url}/v1/messages/count_tokens`, ANTHROPIC_HELLO, { 'x-api-key': 'sk-test' });
      expect(allowed.status).toBe(200);
    } finally {
      await stop(own);
    }
  });

  it('refuses a bad port with exit code 2 and the usage text', async () => {
    const child = spawn(process.execPath, [CLI, 'serve', '--port', 'eighty'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', (chunk) => (stderr += chunk));
    const [code] = await once(child, 'exit');
    expect(code).toBe(2);
    expect(stderr).toMatch(/--port must be an integer/);
    expect(stderr).toMatch(/usage: tokenmeter serve/);
  });

  it('reports a port already in use and exits 1', async () => {
    const port = server.url.split(':')[2];
    const child = spawn(process.execPath, [CLI, 'serve', '--port', port], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', (chunk) => (stderr += chunk));
    const [code] = await once(child, 'exit');
    expect(code).toBe(1);
    expect(stderr).toMatch(/EADDRINUSE/);
  });
});
