// Lifetime and concurrency: the process exiting with native work in flight, Workers torn down
// mid-call, thousands of calls with aborts mixed in. No crash, no unhandled rejection, and the
// surviving calls still give the right answers.
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';

import { getEncoding } from '../../lib';

const packageEntry = path.resolve(__dirname, '..', '..');

function runChild(source: string): { status: number | null; signal: NodeJS.Signals | null; stderr: string } {
  const result = spawnSync(process.execPath, ['-e', source], { encoding: 'utf8', timeout: 120_000 });
  return { status: result.status, signal: result.signal, stderr: result.stderr };
}

describe('process exit with work in flight', () => {
  it('process.exit() while 200 async counts run exits cleanly', () => {
    const child = runChild(`
      const t = require(${JSON.stringify(packageEntry)});
      const enc = t.getEncoding('cl100k_base');
      const text = 'lorem ipsum dolor sit amet '.repeat(40000);
      for (let i = 0; i < 200; i++) enc.countAsync(text);
      setTimeout(() => process.exit(7), 5);
    `);
    expect(child.signal).toBeNull();
    expect(child.status).toBe(7);
  });

  it('an uncaught exception with work in flight is an ordinary exit, not a native crash', () => {
    const child = runChild(`
      const t = require(${JSON.stringify(packageEntry)});
      const enc = t.getEncoding('o200k_base');
      for (let i = 0; i < 50; i++) enc.encodeAsync('x'.repeat(500000));
      setImmediate(() => { throw new Error('boom'); });
    `);
    expect(child.signal).toBeNull();
    expect(child.status).toBe(1);
    expect(child.stderr).toContain('boom');
  });
});

describe('Workers torn down mid-call', () => {
  it('20 Workers terminated right after starting async work leave the process healthy', async () => {
    const source = `
      const { parentPort } = require('node:worker_threads');
      const t = require(${JSON.stringify(packageEntry)});
      const enc = t.getEncoding('cl100k_base');
      const text = 'the quick brown fox '.repeat(100000);
      for (let i = 0; i < 20; i++) enc.countAsync(text);
      enc.countManyAsync(Array.from({ length: 10000 }, (_, i) => 'w' + i));
      parentPort.postMessage('started');
    `;
    for (let round = 0; round < 20; round++) {
      const worker = new Worker(source, { eval: true });
      await new Promise<void>((resolve, reject) => {
        worker.once('message', () => resolve());
        worker.once('error', reject);
      });
      await worker.terminate();
    }
    const enc = getEncoding('cl100k_base');
    expect(Array.from(enc.encode('hello world'))).toEqual([15339, 1917]);
    expect(await enc.countAsync('hello world')).toBe(2);
  });
});

describe('thousands of calls with aborts mixed in', () => {
  it('every call settles: aborted ones with AbortError, the rest with the sync result', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      const enc = getEncoding('o200k_base');
      const texts = Array.from({ length: 4000 }, (_, i) => `call ${i}: ${'token '.repeat(i % 200)}`);
      const settled = await Promise.allSettled(
        texts.map((text, i) => {
          const controller = new AbortController();
          const call = enc.countAsync(text, undefined, undefined, { signal: controller.signal });
          if (i % 2 === 0) controller.abort();
          return call;
        }),
      );
      settled.forEach((outcome, i) => {
        if (i % 2 === 0) {
          expect(outcome.status).toBe('rejected');
          expect((outcome as PromiseRejectedResult).reason).toMatchObject({ name: 'AbortError', code: 'ABORT_ERR' });
        } else {
          expect(outcome).toEqual({ status: 'fulfilled', value: enc.count(texts[i]) });
        }
      });
      await new Promise((resolve) => setImmediate(resolve));
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });
});
