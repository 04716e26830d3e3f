// usageRecorder and tokenBudget in an Express app (mounted before express.json()): one count per
// request, req.body still usable by the handler, a row per call, and a rejecting ledger that
// neither fails the call nor goes unreported.
import express from 'express';
import { countRequest } from '../../lib/chat';
import { tokenBudget, usageRecorder } from '../../lib/express';
import { createMemoryBudgets, createMemoryLedger } from '../../lib/store';
import type { LedgerStore } from '../../types/store';
import type { MeteredCall } from '../../types/gateway';
import { CLAUDE, GPT, closeServer, eventually, post } from './helpers';

it('records one row per call with estimate, usage and discrepancy, counting the body once', async () => {
  const ledger = createMemoryLedger();
  const calls: MeteredCall[] = [];
  const errors: string[] = [];
  const a = express();
  a.use(usageRecorder({ ledger, onCall: (c) => calls.push(c), onStoreError: (e) => errors.push(`${e.store}:${e.op}`) }));
  a.use(tokenBudget({ budgets: createMemoryBudgets(), limits: [{ scope: 'global', window: 'month', tokens: 1_000_000 }] }));
  a.use(express.json());
  a.post('/v1/chat/completions', (req, res) => {
    res.json({ id: 'c', object: 'chat.completion', model: req.body.model, choices: [], usage: { prompt_tokens: 40, completion_tokens: 5, total_tokens: 45 } });
  });
  const server = a.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  try {
    const answer = await post(base, '/v1/chat/completions', GPT, { authorization: 'Bearer sk-1', 'x-run-id': 'r1' });
    expect(answer.json.model).toBe('gpt-4o');
    await eventually(async () => (await ledger.query()).length === 1, 'the row');
    const [row] = await ledger.query();
    const estimate = countRequest(GPT).inputTokens;
    expect(row).toMatchObject({ runId: 'r1', estimatedInputTokens: estimate, inputTokens: 40, outputTokens: 5, discrepancyTokens: 40 - estimate, status: 200, route: '/v1/chat/completions' });
    expect(calls).toHaveLength(1);
    expect(calls[0].check?.status).toBe(Math.abs(40 - estimate) / 40 > 0.05 ? 'drift' : 'ok');
    expect(errors).toEqual([]);
  } finally {
    await closeServer(server);
  }
});

it('a ledger whose record rejects does not fail the request, and the failure is reported', async () => {
  const ledger = { ...createMemoryLedger(), record: () => Promise.reject(new Error('ledger down')) } as unknown as LedgerStore;
  const errors: string[] = [];
  const a = express();
  a.use(usageRecorder({ ledger, onStoreError: (e) => errors.push(`${e.store}:${e.op}`) }));
  a.post('/v1/messages', (_req, res) => res.json({ type: 'message', model: 'claude-sonnet-4-5', usage: { input_tokens: 20, output_tokens: 3 } }));
  const server = a.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  try {
    expect((await post(base, '/v1/messages', CLAUDE, { 'x-api-key': 'k' })).status).toBe(200);
    await eventually(() => errors.length === 1, 'the store error');
    expect(errors).toEqual(['ledger:record']);
  } finally {
    await closeServer(server);
  }
});
