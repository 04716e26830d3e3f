// The async forms (run on libuv's thread pool) must give exactly the sync results, under heavy
// concurrency too; the batch forms must equal per-string calls; and the addon must work in several
// worker_threads at once and survive Workers being terminated mid-call.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { Worker } from 'node:worker_threads';
import { getEncoding, listEncodings } from '../lib';
import type { Encoding, EncodingName } from '../types';
import { KINDS, createRng, generateCorpus } from './corpus/generate';

const SEED = 4242;
const ENCODINGS: EncodingName[] = ['r50k_base', 'p50k_base', 'p50k_edit', 'cl100k_base', 'o200k_base', 'o200k_harmony'];

/** A small corpus: each kind whole (~16 KB) plus short slices, and some edge cases. */
function sampleTexts(): string[] {
  const texts: string[] = ['', ' ', 'hello world', '\ud800 lone surrogate', 'x'.repeat(5000)];
  const r = createRng(SEED);
  for (const { text } of generateCorpus(SEED, 16 * 1024)) {
    texts.push(text);
    for (let i = 0; i < 8; i++) {
      const start = r.int(text.length);
      texts.push(text.slice(start, start + r.range(1, 600)));
    }
  }
  return texts;
}

const TEXTS = sampleTexts();
const same = (a: ArrayLike<number>, b: ArrayLike<number>) => expect(Array.from(a)).toEqual(Array.from(b));

/** The error a promise rejects with (code and name), or a marker if it resolves. */
async function rejection(promise: Promise<unknown>): Promise<{ code?: unknown; name?: unknown; message?: unknown }> {
  try {
    await promise;
  } catch (error) {
    const e = error as { code?: unknown; name?: unknown; message?: unknown };
    return { code: e.code, name: e.name, message: e.message };
  }
  return { code: 'RESOLVED' };
}

it('runs over every shipped encoding', () => {
  expect([...listEncodings()].sort()).toEqual([...ENCODINGS].sort());
});

describe.each(ENCODINGS)('%s: async forms equal sync forms', (name) => {
  let enc: Encoding;
  beforeAll(() => {
    enc = getEncoding(name);
  });

  it('encodeAsync, encodeOrdinaryAsync, countAsync, countOrdinaryAsync', async () => {
    for (const text of TEXTS) {
      const [encoded, ordinary, count, countOrdinary] = await Promise.all([
        enc.encodeAsync(text),
        enc.encodeOrdinaryAsync(text),
        enc.countAsync(text),
        enc.countOrdinaryAsync(text),
      ]);
      expect(Object.prototype.toString.call(encoded)).toBe('[object Uint32Array]'); // realm-safe type check
      same(encoded, enc.encode(text));
      same(ordinary, enc.encodeOrdinary(text));
      expect(count).toBe(enc.count(text));
      expect(countOrdinary).toBe(enc.countOrdinary(text));
    }
  });

  it('bytes input', async () => {
    for (const text of TEXTS.slice(0, 20)) {
      const bytes = Buffer.from(text, 'utf8');
      same(await enc.encodeAsync(bytes), enc.encode(text));
      expect(await enc.countAsync(new Uint8Array(bytes))).toBe(enc.count(text));
    }
  });

  it('special-token arguments', async () => {
    const special = Object.keys(enc.specialTokens)[0];
    const text = `before ${special} after`;
    same(await enc.encodeAsync(text, 'all'), enc.encode(text, 'all'));
    same(await enc.encodeAsync(text, [special]), enc.encode(text, [special]));
    same(await enc.encodeAsync(text, [], []), enc.encode(text, [], []));
    expect(await enc.countAsync(text, new Set([special]))).toBe(enc.count(text, [special]));
    same(await enc.encodeOrdinaryAsync(text), enc.encodeOrdinary(text));
  });

  it('errors reject (never throw synchronously) with the sync error code', async () => {
    const special = Object.keys(enc.specialTokens)[0];
    let pending: Promise<unknown> | undefined;
    expect(() => {
      pending = enc.encodeAsync(`a${special}`);
    }).not.toThrow();
    expect(await rejection(pending!)).toMatchObject({ code: 'ERR_DISALLOWED_SPECIAL_TOKEN' });
    expect(await rejection(enc.countAsync(`a${special}`))).toMatchObject({ code: 'ERR_DISALLOWED_SPECIAL_TOKEN' });
    expect(await rejection(enc.encodeManyAsync(['fine', `a${special}`]))).toMatchObject({ code: 'ERR_DISALLOWED_SPECIAL_TOKEN' });
    expect(await rejection(enc.decodeAsync([enc.nVocab]))).toMatchObject({ code: 'ERR_INVALID_TOKEN_ID' });
    expect(await rejection(enc.decodeBytesAsync([0, enc.nVocab + 5]))).toMatchObject({ code: 'ERR_INVALID_TOKEN_ID' });
    expect(await rejection(enc.encodeAsync(Uint8Array.of(0x61, 0xff)))).toMatchObject({ code: 'ERR_INVALID_UTF8' });
  });

  it('decodeAsync and decodeBytesAsync', async () => {
    for (const text of TEXTS) {
      const ids = enc.encode(text);
      expect(await enc.decodeAsync(ids)).toBe(enc.decode(ids));
      expect(Buffer.from(await enc.decodeBytesAsync(Array.from(ids))).equals(Buffer.from(enc.decodeBytes(ids)))).toBe(true);
    }
    // Token boundaries that split a UTF-8 sequence: U+FFFD in both forms alike.
    const partial = enc.encode('😀🎉中').slice(0, 1);
    expect(await enc.decodeAsync(partial)).toBe(enc.decode(partial));
  });

  it('encodeManyAsync and countManyAsync', async () => {
    const [many, counts] = await Promise.all([enc.encodeManyAsync(TEXTS), enc.countManyAsync(TEXTS)]);
    expect(many).toHaveLength(TEXTS.length);
    TEXTS.forEach((text, i) => same(many[i], enc.encode(text)));
    same(counts, TEXTS.map((t) => enc.count(t)));
    same(await enc.countManyAsync(TEXTS, 'all', []), TEXTS.map((t) => enc.count(t, 'all', [])));
  });
});

