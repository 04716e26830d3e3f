#!/usr/bin/env node
// tokenmeter benchmark: throughput, async, short strings, batch, cold start, linearity and exactness
// against tiktoken, js-tiktoken, gpt-tokenizer and ai-tokenizer. See bench/README.md.
//
//   node bench/run.mjs            full run (~5 min on 2 cores), writes bench/RESULTS.md
//   node bench/run.mjs --quick    smoke run (~30 s), prints the summary only
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const SELF = fileURLToPath(import.meta.url);

// GC between cases needs --expose-gc; re-run this script under it once rather than ask every caller.
if (typeof globalThis.gc !== 'function' && !process.env.TOKENMETER_BENCH_CHILD) {
  const child = spawnSync(process.execPath, [...process.execArgv, '--expose-gc', SELF, ...process.argv.slice(2)], {
    stdio: 'inherit',
    env: { ...process.env, TOKENMETER_BENCH_CHILD: '1' },
  });
  process.exit(child.status ?? 1);
}

const { parseArgs } = await import('./lib/config.mjs');
const { ExactnessLog } = await import('./lib/exactness-log.mjs');
const { describeMachine, loadAverage } = await import('./lib/machine.mjs');
const { renderMarkdown, renderSummary } = await import('./lib/report.mjs');
const { collectGarbage, nowMs, sinkValue } = await import('./lib/measure.mjs');
const exactness = await import('./lib/sections/exactness.mjs');

const { profile, sections, outFile, writeDefault } = parseArgs(process.argv.slice(2));
const started = nowMs();
const startedLoad = loadAverage();
const machine = describeMachine();
const log = new ExactnessLog();
const results = [];

console.error(`tokenmeter bench: ${profile.mode} run of ${sections.join(', ')} (load average ${startedLoad})`);
for (const id of sections) {
  const t0 = nowMs();
  const progress = (message) => console.error(`[${id}] ${message}`);
  try {
    const section = await import(`./lib/sections/${id}.mjs`);
    collectGarbage(true); // the previous section's garbage, old generation included
    const result = await section.run({ profile, log, progress });
    results.push({ id, ...result });
  } catch (error) {
    // One broken section (tokenmeter is under active development) must not lose the others.
    console.error(`\n[${id}] FAILED: ${error?.stack ?? error}\n`);
    results.push({
      id,
      title: `${id} — FAILED`,
      markdown: `The section threw before finishing:\n\n\`\`\`\n${error?.stack ?? error}\n\`\`\``,
      targets: [{ group: `${id}: section ran to completion`, item: 'run', value: NaN, goal: 'no error', met: false }],
    });
  }
  progress(`done in ${((nowMs() - t0) / 1000).toFixed(1)} s`);
}
// The exactness report covers what every section logged; show it even when that section was not run.
if (!sections.includes('exactness')) results.push({ id: 'exactness', ...exactness.report(log, profile) });

const run = {
  machine,
  mode: profile.mode,
  sectionIds: sections,
  startedLoad,
  endedLoad: loadAverage(),
  seconds: (nowMs() - started) / 1000,
  gcExposed: typeof globalThis.gc === 'function',
};

const target = outFile ?? (writeDefault ? path.join(path.dirname(SELF), 'RESULTS.md') : null);
if (target) {
  fs.writeFileSync(target, renderMarkdown(run, results));
  console.error(`wrote ${path.relative(process.cwd(), target) || target}`);
}
console.log(renderSummary(run, results));
if (log.tokenmeterMismatches.length) {
  console.log(`\n!!! tokenmeter differed from tiktoken on ${log.tokenmeterMismatches.length} input(s): see the exactness section. !!!`);
}
if (!process.argv.some((a) => a.startsWith('--only='))) await (await import('./chat.mjs')).runChatBench({ quick: profile.mode === 'quick', write: writeDefault }); // chat requests: bench/chat.mjs, CHAT-RESULTS.md
if (!process.argv.some((a) => a.startsWith('--only='))) await import('./calibration.mjs'); // two-stage check: calibration replay (prints its figure)
// Keep every consumed result observable (see measure.mjs).
if (sinkValue() === 0.5) console.log('');
