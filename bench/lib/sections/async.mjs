// 2. countAsync on one large mixed text: wall time against sync count, and event-loop lag meanwhile.
import * as os from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';

import { loadLibrary } from '../libraries.mjs';
import { mixedText, utf8Bytes } from '../inputs.mjs';
import { collectGarbage, consume, nowMs, summarize } from '../measure.mjs';
import { mdTable, ratio, sig, spread } from '../format.mjs';
import { parallelCapacity } from '../parallel-probe.mjs';
import { atLeast, below, verdict } from '../targets.mjs';

const RESOLUTION_MS = 1;

/**
 * Event-loop delay while `work()` runs. The histogram records the whole timer interval, so the
 * 1 ms resolution is subtracted to leave the lag alone.
 */
async function lagDuring(work) {
  const h = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  h.enable();
  const result = await work();
  h.disable();
  const lag = (ns) => Math.max(0, ns / 1e6 - RESOLUTION_MS);
  return { result, samples: h.count, p50: lag(h.percentile(50)), p99: lag(h.percentile(99)), max: lag(h.max) };
}

export async function run({ profile, log, progress }) {
  const { mixedBytes, reps, lagRuns } = profile.async;
  const text = mixedText(profile.seed, mixedBytes);
  const bytes = utf8Bytes(text);
  const [encoding] = profile.encodings.async;
  const enc = loadLibrary('tokenmeter', encoding).api;

  // Warm both paths, then alternate sync and async reps so a change in machine load between
  // them cannot skew the ratio.
  const expected = enc.count(text);
  const asyncFirst = await enc.countAsync(text);
  log.selfCheck(`countAsync === count on ${bytes} B mixed text`, asyncFirst === expected, `async ${asyncFirst}, sync ${expected}`);
  // What the machine gives two threads, just before and just after the timed reps (see
  // parallel-probe.mjs): the speed-up cannot exceed it.
  const capacityBefore = await parallelCapacity();
  progress(`parallel capacity before: ${sig(capacityBefore.median)} core-equivalents for 2 busy threads`);
  const syncMs = [];
  const asyncMs = [];
  for (let r = 0; r < reps; r++) {
    collectGarbage();
    let t0 = nowMs();
    consume(enc.count(text));
    syncMs.push(nowMs() - t0);
    collectGarbage();
    t0 = nowMs();
    consume(await enc.countAsync(text));
    asyncMs.push(nowMs() - t0);
    progress(`rep ${r + 1}/${reps}: count ${sig(syncMs[r])} ms, countAsync ${sig(asyncMs[r])} ms`);
  }
  const capacityAfter = await parallelCapacity();
  progress(`parallel capacity after: ${sig(capacityAfter.median)} core-equivalents for 2 busy threads`);
  const sync = summarize(syncMs);
  const asyncStats = summarize(asyncMs);
  const speedup = sync.median / asyncStats.median;

  // Lag: during countAsync, and over an idle wait of the same length as a noise floor.
  const runs = [];
  const idle = [];
  for (let r = 0; r < lagRuns; r++) {
    collectGarbage();
    const during = await lagDuring(() => enc.countAsync(text));
    if (during.result !== expected) log.selfCheck('countAsync result under lag probe', false, `${during.result} vs ${expected}`);
    runs.push(during);
    idle.push(await lagDuring(() => new Promise((resolve) => setTimeout(resolve, asyncStats.median))));
    progress(`lag run ${r + 1}/${lagRuns}: p50 ${sig(during.p50)} ms, p99 ${sig(during.p99)} ms, max ${sig(during.max)} ms (idle p99 ${sig(idle[r].p99)} ms)`);
  }
  const worst = (list, f) => Math.max(...list.map((x) => x[f]));
  const med = (list, f) => summarize(list.map((x) => x[f])).median;
  const lagP99 = worst(runs, 'p99');

  const cores = os.availableParallelism?.() ?? os.cpus().length;
  const tSpeed = atLeast(`2. countAsync speed-up over sync count (${cores} cores)`, `${sig(bytes / 1e6)} MB mixed`, speedup, 1.6);
  const tLag = below('2. event-loop lag p99 during countAsync', `worst of ${lagRuns} run(s)`, lagP99, 5, ' ms');

  const markdown = [
    `${sig(bytes / 1e6)} MB of mixed realistic text (prose, code, JSON, multilingual, contractions), ${encoding}, ${expected} tokens; ` +
      `${reps} alternating reps after one warm-up of each; ${cores} cores available.`,
    mdTable(
      ['call', 'wall ms median (min–max)', 'MB/s'],
      [
        ['`count` (sync, one thread)', spread(sync), sig(bytes / (sync.median * 1000))],
        ['`countAsync`', spread(asyncStats), sig(bytes / (asyncStats.median * 1000))],
        ['**speed-up** (≥ 1.6x)', `**${ratio(speedup)}** ${verdict(tSpeed.met)}`, ''],
      ],
    ),
    `What the machine gave two busy threads of plain arithmetic (Workers, \`bench/lib/parallel-probe.mjs\`), in core-equivalents, ` +
      `median (min–max) of 3 rounds: ${capacityText(capacityBefore)} just before the reps, ${capacityText(capacityAfter)} just after. ` +
      `2.00 is two full cores; on a shared VM the second one comes and goes, and the speed-up above cannot exceed what was there.`,
    `Event-loop lag, \`monitorEventLoopDelay({ resolution: ${RESOLUTION_MS} })\` minus the ${RESOLUTION_MS} ms timer period, ` +
      `${lagRuns} run(s); the idle row is the same probe over an idle wait of the same length (the machine's noise floor). ` +
      `The sync \`count\` blocks the loop for its whole duration (${sig(sync.median)} ms).`,
    mdTable(
      ['while', 'samples', 'p50 ms (median of runs)', 'p99 ms (worst run)', 'max ms (worst run)'],
      [
        ['`countAsync`', med(runs, 'samples'), sig(med(runs, 'p50')), `${sig(lagP99)} ${verdict(tLag.met)} (< 5)`, sig(worst(runs, 'max'))],
        ['idle', med(idle, 'samples'), sig(med(idle, 'p50')), sig(worst(idle, 'p99')), sig(worst(idle, 'max'))],
      ],
    ),
  ].join('\n\n');

  return { title: '2. Async: countAsync on one large text', markdown, targets: [tSpeed, tLag] };
}

function capacityText(c) {
  return `${c.median.toFixed(2)} (${c.min.toFixed(2)}–${c.max.toFixed(2)})`;
}
