// 4. Batch calls (countMany / encodeMany) against a per-string sync loop, tokenmeter only.
import { loadLibrary } from '../libraries.mjs';
import { slicesFor } from '../pools.mjs';
import { sampleFreshPairs } from '../measure.mjs';
import { mdTable, ratio, sig, spread } from '../format.mjs';
import { atLeast, verdict } from '../targets.mjs';

/** The loop and batch forms of each operation; loops add lengths so nothing is optimized away. */
const FORMS = {
  count: {
    loop: (enc) => (slice) => {
      let total = 0;
      for (let i = 0; i < slice.length; i++) total += enc.count(slice[i]);
      return total;
    },
    batch: (enc) => (slice) => enc.countMany(slice),
    batchName: 'countMany',
  },
  encode: {
    loop: (enc) => (slice) => {
      let total = 0;
      for (let i = 0; i < slice.length; i++) total += enc.encode(slice[i]).length;
      return total;
    },
    batch: (enc) => (slice) => enc.encodeMany(slice),
    batchName: 'encodeMany',
  },
};

export async function run({ profile, log, progress }) {
  const cfg = profile.short;
  const targets = [];
  const rows = [];
  for (const encoding of profile.encodings.batch) {
    const enc = loadLibrary('tokenmeter', encoding).api;
    for (const length of cfg.lengths) {
      for (const [op, form] of Object.entries(FORMS)) {
        const loopSlices = slicesFor(profile, length, `batch:${op}-loop`);
        const batchSlices = slicesFor(profile, length, `batch:${form.batchName}`);
        checkBatchAgrees(log, enc, op, encoding, length, batchSlices[0]);
        const [loop, batch] = sampleFreshPairs(form.loop(enc), loopSlices, form.batch(enc), batchSlices);
        const n = loopSlices[0].length;
        const speedup = loop.median / batch.median;
        const t = atLeast(`4. ${form.batchName} vs per-string ${op} loop`, `${encoding} ${length}-unit`, speedup, 3);
        targets.push(t);
        const perSec = (ms) => n / (ms / 1000);
        rows.push([encoding, `${length}`, op, spread(loop, perSec), `\`${form.batchName}\``, spread(batch, perSec), `${ratio(speedup)} ${verdict(t.met)}`]);
        progress(`${encoding} ${length}-unit ${op}: loop ${sig(perSec(loop.median))}/s, ${form.batchName} ${sig(perSec(batch.median))}/s (${ratio(speedup)})`);
      }
    }
  }
  const markdown =
    `One call over a whole slice of fresh strings (${cfg.perRep[12]} 12-unit or ${cfg.perRep[200]} 200-unit strings) against a JS loop ` +
    `calling the sync form once per string, on different fresh slices, loop and batch passes alternating; strings/s, median (min–max) over ${cfg.reps} passes.\n\n` +
    mdTable(['encoding', 'units', 'op', 'loop strings/s', 'batch call', 'batch strings/s', 'speed-up (≥ 3x)'], rows);
  return { title: '4. Batch calls', markdown, targets };
}

/** The batch form must give exactly the per-string results. */
function checkBatchAgrees(log, enc, op, encoding, length, slice) {
  const what = `${encoding} ${op === 'count' ? 'countMany' : 'encodeMany'} === per-string ${op} (${slice.length} × ${length} units)`;
  const batch = op === 'count' ? enc.countMany(slice) : enc.encodeMany(slice);
  const bad = slice.findIndex((s, i) => {
    if (op === 'count') return batch[i] !== enc.count(s);
    const one = enc.encode(s);
    return batch[i].length !== one.length || batch[i].some((id, j) => id !== one[j]);
  });
  log.selfCheck(what, batch.length === slice.length && bad < 0, bad >= 0 ? `first difference at string #${bad}: ${JSON.stringify(slice[bad])}` : '');
}
