// 1. Encode and count throughput per corpus class, every library, cl100k_base and o200k_base.
import { FAST_JS, LIBRARIES, REFERENCE, loadLibrary } from '../libraries.mjs';
import { KINDS, generate, utf8Bytes, utf8Prefix } from '../inputs.mjs';
import { geomean, sampleAfterReset, sampleInterleaved } from '../measure.mjs';
import { mdTable, ratio, sig, spread } from '../format.mjs';
import { atLeast, verdict } from '../targets.mjs';

const OPS = ['encode', 'count'];
const mbps = (bytes) => (ms) => bytes / (ms * 1000); // MB = 10^6 bytes
/** The op whose timing stands for `op`: a count that is literally encode().length costs an encode. */
const timedOp = (lib, op) => (op === 'count' && lib.countVia === 'encode().length' ? 'encode' : op);

/** The text a library is timed on: js-tiktoken gets a prefix (it is super-linear, see config). */
function inputFor(libId, kind, text, cfg) {
  if (libId !== 'js-tiktoken') return text;
  return utf8Prefix(text, kind === 'adversarial' ? cfg.jsTiktokenAdversarialBytes : cfg.jsTiktokenBytes);
}

export async function run({ profile, log, progress }) {
  const cfg = profile.throughput;
  const encodings = profile.encodings.throughput;
  const texts = KINDS.map((kind) => ({ kind, text: generate(kind, profile.seed, cfg.classBytes) }));
  /** speed[encoding][op][lib][kind] = { stats (ms), bytes, mbps } */
  const speed = {};
  for (const encoding of encodings) speed[encoding] = { encode: {}, count: {}, cold: {} };

  for (const { kind, text } of texts) {
    // Every library's encode and count on this text, in every encoding, sampled in turns (see
    // sampleInterleaved): the o200k/cl100k target compares tokenmeter with itself across encodings,
    // so those samples must share the machine's slow spells too.
    const timed = encodings.flatMap((encoding) =>
      LIBRARIES.map((lib) => {
        const input = inputFor(lib.id, kind, text, cfg);
        return { encoding, lib, adapter: loadLibrary(lib.id, encoding), input, bytes: utf8Bytes(input) };
      }),
    );
    const cases = timed.flatMap((t) =>
      OPS.filter((op) => timedOp(t.lib, op) === op).map((op) => ({ t, op, fn: () => t.adapter[op](t.input) })),
    );
    const stats = sampleInterleaved(cases.map((c) => c.fn), profile.measure);
    for (const t of timed) {
      for (const op of OPS) {
        const at = cases.findIndex((c) => c.t === t && c.op === timedOp(t.lib, op));
        (speed[t.encoding][op][t.lib.id] ??= {})[kind] = { stats: stats[at], bytes: t.bytes, mbps: mbps(t.bytes)(stats[at].median) };
      }
    }
    // The reference's ids per encoding and timed text (js-tiktoken's prefix differs), computed once.
    const refIds = new Map(encodings.map((encoding) => [encoding, new Map()]));
    const refFor = (encoding, input) => {
      const byInput = refIds.get(encoding);
      if (!byInput.has(input)) byInput.set(input, loadLibrary(REFERENCE, encoding).encode(input));
      return byInput.get(input);
    };
    for (const { encoding, lib, adapter, input, bytes } of timed) {
      if (adapter.clearCache) {
        // The same encode with the merge cache emptied before each call: a document seen for the
        // first time. Informational; the targets use the warm figures above.
        const cold = sampleAfterReset(() => adapter.encode(input), adapter.clearCache, profile.measure.coldReps);
        (speed[encoding].cold[lib.id] ??= {})[kind] = { stats: cold, bytes, mbps: mbps(bytes)(cold.median) };
      }
      const e = speed[encoding].encode[lib.id][kind];
      const c = speed[encoding].count[lib.id][kind];
      progress(`${encoding} ${kind.padEnd(12)} ${lib.id.padEnd(13)} encode ${sig(e.mbps).padStart(7)} MB/s  count ${sig(c.mbps).padStart(7)} MB/s  (${bytes} B)`);

      // Exactness on the very text that was timed, against the reference's ids for it.
      if (lib.id !== REFERENCE) {
        const got = adapter.encode(input);
        log.compare({
          lib: lib.id,
          encoding,
          group: kind,
          label: `${kind} seed ${profile.seed}, first ${bytes} bytes (whole timed text)`,
          text: input,
          ref: refFor(encoding, input),
          got,
          decodeRef: loadLibrary(REFERENCE, encoding).decodeBytes,
        });
        if (lib.id === 'tokenmeter') {
          const counted = adapter.count(input);
          log.selfCheck(`${encoding} ${kind}: count() === encode().length`, counted === got.length, `count ${counted}, encode ${got.length}`);
        }
      }
    }
  }

  return report(speed, profile);
}

/** Median MB/s of each library over the classes, for the geomean row. */
function geomeanOf(byKind) {
  return geomean(KINDS.map((k) => byKind[k].mbps));
}