describe.each(ENCODINGS)('%s: batch forms equal per-string calls', (name) => {
  it('encodeMany and countMany', () => {
    const enc = getEncoding(name);
    const many = enc.encodeMany(TEXTS);
    expect(many).toHaveLength(TEXTS.length);
    TEXTS.forEach((text, i) => same(many[i], enc.encode(text)));
    const counts = enc.countMany(TEXTS);
    expect(Object.prototype.toString.call(counts)).toBe('[object Uint32Array]');
    same(counts, TEXTS.map((t) => enc.count(t)));
  });

  it('with special-token arguments, bytes inputs and empty lists', () => {
    const enc = getEncoding(name);
    const special = Object.keys(enc.specialTokens)[0];
    const texts = [`x${special}y`, special, 'plain', Buffer.from(`b${special}`), new TextEncoder().encode('bytes')];
    enc.encodeMany(texts, 'all').forEach((ids, i) => same(ids, enc.encode(texts[i], 'all')));
    enc.encodeMany(texts, [], []).forEach((ids, i) => same(ids, enc.encode(texts[i], [], [])));
    same(enc.countMany(texts, [special]), texts.map((t) => enc.count(t, [special])));
    expect(enc.encodeMany([])).toEqual([]);
    expect(Array.from(enc.countMany([]))).toEqual([]);
    expect(() => enc.encodeMany(texts)).toThrow(special); // default: disallowed, like encode
    try {
      enc.countMany(['ok', `z${special}`]);
      throw new Error('countMany should have thrown');
    } catch (error) {
      expect((error as { code?: unknown }).code).toBe('ERR_DISALLOWED_SPECIAL_TOKEN');
    }
  });
});

