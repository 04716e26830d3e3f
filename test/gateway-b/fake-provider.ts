// A fake Anthropic + OpenAI API on loopback for the gateway tests: realistic response bodies and
// SSE streams with usage blocks. The reported input is tokenmeter's own count (so no drift) times
// `inputFactor` (to make drift). A stream sends its first events, then waits for `gate()` before
// the rest, so a test can prove the proxy passed the first event on before the last one existed.
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { countRequest } from '../../lib/chat';

export interface FakeRequest {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: any;
}

export interface FakeProvider {
  url: string;
  requests: FakeRequest[];
  /** Multiplies the reported input tokens (1: exactly tokenmeter's count). */
  inputFactor: number;
  outputTokens: number;
  /** Awaited between the first events of a stream and the rest. */
  gate: () => Promise<void>;
  /** Resolves when a stream has written its last event. */
  lastSent: Promise<void>;
  close(): Promise<void>;
}

const sse = (event: string | null, data: unknown) => `${event ? `event: ${event}\n` : ''}data: ${typeof data === 'string' ? data : JSON.stringify(data)}\n\n`;

function anthropicBody(model: string, input: number, output: number) {
  return {
    id: 'msg_01XFDUDYJgAACzvnptvVoYEL',
    type: 'message',
    role: 'assistant',
    model,
    content: [{ type: 'text', text: 'Hello! How can I help you today?' }],
    stop_reason: 'end_turn',
    stop_sequence: null,
    usage: { input_tokens: input, cache_creation_input_tokens: 0, cache_read_input_tokens: 0, output_tokens: output, service_tier: 'standard' },
  };
}

function anthropicStream(model: string, input: number, output: number): [string[], string[]] {
  const start = {
    type: 'message_start',
    message: { id: 'msg_01', type: 'message', role: 'assistant', model, content: [], stop_reason: null, stop_sequence: null, usage: { input_tokens: input, cache_creation_input_tokens: 0, cache_read_input_tokens: 0, output_tokens: 1 } },
  };
  return [
    [
      sse('message_start', start),
      sse('content_block_start', { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } }),
      sse('ping', { type: 'ping' }),
      sse('content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'Hello' } }),
    ],
    [
      sse('content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: '! How can I help?' } }),
      sse('content_block_stop', { type: 'content_block_stop', index: 0 }),
      sse('message_delta', { type: 'message_delta', delta: { stop_reason: 'end_turn', stop_sequence: null }, usage: { output_tokens: output } }),
      sse('message_stop', { type: 'message_stop' }),
    ],
  ];
}

function chatUsage(input: number, output: number) {
  return {
    prompt_tokens: input,
    completion_tokens: output,
    total_tokens: input + output,
    prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
    completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
  };
}

function chatBody(model: string, input: number, output: number) {
  return {
    id: 'chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT',
    object: 'chat.completion',
    created: 1741569952,
    model,
    choices: [{ index: 0, message: { role: 'assistant', content: 'Hello! How can I assist you today?', refusal: null, annotations: [] }, logprobs: null, finish_reason: 'stop' }],
    usage: chatUsage(input, output),
    service_tier: 'default',
    system_fingerprint: 'fp_fc9f1d7035',
  };
}

function chatStream(model: string, input: number, output: number, includeUsage: boolean): [string[], string[]] {
  const chunk = (delta: object, finish: string | null) => ({
    id: 'chatcmpl-1', object: 'chat.completion.chunk', created: 1741569952, model, system_fingerprint: 'fp_fc9f1d7035',
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
    ...(includeUsage ? { usage: null } : {}),
  });
  const last = [sse(null, chunk({ content: ' there' }, null)), sse(null, chunk({}, 'stop'))];
  if (includeUsage) last.push(sse(null, { id: 'chatcmpl-1', object: 'chat.completion.chunk', created: 1741569952, model, system_fingerprint: 'fp_fc9f1d7035', choices: [], usage: chatUsage(input, output) }));
  last.push(sse(null, '[DONE]'));
  return [[sse(null, chunk({ role: 'assistant', content: '', refusal: null }, null)), sse(null, chunk({ content: 'Hello' }, null))], last];
}

function responsesBody(model: string, input: number, output: number) {
  return {
    id: 'resp_67ccd2bed1ec8190b14f964abc0542670bb6a6b452d3795b',
    object: 'response',
    created_at: 1741476542,
    status: 'completed',
    model,
    output: [{ type: 'message', id: 'msg_1', status: 'completed', role: 'assistant', content: [{ type: 'output_text', text: 'Hi!', annotations: [] }] }],
    usage: { input_tokens: input, input_tokens_details: { cached_tokens: 0 }, output_tokens: output, output_tokens_details: { reasoning_tokens: 0 }, total_tokens: input + output },
  };
}

export async function startFakeProvider(): Promise<FakeProvider> {
  let markLast: () => void = () => {};
  const fake: FakeProvider = {
    url: '',
    requests: [],
    inputFactor: 1,
    outputTokens: 12,
    gate: async () => {},
    lastSent: Promise.resolve(),
    close: async () => {},
  };
  const server = http.createServer((req, res) => {
    const parts: Buffer[] = [];
    req.on('data', (c: Buffer) => parts.push(c));
    req.on('end', async () => {
      const raw = Buffer.concat(parts);
      const body = JSON.parse(raw.toString('utf8'));
      const path = (req.url ?? '').split('?')[0];
      fake.requests.push({ path, headers: req.headers, body });
      const api = path === '/v1/messages' ? 'anthropic' : path === '/v1/responses' ? 'responses' : 'chat';
      const input = Math.round(countRequest(raw, { api }).inputTokens * fake.inputFactor);
      const output = fake.outputTokens;
      const served = api === 'anthropic' ? `${body.model}-20250929` : body.model === 'gpt-4o' ? 'gpt-4o-2024-08-06' : body.model;
      if (!body.stream) {
        const answer = api === 'anthropic' ? anthropicBody(served, input, output) : api === 'chat' ? chatBody(served, input, output) : responsesBody(served, input, output);
        res.writeHead(200, { 'content-type': 'application/json', 'request-id': 'req_fake' });
        res.end(JSON.stringify(answer));
        return;
      }
      const [first, rest] = api === 'anthropic' ? anthropicStream(served, input, output) : chatStream(served, input, output, body.stream_options?.include_usage === true);
      fake.lastSent = new Promise((resolve) => (markLast = resolve));
      res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' });
      for (const event of first) res.write(event);
      await fake.gate();
      for (const event of rest) res.write(event);
      res.end();
      markLast();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  fake.close = () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); });
  return fake;
}
