// tokenBudget: allow until the window is used, then 429 with retry-after in the provider's error
// shape; reservations are settled with the reported usage (less than reserved frees budget).
import * as http from 'node:http';
import { countRequest } from '../../lib/chat';
import { createProxy, tokenBudget } from '../../lib/gateway';
import { createMemoryBudgets } from '../../lib/store';
import type { BudgetStore } from '../../types/store';
import { startFakeProvider, type FakeProvider } from './fake-provider';
import { CLAUDE, GPT, closeServer, eventually, listenOn, post } from './helpers';

let fake: FakeProvider;
beforeAll(async () => (fake = await startFakeProvider()));
afterAll(() => fake.close());

/** A plain node:http server running tokenBudget then the proxy, as a gateway would chain them. */
async function gateway(budgets: BudgetStore, limits: Parameters<typeof tokenBudget>[0]['limits'], extra: Partial<Parameters<typeof tokenBudget>[0]> = {}) {
  const budget = tokenBudget({ budgets, limits, ...extra });
  const proxy = createProxy({ upstreams: { anthropic: fake.url, openai: fake.url } });
  const server = http.createServer((req, res) => {
    budget(req, res, (error) => {
      if (error) throw error;
      proxy(req, res, () => res.writeHead(404).end());
    });
  });
  return { server, base: await listenOn(server) };
}

const claudeInput = countRequest(CLAUDE).inputTokens;

it('allows calls until the window is used, then answers 429 with retry-after (Anthropic shape)', async () => {
  const budgets = createMemoryBudgets();
  // Room for two reservations of (input + max_tokens) but not three.
  const perCall = claudeInput + CLAUDE.max_tokens;
  const { server, base } = await gateway(budgets, [{ scope: 'key', window: 'minute', tokens: perCall * 2 + 1 }]);
  try {
    // The provider reports the whole reservation (input + max_tokens), so settling frees nothing.
    fake.outputTokens = CLAUDE.max_tokens;
    const headers = { 'x-api-key': 'sk-ant-test-1', 'anthropic-version': '2023-06-01' };
    expect((await post(base, '/v1/messages', CLAUDE, headers)).status).toBe(200);
    expect((await post(base, '/v1/messages', CLAUDE, headers)).status).toBe(200);
    const refused = await post(base, '/v1/messages', CLAUDE, headers);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(60);
    expect(refused.json).toEqual({ type: 'error', error: { type: 'rate_limit_error', message: expect.stringContaining('minute budget') }, request_id: expect.stringMatching(/^req_/) });
    // The refused call never reached the provider; another key has its own budget.
    expect(fake.requests.filter((r) => r.headers['x-api-key'] === 'sk-ant-test-1')).toHaveLength(2);
    expect((await post(base, '/v1/messages', CLAUDE, { ...headers, 'x-api-key': 'sk-ant-test-2' })).status).toBe(200);
  } finally {
    fake.outputTokens = 12;
    await closeServer(server);
  }
});

it('answers 429 in OpenAI shape on /v1/chat/completions, per user', async () => {
  const budgets = createMemoryBudgets();
  const { server, base } = await gateway(budgets, [{ scope: 'user', window: 'day', tokens: 10 }]);
  try {
    const refused = await post(base, '/v1/chat/completions', GPT, { authorization: 'Bearer sk-test', 'x-user-id': 'alice' });
    expect(refused.status).toBe(429);
    expect(refused.json).toEqual({ error: { message: expect.stringContaining('user:alice'), type: 'tokens', param: null, code: 'rate_limit_exceeded' } });
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(60);
    // No user: the per-user rule does not apply.
    expect((await post(base, '/v1/chat/completions', GPT, { authorization: 'Bearer sk-test' })).status).toBe(200);
  } finally {
    await closeServer(server);
  }
});

it('settles with the reported usage: less than reserved frees budget', async () => {
  const budgets = createMemoryBudgets();
  const { server, base } = await gateway(budgets, [{ scope: 'route', window: 'hour', tokens: 1_000_000, costUsd: 100 }]);
  try {
    const answer = await post(base, '/v1/messages', CLAUDE, { 'x-api-key': 'k' });
    expect(answer.status).toBe(200);
    const reported = answer.json.usage.input_tokens + answer.json.usage.output_tokens;
    expect(reported).toBe(claudeInput + 12);
    await eventually(async () => (await budgets.usage('route:/v1/messages', 'hour')).tokens === reported, 'the settlement');
    const usage = await budgets.usage('route:/v1/messages', 'hour');
    // Sonnet 4.5: $3 / $15 per million tokens.
    expect(usage.costUsd).toBeCloseTo((claudeInput * 3 + 12 * 15) / 1e6, 9);
  } finally {
    await closeServer(server);
  }
});

it('a failing budget store does not fail the call, and is reported', async () => {
  const broken = { ...createMemoryBudgets(), consume: () => Promise.reject(new Error('redis down')) } as unknown as BudgetStore;
  const errors: string[] = [];
  const { server, base } = await gateway(broken, [{ scope: 'global', window: 'day', tokens: 1 }], { onStoreError: (e) => errors.push(`${e.store}:${e.op}`) });
  try {
    expect((await post(base, '/v1/messages', CLAUDE, { 'x-api-key': 'k' })).status).toBe(200);
    expect(errors).toEqual(['budgets:consume']);
  } finally {
    await closeServer(server);
  }
});

it('refuses a body that is not JSON with 400 before forwarding it', async () => {
  const { server, base } = await gateway(createMemoryBudgets(), [{ scope: 'global', window: 'day', tokens: 1000 }]);
  try {
    const before = fake.requests.length;
    const answer = await post(base, '/v1/chat/completions', '{"model": "gpt-4o", "messages": [', { authorization: 'Bearer k' });
    expect(answer.status).toBe(400);
    expect(answer.json.error.type).toBe('invalid_request_error');
    expect(fake.requests.length).toBe(before);
  } finally {
    await closeServer(server);
  }
});