describe('many concurrent calls', () => {
  it('1,000 concurrent countAsync and encodeAsync calls all resolve to the sync results', async () => {
    const encodings = ['cl100k_base', 'o200k_base', 'r50k_base'].map((n) => getEncoding(n as EncodingName));
    const jobs = Array.from({ length: 1000 }, (_, i) => ({ enc: encodings[i % encodings.length], text: TEXTS[i % TEXTS.length], i }));
    const results = await Promise.all(jobs.map(({ enc, text, i }) => (i % 2 ? enc.countAsync(text) : enc.encodeAsync(text))));
    jobs.forEach(({ enc, text, i }) => {
      const result = results[i];
      if (typeof result === 'number') expect(result).toBe(enc.count(text));
      else same(result, enc.encode(text));
    });
  });

  it('interleaves with synchronous calls on the main thread', async () => {
    const enc = getEncoding('o200k_base');
    const big = TEXTS.filter((t) => t.length > 10000);
    const pending = big.map((t) => enc.encodeAsync(t));
    const syncWhileRunning = big.map((t) => enc.encode(t));
    const asyncResults = await Promise.all(pending);
    asyncResults.forEach((ids, i) => same(ids, syncWhileRunning[i]));
  });
});

describe('AbortSignal', () => {
  it('an already aborted signal rejects with AbortError (code ABORT_ERR)', async () => {
    const enc = getEncoding('cl100k_base');
    const controller = new AbortController();
    controller.abort();
    for (const call of [
      () => enc.encodeAsync('hello', undefined, undefined, { signal: controller.signal }),
      () => enc.countOrdinaryAsync('hello', { signal: controller.signal }),
      () => enc.decodeAsync([15339], { signal: controller.signal }),
      () => enc.countManyAsync(['a', 'b'], undefined, undefined, { signal: controller.signal }),
    ]) {
      expect(await rejection(call())).toMatchObject({ code: 'ABORT_ERR', name: 'AbortError' });
    }
  });

  it('aborting during a call rejects promptly; the encoding keeps working', async () => {
    const enc = getEncoding('cl100k_base');
    const text = TEXTS.reduce((a, b) => (a.length >= b.length ? a : b)).repeat(20);
    const controller = new AbortController();
    const pending = enc.encodeAsync(text, undefined, undefined, { signal: controller.signal });
    controller.abort();
    expect(await rejection(pending)).toMatchObject({ code: 'ABORT_ERR', name: 'AbortError' });
    // A signal that never fires changes nothing.
    same(await enc.encodeAsync('hello world', undefined, undefined, { signal: new AbortController().signal }), enc.encode('hello world'));
  });
});

// ---------------------------------------------------------------------------------------------
// worker_threads. Workers load the compiled package entry (dist/lib/index.js, from
// `npm run build:ts`), not the TypeScript sources Jest transforms, exactly as users' Workers would.

const PACKAGE_ENTRY = path.join(path.resolve(__dirname, '..'), 'dist', 'lib', 'index.js');

