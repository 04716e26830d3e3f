// 7. Exactness: every library against tiktoken on the corpus cut into small inputs, then the report
// of everything the other sections logged while measuring.
import { LIBRARIES, REFERENCE, loadLibrary } from '../libraries.mjs';
import { KINDS, chunks, generate, utf8Prefix } from '../inputs.mjs';
import { nowMs } from '../measure.mjs';
import { mdTable, percent } from '../format.mjs';
import { atMost, verdict } from '../targets.mjs';

export async function run({ profile, log, progress }) {
  const cfg = profile.exactness;
  const skipped = [];
  for (const encoding of profile.encodings.exactness) {
    const reference = loadLibrary(REFERENCE, encoding);
    // tiktoken's ids per chunk, computed once and shared by every library's comparison.
    const refIds = new Map();
    const refFor = (text) => {
      if (!refIds.has(text)) refIds.set(text, reference.encode(text));
      return refIds.get(text);
    };
    for (const lib of LIBRARIES) {
      const adapter = loadLibrary(lib.id, encoding);
      const started = nowMs();
      let compared = 0;
      let outOfTime = false;
      for (const kind of KINDS) {
        if (outOfTime) break;
        let text = generate(kind, profile.seed, profile.throughput.classBytes);
        if (lib.id === 'js-tiktoken') {
          // Same prefix js-tiktoken was timed on, and a time budget (see config): it is super-linear.
          text = utf8Prefix(text, kind === 'adversarial' ? profile.throughput.jsTiktokenAdversarialBytes : profile.throughput.jsTiktokenBytes);
        }
        const pieces = chunks(text, cfg.chunkUnits);
        for (let i = 0; i < pieces.length; i++) {
          if (lib.id === 'js-tiktoken' && nowMs() - started > cfg.jsTiktokenBudgetMs) {
            skipped.push(`${encoding} js-tiktoken: stopped before ${kind} chunk ${i} after ${Math.round(nowMs() - started)} ms (time budget)`);
            outOfTime = true;
            break;
          }
          log.compare({
            lib: lib.id,
            encoding,
            group: kind,
            label: `${kind} seed ${profile.seed}, chunk ${i} of ${cfg.chunkUnits} UTF-16 units`,
            text: pieces[i],
            ref: refFor(pieces[i]),
            got: adapter.encode(pieces[i]),
            decodeRef: reference.decodeBytes,
          });
          compared++;
        }
      }
      progress(`${encoding} ${lib.id}: ${compared} chunks compared in ${Math.round(nowMs() - started)} ms`);
    }
  }
  return report(log, profile, skipped);
}

/** The exactness report over everything logged so far (run.mjs calls it directly when this section is not run). */
export function report(log, profile, skipped = []) {
  const totals = log.totalsByLibrary();
  // Every encoding any section compared, whether or not this section ran.
  const encodings = [...new Set([...log.tallies.keys()].map((k) => k.split('|')[1]))];
  const rows = [];
  for (const encoding of encodings) {
    for (const lib of LIBRARIES) {
      const t = totals.get(`${lib.id}|${encoding}`);
      if (!t) continue;
      rows.push([lib.id, encoding, t.inputs, `${t.differing} (${percent(t.differing, t.inputs)})`, percent(t.diffTokens, t.refTokens), percent(t.countDelta, t.refTokens)]);
    }
  }

  // Per class: share of inputs that differ, for each library that differs anywhere.
  const groups = [...new Set([...log.tallies.keys()].map((k) => k.split('|')[2]))];
  const classRows = [];
  for (const encoding of encodings) {
    for (const lib of LIBRARIES) {
      const cells = groups.map((g) => {
        const t = log.tallies.get(`${lib.id}|${encoding}|${g}`);
        return t ? (t.differing ? `${percent(t.differing, t.inputs)}` : '0') : '—';
      });
      if (cells.some((c) => c !== '0' && c !== '—')) classRows.push([lib.id, encoding, ...cells]);
    }
  }

  const mismatches = log.tokenmeterMismatches;
  const failedSelf = log.selfChecks.filter((c) => !c.ok);
  const tmInputs = [...totals].filter(([k]) => k.startsWith('tokenmeter|')).reduce((s, [, t]) => s + t.inputs, 0);
  const targets = [
    atMost('7. tokenmeter inputs differing from tiktoken', `${tmInputs} inputs`, mismatches.length, 0, ''),
    atMost('7. tokenmeter self-consistency failures (count/batch/async vs encode)', `${log.selfChecks.length} checks`, failedSelf.length, 0, ''),
  ];

  const parts = [
    `Inputs: the whole timed texts of section 1, the same class texts cut into ${profile.exactness.chunkUnits}-unit chunks, ` +
      `a sample of the short-string pools (section 3) and the spaces case of section 6. "Tokens differing" counts, per differing input, the ` +
      `longer side of the span between the common prefix and common suffix of the two id sequences; "count delta" sums |Δ length|.`,
    mdTable(['library', 'encoding', 'inputs', 'inputs differing from tiktoken', 'tokens differing', 'count delta'], rows),
  ];
  if (classRows.length) parts.push(`Where the differences are (share of inputs differing, per class or input family):\n\n${mdTable(['library', 'encoding', ...groups], classRows)}`);
  else parts.push('No library differs from tiktoken on any input.');
  if (skipped.length) parts.push(skipped.map((s) => `- ${s}`).join('\n'));

  parts.push(
    mismatches.length
      ? `### ⚠ tokenmeter MISMATCHES: ${mismatches.length} ${verdict(false)}\n\n` +
          mdTable(
            ['encoding', 'input', 'first differing token', 'tiktoken / tokenmeter tokens', 'tiktoken ids (from 2 before)', 'tokenmeter ids (from 2 before)', 'text near it'],
            mismatches.slice(0, 50).map((m) => [m.encoding, m.label.slice(0, 120), m.tokenIndex, `${m.refTokens} / ${m.gotTokens}`, m.tiktoken, m.tokenmeter, JSON.stringify(m.excerpt)]),
          ) +
          (mismatches.length > 50 ? `\n\n(${mismatches.length - 50} more not shown)` : '')
      : `**tokenmeter matched tiktoken on all ${tmInputs} inputs.** ${verdict(true)}`,
  );
  parts.push(
    failedSelf.length
      ? `### ⚠ tokenmeter self-consistency FAILURES\n\n${failedSelf.map((c) => `- ${c.what}: ${c.detail}`).join('\n')}`
      : `tokenmeter self-consistency: all ${log.selfChecks.length} checks passed (count vs encode length, countMany/encodeMany vs per-string calls, countAsync vs count).`,
  );
  return { title: '7. Exactness against tiktoken', markdown: parts.join('\n\n'), targets };
}
