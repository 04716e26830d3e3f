// 3. Short strings through the sync API: strings per second on fresh 12- and 200-unit strings.
import { LIBRARIES, REFERENCE, loadLibrary } from '../libraries.mjs';
import { sampleFor, slicesFor } from '../pools.mjs';
import { sampleFreshSlices } from '../measure.mjs';
import { mdTable, ratio, sig, spread } from '../format.mjs';
import { atLeast, verdict } from '../targets.mjs';

const OPS = ['encode', 'count'];

export async function run({ profile, log, progress }) {
  const cfg = profile.short;
  const targets = [];
  const parts = [
    `Strings of 12 and 200 UTF-16 units cut, without overlap, from mixed realistic text, each a fresh flat string. ` +
      `Each library makes ${cfg.reps} timed passes (after a warm-up) over strings that no earlier pass saw: up to ${cfg.perRep[12]} ` +
      `(12-unit) or ${cfg.perRep[200]} (200-unit) strings per pass, fewer for slower libraries so a pass takes about ${cfg.passMs} ms ` +
      `(the "/pass" figure). Rates are strings per second, median (min–max) over passes.`,
  ];

  for (const encoding of profile.encodings.short) {
    const rows = [];
    for (const length of cfg.lengths) {
      const rate = {}; // rate[op][lib] = { stats, perSec }
      for (const op of OPS) {
        rate[op] = {};
        const slices = slicesFor(profile, length, `short:${op}`);
        for (const lib of LIBRARIES) {
          const adapter = loadLibrary(lib.id, encoding);
          const fn = adapter[op];
          const stats = sampleFreshSlices(
            (strings) => {
              let total = 0;
              for (let i = 0; i < strings.length; i++) total += op === 'encode' ? fn(strings[i]).length : fn(strings[i]);
              return total;
            },
            slices,
            { passMs: cfg.passMs },
          );
          const n = stats.strings;
          rate[op][lib.id] = { stats, n, perSec: n / (stats.median / 1000) };
        }
        progress(`${encoding} ${length}-unit ${op}: ` + LIBRARIES.map((l) => `${l.id} ${sig(rate[op][l.id].perSec)}/s`).join(', '));
      }

      for (const op of OPS) {
        const r = rate[op];
        const vsGpt = r.tokenmeter.perSec / r['gpt-tokenizer'].perSec;
        let goal = '';
        if (op === 'encode') {
          const t = atLeast('3. short strings encode/s: tokenmeter vs gpt-tokenizer', `${encoding} ${length}-unit`, vsGpt, 1.5);
          targets.push(t);
          goal = ` ${verdict(t.met)}`;
        }
        rows.push([
          `${length}`,
          op,
          ...LIBRARIES.map((l) => `${spread(r[l.id].stats, (ms) => r[l.id].n / (ms / 1000))} · ${r[l.id].n}/pass`),
          `${ratio(vsGpt)}${goal}`,
          ratio(r.tokenmeter.perSec / r.tiktoken.perSec),
        ]);
      }
      checkExactness({ profile, log, encoding, length });
    }
    parts.push(
      `### ${encoding} (strings/s)\n\n` +
        mdTable(['units', 'op', ...LIBRARIES.map((l) => l.id), 'tokenmeter vs gpt-tokenizer (encode ≥ 1.5x)', 'tokenmeter vs tiktoken'], rows),
    );
  }
  return { title: '3. Short strings, sync API', markdown: parts.join('\n\n'), targets };
}

/** Every library's ids on a sample of the pool, against tiktoken's. */
function checkExactness({ profile, log, encoding, length }) {
  const sample = sampleFor(profile, length, profile.mode === 'quick' ? 200 : 1000);
  const reference = loadLibrary(REFERENCE, encoding);
  for (const lib of LIBRARIES) {
    const adapter = loadLibrary(lib.id, encoding);
    sample.forEach((text, i) => {
      log.compare({
        lib: lib.id,
        encoding,
        group: `short ${length}-unit`,
        label: `short-string pool (seed ${profile.seed}, ${length} units) #${i}: ${JSON.stringify(text)}`,
        text,
        ref: reference.encode(text),
        got: adapter.encode(text),
        decodeRef: reference.decodeBytes,
      });
    });
  }
}
