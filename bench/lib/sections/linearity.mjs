// 6. Linearity: pathological 1 MB inputs (one long pre-token) against 1 MB of prose, tokenmeter; and
// the "8k spaces then x" case across libraries.
import { LIBRARIES, REFERENCE, loadLibrary } from '../libraries.mjs';
import { generate, randomLetters, repeatedChar, utf8Bytes } from '../inputs.mjs';
import { nowMs, sampleSync } from '../measure.mjs';
import { mdTable, ratio, sig, spread } from '../format.mjs';
import { atMost, verdict } from '../targets.mjs';

const OPS = ['encode', 'count'];
/** A single call slower than this stops the size ladder: the input is not being handled linearly. */
const GIVE_UP_MS = 5000;

function cases(profile) {
  const bytes = profile.linearity.bytes;
  return [
    { name: "'a' repeated", make: (n) => repeatedChar('a', n) },
    { name: "' ' repeated", make: (n) => repeatedChar(' ', n) },
    { name: "'日' repeated", make: (n) => repeatedChar('日', n) },
    { name: 'random letters, no spaces', make: (n) => randomLetters(profile.seed, n) },
  ].map((c) => ({ ...c, bytes }));
}

/**
 * Times op on the input at 1/16, 1/4 and full size. The smaller sizes get one call each (after a
 * warm-up call) to show the trend cheaply; the full size is sampled properly. Stops early if one
 * call exceeds GIVE_UP_MS, so a quadratic path cannot hang the run.
 * @returns {{ full: object | null, steps: { bytes, ms, gaveUp? }[] }}
 */
function ladder(fn, make, bytes, measureOpts) {
  const steps = [];
  for (const size of [bytes / 16, bytes / 4, bytes]) {
    const text = make(size);
    let t0 = nowMs();
    fn(text);
    let once = nowMs() - t0;
    if (once > GIVE_UP_MS) {
      steps.push({ bytes: utf8Bytes(text), ms: once, gaveUp: true });
      return { full: null, steps };
    }
    if (size === bytes) {
      const stats = sampleSync(() => fn(text), measureOpts);
      steps.push({ bytes: utf8Bytes(text), ms: stats.median });
      return { full: stats, steps };
    }
    t0 = nowMs();
    fn(text);
    once = nowMs() - t0;
    steps.push({ bytes: utf8Bytes(text), ms: once });
  }
}

export async function run({ profile, log, progress }) {
  const targets = [];
  const rows = [];
  const bytes = profile.linearity.bytes;
  const prose = generate('prose', profile.seed, bytes);
  for (const encoding of profile.encodings.linearity) {
    const tm = loadLibrary('tokenmeter', encoding);
    for (const op of OPS) {
      const base = sampleSync(() => tm[op](prose), profile.measure);
      const proseBytes = utf8Bytes(prose);
      rows.push([encoding, op, `prose (${sig(proseBytes / 1e6)} MB)`, spread(base), sig(proseBytes / (base.median * 1000)), '1x', '']);
      for (const c of cases(profile)) {
        const { full, steps } = ladder(tm[op], c.make, c.bytes, profile.measure);
        const mbpsAt = steps.map((s) => `${sig(s.bytes / 1024)} KB: ${s.gaveUp ? `gave up (one call ${sig(s.ms)} ms)` : sig(s.bytes / (s.ms * 1000))}`).join('; ');
        const timeRatio = full ? full.median / base.median : Infinity;
        const t = atMost(`6. linearity: ${op} time vs same-size prose (tokenmeter)`, `${encoding} ${c.name}`, timeRatio, 3, 'x');
        targets.push(t);
        rows.push([encoding, op, c.name, full ? spread(full) : 'gave up', full ? sig(steps.at(-1).bytes / (full.median * 1000)) : '—', `${ratio(timeRatio)} ${verdict(t.met)}`, mbpsAt]);
        progress(`${encoding} ${op} ${c.name}: ${full ? sig(full.median) + ' ms' : 'gave up'} (${ratio(timeRatio)} prose)`);
      }
    }
  }

  const spaces = spacesCase(profile, log, progress);
  const firstSight = firstSightCase(profile, log, progress);
  const markdown = [
    `tokenmeter on ${sig(bytes / 1024)} KB inputs that are one enormous pre-token (or one long run), against the same number of ` +
      `bytes of prose. ms per call median (min–max); the last column is MB/s at 1/16 and 1/4 size (one call each) and at full size (median): flat means linear.`,
    mdTable(['encoding', 'op', 'input', 'ms', 'MB/s', 'time / prose (≤ 3x)', 'MB/s by size'], rows),
    spaces,
    firstSight,
  ].join('\n\n');
  return { title: '6. Linearity', markdown, targets };
}