/** Worker body: encodes the given texts (sync and async) and posts the ids back. */
const ENCODE_IN_WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const tokenmeter = require(workerData.entry);
(async () => {
  const enc = tokenmeter.getEncoding(workerData.encoding);
  const sync = workerData.texts.map((t) => enc.encode(t));
  const asyncIds = await Promise.all(workerData.texts.map((t) => enc.encodeAsync(t)));
  const counts = await enc.countManyAsync(workerData.texts);
  parentPort.postMessage({ sync, asyncIds, counts });
})().catch((e) => parentPort.postMessage({ error: String((e && e.stack) || e) }));
`;

function runWorker<T>(source: string, workerData: unknown): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const worker = new Worker(source, { eval: true, workerData });
    worker.once('message', (message: T & { error?: string }) => {
      if (message && typeof message === 'object' && 'error' in message) reject(new Error(`worker failed: ${message.error}`));
      else resolve(message);
      void worker.terminate();
    });
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`worker exited with code ${code} before answering`)));
  });
}

/**
 * Child-process script: rounds of 4 Workers that keep 32 async calls (and a sync one every ms) in
 * flight, terminated after a delay; then the main thread and a fresh Worker must still work.
 */
const TERMINATE_SCENARIO = `
const { Worker } = require('node:worker_threads');
const { entry, text, delaysMs } = JSON.parse(require('node:fs').readFileSync(0, 'utf8'));
const busy = \`
const { parentPort, workerData } = require('node:worker_threads');
const enc = require(workerData.entry).getEncoding(workerData.encoding);
let inFlight = 0;
function launch() {
  while (inFlight < 32) {
    inFlight++;
    const p = inFlight % 2 ? enc.encodeAsync(workerData.text) : enc.countManyAsync([workerData.text, workerData.text]);
    p.then(() => { inFlight--; launch(); }, () => { inFlight--; });
  }
}
launch();
parentPort.postMessage('busy');
setInterval(() => enc.count(workerData.text.slice(0, 2000)), 1);
\`;
(async () => {
  for (const delay of delaysMs) {
    const workers = [0, 1, 2, 3].map((w) => new Worker(busy, { eval: true, workerData: { entry, text, encoding: w % 2 ? 'o200k_base' : 'cl100k_base' } }));
    await Promise.all(workers.map((w) => new Promise((resolve, reject) => { w.once('message', resolve); w.once('error', reject); })));
    await new Promise((resolve) => setTimeout(resolve, delay));
    const codes = await Promise.all(workers.map((w) => w.terminate()));
    if (codes.some((c) => c !== 1)) throw new Error('unexpected Worker exit codes ' + codes);
  }
  const enc = require(entry).getEncoding('cl100k_base');
  const ids = Array.from(await enc.encodeAsync('hello world'));
  if (ids.join() !== '15339,1917') throw new Error('main thread got ' + ids);
  const fresh = new Worker("require('node:worker_threads').parentPort.postMessage(Array.from(require(" + JSON.stringify(entry) + ").getEncoding('cl100k_base').encode('hello world')))", { eval: true });
  const fromWorker = await new Promise((resolve, reject) => { fresh.once('message', resolve); fresh.once('error', reject); });
  if (fromWorker.join() !== '15339,1917') throw new Error('fresh Worker got ' + fromWorker);
  await fresh.terminate();
  console.log('main thread still works');
})().catch((e) => { console.error(e && e.stack || e); process.exit(2); });
`;

describe('worker_threads', () => {
  it('the compiled package entry exists (run `npm run build:ts` first)', () => {
    expect(fs.existsSync(PACKAGE_ENTRY)).toBe(true);
  });

  it('4 Workers encoding at once match the main thread', async () => {
    const jobs: EncodingName[] = ['cl100k_base', 'o200k_base', 'o200k_harmony', 'cl100k_base'];
    const texts = TEXTS.slice(0, 40);
    type Reply = { sync: Uint32Array[]; asyncIds: Uint32Array[]; counts: Uint32Array };
    const replies = await Promise.all(jobs.map((encoding) => runWorker<Reply>(ENCODE_IN_WORKER, { entry: PACKAGE_ENTRY, encoding, texts })));
    replies.forEach((reply, w) => {
      const enc = getEncoding(jobs[w]);
      texts.forEach((text, i) => {
        const expected = enc.encode(text);
        same(reply.sync[i], expected);
        same(reply.asyncIds[i], expected);
        expect(reply.counts[i]).toBe(expected.length);
      });
    });
  });

  it('terminating Workers with calls in flight does not crash the process', () => {
    // Run in a child process: if the addon aborts during a Worker's teardown, that process dies
    // and this test fails with its stderr, instead of the abort taking Jest down with it.
    // ~20 KB per call: long enough to be mid-encode when terminated, short enough that the queued
    // work Node waits for at teardown drains quickly.
    const text = generateCorpus(SEED, 2 * 1024)
      .map((c) => c.text)
      .join('\n');
    const child = spawnSync(process.execPath, ['-e', TERMINATE_SCENARIO], {
      input: JSON.stringify({ entry: PACKAGE_ENTRY, text, delaysMs: [0, 2, 10, 50] }),
      encoding: 'utf8',
      timeout: 120000,
    });
    const report = `exit ${child.status}, signal ${child.signal}\nstdout: ${child.stdout}\nstderr: ${child.stderr}`;
    expect({ status: child.status, signal: child.signal, report }).toEqual({ status: 0, signal: null, report });
    expect(child.stdout).toContain('main thread still works');
  });
});

it('covers every corpus kind', () => {
  // TEXTS holds each kind's text: the sample is not accidentally empty.
  expect(TEXTS.length).toBe(5 + KINDS.length * 9);
});
