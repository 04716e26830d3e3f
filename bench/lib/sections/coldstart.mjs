// 5. Cold start: a fresh node process per library and encoding; import + load + first encode, and
// the resident memory that adds.
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

import { LIBRARIES } from '../libraries.mjs';
import { nowMs, summarize } from '../measure.mjs';
import { mdTable, ratio, sig, spread } from '../format.mjs';
import { atMost, verdict } from '../targets.mjs';

const CHILD = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'coldstart-child.mjs');
const MB = 1024 * 1024;

function spawnChild(libId, encoding) {
  const t0 = nowMs();
  const out = spawnSync(process.execPath, ['--expose-gc', CHILD, libId, encoding], { encoding: 'utf8', timeout: 120_000 });
  const wallMs = nowMs() - t0;
  if (out.status !== 0) throw new Error(`cold-start child ${libId} ${encoding} failed (${out.status ?? out.signal}):\n${out.stderr}`);
  return { ...JSON.parse(out.stdout.trim().split('\n').pop()), wallMs };
}

export async function run({ profile, progress }) {
  const { runs } = profile.coldstart;
  const cases = [{ libId: 'none', encoding: '-' }];
  for (const encoding of profile.encodings.coldstart) for (const lib of LIBRARIES) cases.push({ libId: lib.id, encoding });

  // Round-robin over cases, so a change in machine load hits every library alike.
  const samples = new Map(cases.map((c) => [`${c.libId}|${c.encoding}`, []]));
  for (let r = 0; r < runs; r++) {
    for (const c of cases) samples.get(`${c.libId}|${c.encoding}`).push(spawnChild(c.libId, c.encoding === '-' ? 'cl100k_base' : c.encoding));
    progress(`round ${r + 1}/${runs} done`);
  }
  const stat = (libId, encoding, field) => summarize(samples.get(`${libId}|${encoding}`).map((s) => s[field]));

  const targets = [];
  const rows = [];
  const bare = stat('none', '-', 'wallMs');
  rows.push(['(bare node)', '—', '—', '—', spread(bare), sig(stat('none', '-', 'rssAfter').median / MB), '—']);
  for (const encoding of profile.encodings.coldstart) {
    for (const lib of LIBRARIES) {
      const total = stat(lib.id, encoding, 'totalMs');
      const rss = stat(lib.id, encoding, 'rssDelta');
      rows.push([
        `${lib.id}`,
        encoding,
        spread(stat(lib.id, encoding, 'loadMs')),
        `**${spread(total)}**`,
        spread(stat(lib.id, encoding, 'wallMs')),
        sig(stat(lib.id, encoding, 'rssAfter').median / MB),
        `**${spread(rss, (b) => b / MB)}**`,
      ]);
    }
    const mine = (f) => stat('tokenmeter', encoding, f).median;
    const gpt = (f) => stat('gpt-tokenizer', encoding, f).median;
    targets.push(
      atMost('5. cold start (import+load+first encode): tokenmeter / gpt-tokenizer', encoding, mine('totalMs') / gpt('totalMs'), 0.5, 'x'),
      atMost('5. RSS added by one encoding: tokenmeter / gpt-tokenizer', encoding, mine('rssDelta') / gpt('rssDelta'), 0.5, 'x'),
    );
  }
  const targetRows = targets.map((t) => [t.group.replace(/^5\. /, ''), t.item, `${ratio(t.value)} ${verdict(t.met)} (≤ 0.5x)`]);

  const markdown = [
    `Each row: ${runs} fresh \`node --expose-gc\` processes (round-robin over libraries), median (min–max). ` +
      `*import+load+first encode* is timed inside the child from just before the library's \`require\` to after its first ` +
      `encode of a 29-character string; *process wall* is the parent's clock around the whole child, node boot included. ` +
      `*RSS added* is \`process.memoryUsage().rss\` after minus before (both after a full GC) inside the child.`,
    mdTable(['library', 'encoding', 'import+load ms', 'import+load+first encode ms', 'process wall ms', 'RSS after (MB)', 'RSS added (MB)'], rows),
    mdTable(['target', 'encoding', 'tokenmeter / gpt-tokenizer'], targetRows),
  ].join('\n\n');
  return { title: '5. Cold start', markdown, targets };
}