/** `spacesRun` spaces then "x": one whitespace pre-token that tiktoken merges pair by pair. */
function spacesCase(profile, log, progress) {
  const n = profile.linearity.spacesRun;
  const text = ' '.repeat(n) + 'x';
  const rows = [];
  for (const encoding of profile.encodings.linearity) {
    const reference = loadLibrary(REFERENCE, encoding);
    const ref = reference.encode(text);
    const timing = {};
    for (const lib of LIBRARIES) {
      // js-tiktoken needs seconds per call here; it is left out rather than stretch the run.
      if (lib.id === 'js-tiktoken') continue;
      const adapter = loadLibrary(lib.id, encoding);
      timing[lib.id] = sampleSync(() => adapter.encode(text), profile.measure);
      log.compare({ lib: lib.id, encoding, group: 'linearity', label: `${n} spaces then "x"`, text, ref, got: adapter.encode(text), decodeRef: reference.decodeBytes });
    }
    const mine = timing.tokenmeter.median;
    for (const [id, stats] of Object.entries(timing)) {
      rows.push([encoding, id, spread(stats, (ms) => ms * 1000), id === 'tokenmeter' ? '—' : ratio(stats.median / mine)]);
    }
    progress(`${encoding} ${n} spaces + x: ` + Object.entries(timing).map(([id, s]) => `${id} ${sig(s.median * 1000)} µs`).join(', '));
  }
  return (
    `#### ${n} spaces then "x" (encode)\n\n` +
    mdTable(['encoding', 'library', 'µs per call', 'tokenmeter speed-up'], rows) +
    `\n\njs-tiktoken is not timed on this input (its BPE takes seconds on one run of this length).`
  );
}

/**
 * Random letters without spaces, one pre-token, seen for the first time by every library (merge
 * caches emptied first): the case behind the random-letters linearity rows, for context. Every
 * library must run BPE on text it has never seen, and there is no repetition for a cache to use.
 * One call each (tiktoken's merge loop is quadratic: about a second here, a minute at 256 KB).
 */
function firstSightCase(profile, log, progress) {
  const encoding = 'cl100k_base';
  const bytes = profile.linearity.firstSightBytes;
  const text = randomLetters(profile.seed + 1, bytes);
  const reference = loadLibrary(REFERENCE, encoding);
  const ref = reference.encode(text);
  const rows = [];
  let mine = NaN;
  for (const lib of LIBRARIES) {
    // js-tiktoken needs minutes per call here; it is left out rather than stretch the run.
    if (lib.id === 'js-tiktoken') continue;
    const adapter = loadLibrary(lib.id, encoding);
    adapter.clearCache?.();
    const t0 = nowMs();
    const got = adapter.encode(text);
    const ms = nowMs() - t0;
    log.compare({ lib: lib.id, encoding, group: 'linearity', label: `${bytes} random letters, first sight`, text, ref, got, decodeRef: reference.decodeBytes });
    if (lib.id === 'tokenmeter') mine = ms;
    rows.push([lib.id, sig(ms), sig(bytes / (ms * 1000)), lib.id === 'tokenmeter' ? '—' : ratio(ms / mine)]);
  }
  progress(`${encoding} ${bytes} B random letters, first sight: ` + rows.map((r) => `${r[0]} ${r[1]} ms`).join(', '));
  return (
    `#### ${sig(bytes / 1024)} KB of random letters, first sight (encode, ${encoding}, one call)\n\n` +
    mdTable(['library', 'ms', 'MB/s', 'tokenmeter speed-up'], rows) +
    `\n\nOne pre-token that no library has seen (merge caches emptied first): BPE on new text, with nothing a cache can reuse. ` +
    `js-tiktoken is not timed (minutes per call). Informational; no target uses it.`
  );
}
