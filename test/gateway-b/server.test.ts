// The server as a metering proxy in front of the fake provider: both providers, streamed and not;
// SSE passes through unbuffered; usage, cost and every ledger field recorded; /v1/usage; drift in
// /metrics; a failing ledger does not fail calls and is counted.
import type * as http from 'node:http';
import { countRequest } from '../../lib/chat';
import { closeGracefully, createServer } from '../../lib/server';
import { createMemoryLedger } from '../../lib/store';
import type { LedgerStore, UsageRecord } from '../../types/store';
import { startFakeProvider, type FakeProvider } from './fake-provider';
import { CLAUDE, GPT, RESPONSES, closeServer, eventually, get, listenOn, post } from './helpers';

let fake: FakeProvider;
let ledger: LedgerStore;
let server: http.Server;
let base: string;

beforeAll(async () => {
  fake = await startFakeProvider();
  ledger = createMemoryLedger();
  server = createServer({ ledger, upstreams: { anthropic: fake.url, openai: fake.url }, limits: [{ scope: 'key', window: 'day', tokens: 10_000_000 }] });
  base = await listenOn(server);
});
afterAll(async () => {
  await closeServer(server);
  await fake.close();
});

async function rowsFor(runId: string, n = 1): Promise<UsageRecord[]> {
  await eventually(async () => (await ledger.query({ runId })).length >= n, `${n} ledger row(s) for ${runId}`);
  return ledger.query({ runId });
}

it('proxies Anthropic non-streaming and records a row with every field', async () => {
  const answer = await post(base, '/v1/messages', CLAUDE, { 'x-api-key': 'sk-ant-secret', 'anthropic-version': '2023-06-01', 'x-user-id': 'alice', 'x-run-id': 'run-a' });
  expect(answer.status).toBe(200);
  expect(answer.json.type).toBe('message');
  const sent = fake.requests.at(-1)!;
  expect(sent.headers['x-api-key']).toBe('sk-ant-secret'); // auth forwarded as given
  expect(sent.headers['anthropic-version']).toBe('2023-06-01');
  expect(sent.body).toEqual(CLAUDE);
  const [row] = await rowsFor('run-a');
  const input = countRequest(CLAUDE).inputTokens;
  expect(row).toEqual({
    id: expect.stringMatching(/^req_/),
    time: expect.any(Number),
    key: expect.stringMatching(/^key_[0-9a-f]{12}$/),
    user: 'alice',
    runId: 'run-a',
    route: '/v1/messages',
    provider: 'anthropic',
    model: 'claude-sonnet-4-5-20250929',
    estimatedInputTokens: input,
    inputTokens: input,
    outputTokens: 12,
    cacheReadTokens: 0,
    cacheWriteTokens: 0,
    reasoningTokens: null,
    costUsd: expect.closeTo((input * 3 + 12 * 15) / 1e6, 9),
    durationMs: expect.any(Number),
    status: 200,
    discrepancyTokens: 0,
    exact: expect.any(Boolean),
  });
  expect(JSON.stringify(row)).not.toContain('sk-ant-secret');
});

it('streams Anthropic SSE through unbuffered and records usage from the final events', async () => {
  let release!: () => void;
  const released = new Promise<void>((r) => (release = r));
  let lastSentBeforeFirstSeen = true;
  fake.gate = () => released;
  try {
    const answer = await post(base, '/v1/messages', { ...CLAUDE, stream: true }, { 'x-api-key': 'k', 'x-run-id': 'run-stream' }, (first) => {
      // The provider is still waiting at its gate: its last event does not exist yet.
      lastSentBeforeFirstSeen = false;
      expect(first).toContain('event: message_start');
      release();
    });
    expect(lastSentBeforeFirstSeen).toBe(false);
    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toContain('text/event-stream');
    expect(answer.text).toContain('event: message_stop');
  } finally {
    fake.gate = async () => {};
  }
  const [row] = await rowsFor('run-stream');
  expect(row.inputTokens).toBe(countRequest(CLAUDE).inputTokens);
  expect(row.outputTokens).toBe(12);
  expect(row.costUsd).toBeGreaterThan(0);
});

it('streams OpenAI chunks with include_usage and records the final usage chunk', async () => {
  let release!: () => void;
  const released = new Promise<void>((r) => (release = r));
  fake.gate = () => released;
  let firstSeen = false;
  try {
    const body = { ...GPT, stream: true, stream_options: { include_usage: true } };
    const answer = await post(base, '/v1/chat/completions', body, { authorization: 'Bearer sk-openai', 'x-run-id': 'run-chat-stream' }, (first) => {
      firstSeen = true;
      expect(first).toContain('chat.completion.chunk');
      release();
    });
    expect(firstSeen).toBe(true);
    expect(answer.text.trim().endsWith('data: [DONE]')).toBe(true);
  } finally {
    fake.gate = async () => {};
  }
  expect(fake.requests.at(-1)!.headers.authorization).toBe('Bearer sk-openai');
  const [row] = await rowsFor('run-chat-stream');
  expect(row).toMatchObject({ provider: 'openai', model: 'gpt-4o-2024-08-06', inputTokens: countRequest(GPT).inputTokens, outputTokens: 12, reasoningTokens: 0, discrepancyTokens: 0, status: 200 });
  expect(row.costUsd).toBeCloseTo((row.inputTokens! * 2.5 + 12 * 10) / 1e6, 9);
});

