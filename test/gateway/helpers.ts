// Shared by the gateway suites: request bodies, a raw HTTP client for what supertest cannot send
// (no content-type, chunked bodies, invalid UTF-8), and a strict Prometheus text-format reader.
import * as http from 'node:http';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';

export const ANTHROPIC_HELLO = { model: 'claude-sonnet-4-5', messages: [{ role: 'user', content: 'Hello, world' }] };

const WEATHER_TOOL_ANTHROPIC = {
  name: 'get_weather',
  description: 'Get the current weather in a given location',
  input_schema: { type: 'object', properties: { location: { type: 'string', description: 'The city' } }, required: ['location'] },
};
const WEATHER_TOOL_OPENAI = {
  type: 'function',
  function: { name: 'get_weather', description: 'Get the weather', parameters: WEATHER_TOOL_ANTHROPIC.input_schema },
};

/** Bodies per endpoint, each valid for it. */
export const BODIES = {
  anthropic: [
    ANTHROPIC_HELLO,
    { model: 'claude-sonnet-4-5', system: 'You are a scientist', messages: [{ role: 'user', content: 'Hello, Claude' }] },
    {
      model: 'claude-opus-4-1',
      tools: [WEATHER_TOOL_ANTHROPIC],
      tool_choice: { type: 'auto' },
      thinking: { type: 'enabled', budget_tokens: 2048 },
      messages: [{ role: 'user', content: [{ type: 'text', text: "What's the weather like in San Francisco?" }] }],
    },
  ],
  chat: [
    { model: 'gpt-4o', messages: [{ role: 'user', content: 'hello' }] },
    {
      model: 'gpt-4o-mini',
      messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'Weather in Paris?' }],
      tools: [WEATHER_TOOL_OPENAI],
    },
  ],
  responses: [
    { model: 'gpt-4o', input: 'Tell me a joke.' },
    { model: 'gpt-4.1', instructions: 'Answer in French.', input: [{ role: 'user', content: 'Hello there' }] },
    { input: 'no model: the input_tokens endpoint does not require one' },
  ],
} as const;

export interface RawAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
}

/** A request with exactly these headers; `chunks` are written one by one (chunked unless a length is set). */
export async function rawRequest(
  server: http.Server,
  method: string,
  path: string,
  headers: Record<string, string>,
  chunks: Array<Buffer | string> = [],
): Promise<RawAnswer> {
  if (!server.listening) await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return new Promise((resolve, reject) => {
    // A connection of its own (agent: false): a request that lies about its length must not poison
    // a pooled keep-alive socket for the next test.
    const req = http.request({ host: '127.0.0.1', port, method, path, headers, agent: false }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (c: Buffer) => parts.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(parts).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    for (const chunk of chunks) req.write(chunk);
    req.end();
  });
}

export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

const NAME = '[a-zA-Z_:][a-zA-Z0-9_:]*';
const SAMPLE = new RegExp(`^(${NAME})(?:\\{(.*)\\})? (\\S+)$`);
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"(,|$)/y;

function parseValue(text: string): number {
  if (text === '+Inf') return Infinity;
  if (text === '-Inf') return -Infinity;
  if (text === 'NaN') return NaN;
  if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(text)) throw new Error(`bad sample value "${text}"`);
  return Number(text);
}

/**
 * Reads Prometheus text format (0.0.4) strictly: every line is a HELP, a TYPE or a sample; a family's
 * TYPE comes before its samples; histograms have cumulative buckets ending in +Inf == _count.
 * Throws on anything else. Returns the samples and each family's type.
 */
export function parsePrometheus(text: string): { samples: Sample[]; types: Map<string, string> } {
  if (!text.endsWith('\n')) throw new Error('exposition must end with a newline');
  const samples: Sample[] = [];
  const types = new Map<string, string>();
  for (const line of text.slice(0, -1).split('\n')) {
    const comment = /^# (HELP|TYPE) (\S+) (.*)$/.exec(line);
    if (comment) {
      if (!new RegExp(`^${NAME}$`).test(comment[2])) throw new Error(`bad metric name in "${line}"`);
      if (comment[1] === 'TYPE') {
        if (!['counter', 'gauge', 'histogram', 'summary', 'untyped'].includes(comment[3])) throw new Error(`bad type in "${line}"`);
        if (types.has(comment[2])) throw new Error(`TYPE repeated for ${comment[2]}`);
        types.set(comment[2], comment[3]);
      }
      continue;
    }
    const match = SAMPLE.exec(line);
    if (!match) throw new Error(`not a Prometheus line: "${line}"`);
    const labels: Record<string, string> = {};
    if (match[2] !== undefined) {
      LABEL.lastIndex = 0;
      while (LABEL.lastIndex < match[2].length) {
        const m = LABEL.exec(match[2]);
        if (!m) throw new Error(`bad labels in "${line}"`);
        labels[m[1]] = m[2];
      }
    }
    const family = match[1].replace(/_(bucket|sum|count)$/, '');
    if (!types.has(match[1]) && !(types.get(family) === 'histogram')) throw new Error(`sample before its TYPE: "${line}"`);
    samples.push({ name: match[1], labels, value: parseValue(match[3]) });
  }
  for (const [family, type] of types) {
    if (type !== 'histogram') continue;
    const series = new Map<string, Sample[]>();
    for (const s of samples.filter((x) => x.name === `${family}_bucket`)) {
      const { le, ...rest } = s.labels;
      const key = JSON.stringify(rest);
      series.set(key, [...(series.get(key) ?? []), s]);
    }
    for (const [key, buckets] of series) {
      const bounds = buckets.map((b) => parseValue(b.labels.le));
      for (let i = 1; i < buckets.length; i++) {
        if (!(bounds[i] > bounds[i - 1]) || buckets[i].value < buckets[i - 1].value) throw new Error(`${family}${key}: buckets not cumulative`);
      }
      const count = samples.find((s) => s.name === `${family}_count` && JSON.stringify(s.labels) === key);
      if (bounds[bounds.length - 1] !== Infinity || count === undefined || count.value !== buckets[buckets.length - 1].value) {
        throw new Error(`${family}${key}: +Inf bucket missing or not equal to _count`);
      }
    }
  }
  return { samples, types };
}
