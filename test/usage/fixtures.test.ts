// Every fixture, read every way tokenmeter offers: the non-streaming call, the accumulator fed the
// stream whole, byte by byte, in random pieces (bytes and strings), and the Transform. All must
// give the fixture's expected numbers: how a stream is cut must never change its usage.
import { Readable } from 'node:stream';
import { createUsageAccumulator, createUsageStream, extractUsage } from '../../lib/usage';
import type { UsageResult } from '../../types/usage';
import { CORE_FIELDS, expectUsage, loadCases, splitBytes, splitString, wireBytes, type UsageCase } from './helpers/fixtures';

const cases = loadCases();
const SEEDS = [1, 2, 3, 4, 5, 6, 7, 8];

function accumulate(c: UsageCase, pieces: Iterable<string | Uint8Array | object>): UsageResult {
  const accumulator = createUsageAccumulator(c.options);
  for (const piece of pieces) accumulator.push(piece);
  return accumulator.result();
}

async function throughTransform(c: UsageCase, pieces: Uint8Array[]): Promise<{ usage: UsageResult; out: Buffer; emitted: UsageResult | null }> {
  const stream = createUsageStream(c.options);
  let emitted: UsageResult | null = null;
  stream.on('usage', (usage) => {
    emitted = usage;
  });
  const out: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => out.push(chunk));
  const done = new Promise<void>((resolve, reject) => {
    stream.on('end', resolve);
    stream.on('error', reject);
  });
  Readable.from(pieces.map((p) => Buffer.from(p))).pipe(stream);
  await done;
  return { usage: stream.usage(), out: Buffer.concat(out), emitted };
}

test('the fixtures cover every provider and both forms', () => {
  const providers = new Set(cases.map((c) => c.expected.provider));
  for (const p of ['openai', 'anthropic', 'google', 'bedrock', 'ollama', 'openrouter', 'groq', 'mistral', 'deepseek', 'xai', 'openai-compatible']) {
    expect(providers).toContain(p);
    const kinds = new Set(cases.filter((c) => c.expected.provider === p).map((c) => (c.kind === 'body' ? 'body' : 'stream')));
    if (p !== 'openai-compatible') expect([...kinds].sort()).toEqual(['body', 'stream']);
  }
  expect(new Set(cases.map((c) => c.id)).size).toBe(cases.length);
});

describe.each(cases.map((c) => [c.id, c] as const))('%s', (_id, c) => {
  test('states every core field and cites a source', () => {
    for (const field of CORE_FIELDS) expect(c.expected).toHaveProperty(field);
    expect(c.source.length).toBeGreaterThan(20);
  });

  if (c.kind === 'body') {
    test('extractUsage: object, JSON text, bytes', () => {
      expectUsage(extractUsage(c.body as object, c.options), c.expected);
      const json = JSON.stringify(c.body, null, 2);
      expectUsage(extractUsage(json, c.options), c.expected);
      expectUsage(extractUsage(Buffer.from(json), c.options), c.expected);
      expectUsage(extractUsage(new Uint8Array(Buffer.from(`\uFEFF${json}`)), c.options), c.expected);
    });

    test('a body piped through the stream form, in random pieces', () => {
      const bytes = Buffer.from(JSON.stringify(c.body, null, 2));
      expectUsage(accumulate(c, [bytes]), c.expected);
      for (const seed of SEEDS.slice(0, 3)) expectUsage(accumulate(c, splitBytes(bytes, seed, 16)), c.expected);
    });
    return;
  }

  if (c.kind === 'events') {
    test('parsed SDK events, one by one and as an array', () => {
      expectUsage(accumulate(c, c.events as object[]), c.expected);
      expectUsage(extractUsage(c.events as object[], c.options), c.expected);
    });
    return;
  }

  const bytes = wireBytes(c);
  const whole = accumulate(c, [bytes]);

  test('fed whole', () => {
    expectUsage(whole, c.expected);
    expectUsage(extractUsage(bytes, c.options), c.expected);
  });

  test('fed byte by byte', () => {
    const pieces: Uint8Array[] = [];
    for (let i = 0; i < bytes.length; i++) pieces.push(bytes.subarray(i, i + 1));
    expect(accumulate(c, pieces)).toEqual(whole);
  });

  test('fed in random pieces', () => {
    for (const seed of SEEDS) expect(accumulate(c, splitBytes(bytes, seed))).toEqual(whole);
    for (const seed of SEEDS.slice(0, 2)) expect(accumulate(c, splitBytes(bytes, seed, 4))).toEqual(whole);
  });

  if (c.kind === 'stream') {
    test('fed as strings split anywhere (even inside a surrogate pair)', () => {
      const text = bytes.toString('utf8');
      expect(accumulate(c, [text])).toEqual(whole);
      expectUsage(extractUsage(text, c.options), c.expected);
      for (const seed of SEEDS.slice(0, 4)) expect(accumulate(c, splitString(text, seed, 7))).toEqual(whole);
    });
  }

  test('createUsageStream passes the bytes through unchanged and emits the usage', async () => {
    const { usage, out, emitted } = await throughTransform(c, splitBytes(bytes, 99));
    expect(out.equals(bytes)).toBe(true);
    expect(usage).toEqual(whole);
    expect(emitted).toEqual(whole);
  });
});