it('proxies OpenAI non-streaming chat and responses; a stream without usage records unknown usage', async () => {
  const chat = await post(base, '/v1/chat/completions', GPT, { authorization: 'Bearer k', 'x-run-id': 'run-openai' });
  expect(chat.json.object).toBe('chat.completion');
  const responses = await post(base, '/v1/responses', RESPONSES, { authorization: 'Bearer k', 'x-run-id': 'run-openai' });
  expect(responses.json.object).toBe('response');
  await post(base, '/v1/chat/completions', { ...GPT, stream: true }, { authorization: 'Bearer k', 'x-run-id': 'run-openai' });
  const rows = await rowsFor('run-openai', 3);
  const byRoute = (route: string, stream: boolean) => rows.find((r) => r.route === route && (r.inputTokens === null) === stream)!;
  expect(byRoute('/v1/chat/completions', false).inputTokens).toBe(countRequest(GPT).inputTokens);
  expect(byRoute('/v1/responses', false).inputTokens).toBe(countRequest(RESPONSES).inputTokens);
  // No stream_options.include_usage: the provider reported nothing; unknown is null, not 0.
  expect(byRoute('/v1/chat/completions', true)).toMatchObject({ inputTokens: null, outputTokens: null, costUsd: null, estimatedInputTokens: countRequest(GPT).inputTokens });
});

it('GET /v1/usage gives totals by user and day, and rows', async () => {
  for (const user of ['bob', 'bob', 'carol']) await post(base, '/v1/messages', CLAUDE, { 'x-api-key': 'k', 'x-user-id': user, 'x-run-id': 'run-usage' });
  await rowsFor('run-usage', 3);
  const answer = await get(base, '/v1/usage?runId=run-usage&groupBy=user,day&limit=2');
  expect(answer.status).toBe(200);
  const today = new Date().toISOString().slice(0, 10);
  const input = countRequest(CLAUDE).inputTokens;
  expect(answer.json.totals).toEqual([
    expect.objectContaining({ group: { user: 'bob', day: today }, calls: 2, inputTokens: 2 * input, outputTokens: 24, unpricedCalls: 0 }),
    expect.objectContaining({ group: { user: 'carol', day: today }, calls: 1, inputTokens: input }),
  ]);
  expect(answer.json.rows).toHaveLength(2);
  expect((await get(base, '/v1/usage?bogus=1')).status).toBe(400);
});

it('counts drift in /metrics when the provider reports a different input than the estimate', async () => {
  fake.inputFactor = 1.5;
  try {
    await post(base, '/v1/messages', CLAUDE, { 'x-api-key': 'k', 'x-run-id': 'run-drift' });
  } finally {
    fake.inputFactor = 1;
  }
  const [row] = await rowsFor('run-drift');
  expect(row.discrepancyTokens).toBe(row.inputTokens! - row.estimatedInputTokens!);
  expect(row.discrepancyTokens).toBeGreaterThan(0);
  const metrics = await get(base, '/metrics');
  expect(metrics.text).toMatch(/^tokenmeter_checks_total\{route="\/v1\/messages",status="drift"\} 1$/m);
  expect(metrics.text).toMatch(/^tokenmeter_checks_total\{route="\/v1\/messages",status="ok"\} \d+$/m);
  expect(metrics.text).toMatch(/^tokenmeter_usage_tokens_total\{route="\/v1\/messages",kind="input"\} \d+$/m);
});

it('a ledger whose record rejects does not fail the call, and the failure is counted', async () => {
  // A backend whose writes reject (the server wraps it fail-open, which writes through recordMany).
  const down = () => Promise.reject(new Error('disk full'));
  const failing = { ...createMemoryLedger(), kind: 'broken', record: down, recordMany: down, ping: down } as unknown as LedgerStore;
  const broken = createServer({ ledger: failing, upstreams: { anthropic: fake.url } });
  const url = await listenOn(broken);
  const warn = jest.spyOn(console, 'warn').mockImplementation(() => {});
  try {
    expect((await post(url, '/v1/messages', CLAUDE, { 'x-api-key': 'k' })).status).toBe(200);
    await eventually(async () => /tokenmeter_store_errors_total\{op="record"\} [1-9]/.test((await get(url, '/metrics')).text), 'the store error metric');
  } finally {
    await closeGracefully(broken); // awaits the stores' close, whose "records lost" warning is muted here
    warn.mockRestore();
  }
});

it('routes without an upstream stay 404, and the API key list applies to proxied calls', async () => {
  const keyed = createServer({ apiKeys: ['sk-ant-allowed'], ledger: createMemoryLedger(), upstreams: { anthropic: fake.url } });
  const url = await listenOn(keyed);
  try {
    expect((await post(url, '/v1/chat/completions', GPT, { authorization: 'Bearer x' })).status).toBe(404);
    expect((await post(url, '/v1/messages', CLAUDE, { 'x-api-key': 'sk-ant-other' })).status).toBe(401);
    expect((await post(url, '/v1/messages', CLAUDE, { 'x-api-key': 'sk-ant-allowed' })).status).toBe(200);
    expect((await get(url, '/v1/usage')).status).toBe(401);
    expect((await get(url, '/v1/usage', { 'x-api-key': 'sk-ant-allowed' })).status).toBe(200);
  } finally {
    await closeServer(keyed);
  }
});
