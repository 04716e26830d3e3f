// Shared by the gateway-b suites: starting a server on loopback, JSON and streaming clients.
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

export async function listenOn(server: http.Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

export function closeServer(server: http.Server): Promise<void> {
  return new Promise((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });
}

export interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  json: any;
}

/**
 * POSTs `body` and reads the answer. `onFirstData` runs when the first bytes arrive (the streaming
 * handshake hooks in there).
 */
export function post(base: string, path: string, body: unknown, headers: Record<string, string> = {}, onFirstData?: (text: string) => void): Promise<Answer> {
  const payload = Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
  return new Promise((resolve, reject) => {
    const req = http.request(`${base}${path}`, { method: 'POST', agent: false, headers: { 'content-type': 'application/json', 'content-length': String(payload.length), ...headers } }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (chunk: Buffer) => {
        if (parts.length === 0) onFirstData?.(chunk.toString('utf8'));
        parts.push(chunk);
      });
      res.on('end', () => {
        const text = Buffer.concat(parts).toString('utf8');
        let json: unknown = null;
        try {
          json = JSON.parse(text);
        } catch {
          // an event stream
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(payload);
  });
}

export async function get(base: string, path: string, headers: Record<string, string> = {}): Promise<Answer> {
  const res = await fetch(`${base}${path}`, { headers });
  const text = await res.text();
  let json: unknown = null;
  try {
    json = JSON.parse(text);
  } catch {
    // metrics text
  }
  return { status: res.status, headers: Object.fromEntries(res.headers) as http.IncomingHttpHeaders, text, json };
}

/** Resolves when `check()` is true, polling the event loop (ledger writes land after the answer ends). */
export async function eventually(check: () => boolean | Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`timed out waiting for ${what}`);
}

export const CLAUDE = { model: 'claude-sonnet-4-5', max_tokens: 100, messages: [{ role: 'user', content: 'Hello, Claude. Tell me about the weather in Paris.' }] };
export const GPT = { model: 'gpt-4o', max_tokens: 100, messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'Hello there, what is new?' }] };
export const RESPONSES = { model: 'gpt-4o', max_output_tokens: 100, instructions: 'Answer in French.', input: 'Hello there' };
