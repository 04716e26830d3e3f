// Timing primitives: a monotonic clock, GC between cases, repeated sampling and summary stats.

/** Milliseconds from process.hrtime.bigint(): monotonic and sub-microsecond. */
export function nowMs() {
  return Number(process.hrtime.bigint()) / 1e6;
}

/**
 * GC when node runs with --expose-gc (run.mjs makes sure it does), so one case's garbage is not
 * collected on the next case's clock. Between cases a young-generation collection is enough and
 * takes milliseconds; a full one costs ~250 ms once every library's tables are on the heap, so it
 * is kept for section boundaries (`full`).
 */
export function collectGarbage(full = false) {
  if (typeof globalThis.gc === 'function') globalThis.gc(full ? undefined : { type: 'minor' });
}

// Results are folded into this so the engine cannot drop a call whose value is never used.
let sink = 0;
/** Consumes a call result (a count, an array of ids, ...). */
export function consume(value) {
  sink = (sink + (typeof value === 'number' ? value : value?.length ?? 1)) | 0;
}
export function sinkValue() {
  return sink;
}

/** { median, min, max, n } of a list of numbers. */
export function summarize(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  const n = sorted.length;
  const median = n % 2 ? sorted[(n - 1) / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  return { median, min: sorted[0], max: sorted[n - 1], n };
}

/** Value at quantile q (0..1) of a sorted list, nearest rank. */
export function quantile(sorted, q) {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

export function geomean(values) {
  const good = values.filter((v) => v > 0 && Number.isFinite(v));
  if (good.length !== values.length || !good.length) return NaN;
  return Math.exp(good.reduce((s, v) => s + Math.log(v), 0) / good.length);
}

/**
 * Warms `fn` up (JIT, caches; a slow call is its own warm-up) and sizes its samples: calls shorter
 * than minSampleMs are looped `iters` times per sample, and the number of samples fills `budgetMs`
 * within [minReps, maxReps].
 * @returns {{ iters: number, reps: number }}
 */
function warmAndSize(fn, opts) {
  const { budgetMs, minReps, slowMinReps, maxReps, minSampleMs, warmupMs } = opts;
  let last = Infinity;
  const warmStart = nowMs();
  for (let calls = 0; calls < 2 || nowMs() - warmStart < warmupMs; calls++) {
    const t0 = nowMs();
    consume(fn());
    last = nowMs() - t0;
    if (last > warmupMs) break; // a slow call is its own warm-up
  }
  const iters = last >= minSampleMs ? 1 : Math.ceil(minSampleMs / Math.max(last, 1e-4));
  const sampleMs = last * iters;
  const floor = sampleMs * 3 > budgetMs ? slowMinReps : minReps;
  const reps = Math.max(floor, Math.min(maxReps, Math.floor(budgetMs / Math.max(sampleMs, 1e-3))));
  return { iters, reps };
}

/** One sample: `iters` calls, milliseconds per call. */
function timeSample(fn, iters) {
  const t0 = nowMs();
  for (let i = 0; i < iters; i++) consume(fn());
  return (nowMs() - t0) / iters;
}

/**
 * Times `fn` (synchronous) repeatedly, after a warm-up that is not counted (see warmAndSize).
 * @returns {{ median, min, max, n, iters }} milliseconds per call
 */
export function sampleSync(fn, opts) {
  collectGarbage();
  const { iters, reps } = warmAndSize(fn, opts);
  const samples = [];
  for (let r = 0; r < reps; r++) samples.push(timeSample(fn, iters));
  return { ...summarize(samples), iters };
}

/**
 * Times several functions whose speeds are to be compared, taking their samples in turns (one
 * sample of each, then the next round) rather than one function's samples in a block. On a shared
 * machine the speed available changes over seconds; in turns, a slow spell lands on every function
 * alike and their ratios stay meaningful. Each function is warmed up and sized as in sampleSync,
 * and a sample of short calls starts with one untimed call, so it does not pay for the caches the
 * previous function's sample took over.
 * @param {Array<() => unknown>} fns
 * @returns {Array<{ median, min, max, n, iters }>} milliseconds per call, in the order of `fns`
 */
export function sampleInterleaved(fns, opts) {
  collectGarbage();
  const plans = fns.map((fn) => warmAndSize(fn, opts));
  const samples = fns.map(() => []);
  const rounds = Math.max(...plans.map((p) => p.reps));
  for (let round = 0; round < rounds; round++) {
    fns.forEach((fn, i) => {
      const { iters, reps } = plans[i];
      if (round >= reps) return;
      if (iters > 1) consume(fn());
      samples[i].push(timeSample(fn, iters));
    });
  }
  return samples.map((list, i) => ({ ...summarize(list), iters: plans[i].iters }));
}

/**
 * Times `fn` with `reset()` (untimed) before every call: for libraries with a merge cache, each
 * call is then the first time the library sees this text, as with a new document. Call sampleSync
 * first so the code is already JIT-compiled.
 * @returns {{ median, min, max, n }} milliseconds per call
 */
export function sampleAfterReset(fn, reset, reps) {
  collectGarbage();
  const samples = [];
  for (let r = 0; r < reps; r++) {
    reset();
    const t0 = nowMs();
    consume(fn());
    samples.push(nowMs() - t0);
  }
  return summarize(samples);
}

/**
 * Times `fn(strings)` once per slice, after an untimed warm-up on the first slice: each sample sees
 * strings no earlier call saw, so no library's cache is warmed by repetition.
 *
 * With `passMs`, slow libraries get a prefix of each slice: the warm-up times the library per string
 * and each timed pass takes as many strings as fit in about `passMs` (at least 50, at most the slice).
 * Without it, every pass takes whole slices.
 * @param {(strings: string[]) => unknown} fn
 * @param {string[][]} slices first one is the warm-up
 * @param {{ passMs?: number }} [opts]
 * @returns {{ median, min, max, n, strings }} milliseconds per pass of `strings` strings
 */
export function sampleFreshSlices(fn, slices, { passMs } = {}) {
  collectGarbage();
  let take = slices[1].length;
  if (passMs) {
    const warm = slices[0];
    const half = Math.max(1, Math.floor(warm.length / 2));
    consume(fn(warm.slice(0, Math.min(half, 200)))); // JIT
    // Two probes, keeping the faster: one unlucky scheduler pause must not shrink every pass.
    let perString = Infinity;
    for (const at of [half, half + Math.floor(half / 2)]) {
      const probe = warm.slice(at, at + Math.min(Math.floor(half / 2), 200));
      const t0 = nowMs();
      consume(fn(probe));
      perString = Math.min(perString, (nowMs() - t0) / probe.length);
    }
    take = Math.max(50, Math.min(take, Math.ceil(passMs / Math.max(perString, 1e-6))));
  } else {
    consume(fn(slices[0]));
  }
  const samples = [];
  for (const slice of slices.slice(1)) {
    const strings = take < slice.length ? slice.slice(0, take) : slice;
    const t0 = nowMs();
    consume(fn(strings));
    samples.push(nowMs() - t0);
  }
  return { ...summarize(samples), strings: take };
}

/**
 * Two functions on their own fresh slices, alternating pass by pass (after a warm-up of each), so
 * a change in machine load hits both alike and their ratio stays meaningful.
 * @returns {[{ median, min, max, n }, { median, min, max, n }]} milliseconds per pass
 */
export function sampleFreshPairs(fnA, slicesA, fnB, slicesB) {
  collectGarbage();
  consume(fnA(slicesA[0]));
  consume(fnB(slicesB[0]));
  const a = [];
  const b = [];
  for (let i = 1; i < Math.min(slicesA.length, slicesB.length); i++) {
    let t0 = nowMs();
    consume(fnA(slicesA[i]));
    a.push(nowMs() - t0);
    t0 = nowMs();
    consume(fnB(slicesB[i]));
    b.push(nowMs() - t0);
  }
  return [summarize(a), summarize(b)];
}

/** Times an async function `reps` times after one warm-up call; milliseconds per call. */
export async function sampleAsync(fn, reps) {
  collectGarbage();
  consume(await fn());
  const samples = [];
  for (let r = 0; r < reps; r++) {
    const t0 = nowMs();
    consume(await fn());
    samples.push(nowMs() - t0);
  }
  return summarize(samples);
}
