// How many cores' worth of computation the machine gives two threads right now.
//
// On a shared VM the second core is not always there: two threads of pure arithmetic have taken
// from 1.05x to 2.1x the time of one, minutes apart. countAsync's speed-up can only be read
// against that, so the async section measures it next to its own reps.
import { Worker } from 'node:worker_threads';

import { consume, nowMs, summarize } from './measure.mjs';

// A loop of integer arithmetic the JIT cannot remove (its result is returned and consumed). The
// same source runs on the main thread (to calibrate) and in the Workers (to measure).
const SPIN = `
function spin(n) {
  let x = 0;
  for (let i = 0; i < n; i++) x = (x + Math.imul(i, i)) | 0;
  return x;
}
// Enough short calls for V8 to optimize spin before it is timed (two long calls are not: they run
// unoptimized, about 8x slower).
function warm() {
  let x = 0;
  for (let k = 0; k < 40; k++) x ^= spin(100000);
  return x;
}`;

const WORKER = `${SPIN}
const { parentPort, workerData } = require('node:worker_threads');
const flag = new Int32Array(workerData.flag);
warm();
parentPort.postMessage('ready');
Atomics.wait(flag, 0, 0);
parentPort.postMessage(spin(workerData.n));`;

const { spin, warm } = new Function(`${SPIN}; return { spin, warm };`)();

/** Iterations of spin() that take about `ms` on this thread. */
function calibrate(ms) {
  consume(warm());
  let n = 1 << 20;
  for (;;) {
    const t0 = nowMs();
    consume(spin(n));
    const took = nowMs() - t0;
    if (took >= ms / 4) return Math.ceil((n * ms) / took);
    n *= 2;
  }
}

/** One round: `threads` Workers released together, each running spin(n); wall ms until all finish. */
async function parallelRound(threads, n) {
  const flag = new SharedArrayBuffer(4);
  const workers = Array.from({ length: threads }, () => new Worker(WORKER, { eval: true, workerData: { flag, n } }));
  const next = (w) => new Promise((resolve, reject) => { w.once('message', resolve); w.once('error', reject); });
  await Promise.all(workers.map(next));
  const done = workers.map(next);
  const t0 = nowMs();
  Atomics.store(new Int32Array(flag), 0, 1);
  Atomics.notify(new Int32Array(flag), 0);
  await Promise.all(done);
  const wall = nowMs() - t0;
  await Promise.all(workers.map((w) => w.terminate()));
  return wall;
}

/**
 * Core-equivalents available to `threads` busy threads: threads x (wall time of one spin alone) /
 * (wall time of `threads` spins at once), median of `rounds`. 2.0 means two full cores.
 * @returns {Promise<{ median: number, min: number, max: number, n: number }>}
 */
export async function parallelCapacity({ threads = 2, rounds = 3, ms = 60 } = {}) {
  const n = calibrate(ms);
  const values = [];
  for (let r = 0; r < rounds; r++) {
    // One thread alone and `threads` at once, both on Workers, back to back.
    const one = await parallelRound(1, n);
    const wall = await parallelRound(threads, n);
    values.push((threads * one) / wall);
  }
  return summarize(values);
}