function report(speed, profile) {
  const targets = [];
  const parts = [];
  const libIds = LIBRARIES.map((l) => l.id);
  const countNote = LIBRARIES.map((l) => `${l.id}: \`${l.countVia}\``).join(', ');
  parts.push(
    `MB/s = 10^6 UTF-8 bytes per second; median over reps, (min–max) across reps. Each class is ${profile.throughput.classBytes / 1024} KB ` +
      `of \`generate(kind, ${profile.seed}, …)\`; js-tiktoken is timed on a prefix (${profile.throughput.jsTiktokenBytes / 1024} KB, adversarial ` +
      `${profile.throughput.jsTiktokenAdversarialBytes / 1024} KB) because its BPE is super-linear on long pre-tokens. Every library is timed on the ` +
      `same text many times, so gpt-tokenizer's and ai-tokenizer's merge caches are warm: this is their best case. The libraries take their ` +
      `samples in turns (one sample of each, round after round; a sample of short calls starts with one untimed call), so a slow spell of a ` +
      `shared machine lands on all of them alike. Count is ${countNote}; where count is \`encode().length\` the encode timing is reused.`,
  );

  for (const encoding of profile.encodings.throughput) {
    for (const op of OPS) {
      const s = speed[encoding][op];
      const rows = KINDS.map((k) => [k, ...libIds.map((id) => spread(s[id][k].stats, mbps(s[id][k].bytes)))]);
      rows.push(['**geomean**', ...libIds.map((id) => `**${sig(geomeanOf(s[id]))}**`)]);
      parts.push(`### ${op} — ${encoding} (MB/s)\n\n${mdTable(['class', ...libIds], rows)}`);

      const tGroup = `1. ${op} ${encoding}: tokenmeter vs tiktoken`;
      const jGroup = `1. ${op} ${encoding}: tokenmeter vs fastest of ${FAST_JS.join('/')}`;
      const ratioRows = [...KINDS, 'geomean'].map((k) => {
        const mine = k === 'geomean' ? geomeanOf(s.tokenmeter) : s.tokenmeter[k].mbps;
        const of = (id) => (k === 'geomean' ? geomeanOf(s[id]) : s[id][k].mbps);
        const vsTiktoken = mine / of('tiktoken');
        // Per class, whichever of the fast JS libraries is faster there.
        const fastest = Math.max(...FAST_JS.map(of));
        const fastestId = FAST_JS.find((id) => of(id) === fastest);
        const vsFast = mine / fastest;
        const t1 = atLeast(tGroup, k, vsTiktoken, 20);
        const t2 = atLeast(jGroup, k, vsFast, 10);
        targets.push(t1, t2);
        return [
          k,
          `${ratio(vsTiktoken)} ${verdict(t1.met)}`,
          ratio(mine / of('js-tiktoken')),
          ratio(mine / of('gpt-tokenizer')),
          ratio(mine / of('ai-tokenizer')),
          `${ratio(vsFast)} vs ${fastestId} ${verdict(t2.met)}`,
        ];
      });
      parts.push(
        `#### ${op} — ${encoding}: tokenmeter speed-up (ratio of median MB/s)\n\n` +
          mdTable(['class', 'vs tiktoken (≥ 20x)', 'vs js-tiktoken', 'vs gpt-tokenizer', 'vs ai-tokenizer', 'vs fastest JS (≥ 10x)'], ratioRows),
      );
    }
  }

  for (const encoding of profile.encodings.throughput) {
    const cold = speed[encoding].cold;
    const warm = speed[encoding].encode;
    const ids = Object.keys(cold);
    const rows = [...KINDS, 'geomean'].map((k) => {
      const pick = (byKind) => (k === 'geomean' ? geomeanOf(byKind) : byKind[k].mbps);
      const fastest = Math.max(...ids.map((id) => pick(cold[id])));
      return [
        k,
        sig(pick(warm.tokenmeter)),
        ...ids.map((id) => `${k === 'geomean' ? sig(pick(cold[id])) : spread(cold[id][k].stats, mbps(cold[id][k].bytes))} (warm ${sig(pick(warm[id]))})`),
        ratio(pick(warm.tokenmeter) / fastest),
      ];
    });
    parts.push(
      `### encode — ${encoding}, merge caches emptied before each call (MB/s, informational)\n\n` +
        `${ids.join(' and ')} memoize pre-token pieces; the warm tables above let them reuse every piece of the repeated text. ` +
        `Here the cache is cleared (untimed) before each of ${profile.measure.coldReps} calls, as for a document never seen before. ` +
        `No target uses these figures.\n\n` +
        mdTable(['class', 'tokenmeter', ...ids.map((id) => `${id} cold (warm)`), 'tokenmeter vs fastest cold'], rows),
    );
  }

  // o200k must be within 20% of cl100k: its MB/s at least 0.8x cl100k's.
  if (profile.encodings.throughput.includes('cl100k_base') && profile.encodings.throughput.includes('o200k_base')) {
    for (const op of OPS) {
      const group = `1. ${op}: tokenmeter o200k_base MB/s ≥ 0.8x cl100k_base`;
      const cl = speed.cl100k_base[op].tokenmeter;
      const o2 = speed.o200k_base[op].tokenmeter;
      const rows = [...KINDS, 'geomean'].map((k) => {
        const a = k === 'geomean' ? geomeanOf(cl) : cl[k].mbps;
        const b = k === 'geomean' ? geomeanOf(o2) : o2[k].mbps;
        const t = atLeast(group, k, b / a, 0.8);
        targets.push(t);
        return [k, sig(a), sig(b), `${ratio(b / a)} ${verdict(t.met)}`];
      });
      parts.push(`### tokenmeter ${op}: o200k_base vs cl100k_base\n\n${mdTable(['class', 'cl100k MB/s', 'o200k MB/s', 'o200k/cl100k (≥ 0.8x)'], rows)}`);
    }
  }

  const headline = profile.encodings.throughput.flatMap((encoding) =>
    OPS.map((op) => `${op} ${encoding} geomean MB/s: ` + libIds.map((id) => `${id} ${sig(geomeanOf(speed[encoding][op][id]))}`).join(', ')),
  );
  return { title: '1. Encode and count throughput', markdown: parts.join('\n\n'), targets, headline };
}
