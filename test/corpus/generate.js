'use strict';
// Deterministic text corpus for golden tests and benchmarks.
//
// Everything here is a pure function of (kind, seed, approxBytes): no Math.random, no clock, no
// locale-dependent calls, no external data. The same seed gives the same text on every machine and
// Node version, so a golden mismatch found once can be reproduced from its seed.
//
// Plain CommonJS on purpose: Jest (ts-jest, CommonJS) and the .mjs benchmarks both load it.
// Types for TypeScript callers live in generate.d.ts.

/** @typedef {'prose'|'code'|'json'|'multilingual'|'emoji'|'whitespace'|'digits'|'contractions'|'adversarial'} CorpusKind */

/** @type {ReadonlyArray<CorpusKind>} */
const KINDS = Object.freeze([
  'prose',
  'code',
  'json',
  'multilingual',
  'emoji',
  'whitespace',
  'digits',
  'contractions',
  'adversarial',
]);

// ---------------------------------------------------------------------------------------------
// PRNG: splitmix32 (a 32-bit cousin of splitmix64). Small, fast, good enough for test data, and
// every step is an exact 32-bit integer operation so results never depend on float rounding.

/**
 * @typedef {object} Rng
 * @property {() => number} next      uniform uint32
 * @property {() => number} float     uniform in [0, 1)
 * @property {(n: number) => number} int   uniform integer in [0, n)
 * @property {(lo: number, hi: number) => number} range   uniform integer in [lo, hi] (inclusive)
 * @property {(p: number) => boolean} chance  true with probability p
 * @property {<T>(items: ReadonlyArray<T>) => T} pick
 */

/**
 * @param {number} seed any integer; only its low 32 bits matter
 * @returns {Rng}
 */
function createRng(seed) {
  let state = seed >>> 0;
  function next() {
    state = (state + 0x9e3779b9) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
    z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
    return (z ^ (z >>> 15)) >>> 0;
  }
  const float = () => next() / 4294967296;
  /** @param {number} n */
  const int = (n) => Math.floor(float() * n);
  return {
    next,
    float,
    int,
    range: (lo, hi) => lo + int(hi - lo + 1),
    chance: (p) => float() < p,
    pick: (items) => items[int(items.length)],
  };
}

/** Mixes a kind's name into the seed so kinds are independent streams. */
function kindSeed(/** @type {number} */ seed, /** @type {string} */ kind) {
  let h = (seed ^ 0x811c9dc5) >>> 0;
  for (let i = 0; i < kind.length; i++) h = Math.imul(h ^ kind.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

/** UTF-8 length of a JS string (lone surrogates count 3 bytes, as TextEncoder writes U+FFFD). */
function utf8Length(/** @type {string} */ s) {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c < 0xdc00 && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

/** Repeats `piece()` until the text reaches `approxBytes` UTF-8 bytes. */
function fill(/** @type {number} */ approxBytes, /** @type {() => string} */ piece) {
  const parts = [];
  let bytes = 0;
  while (bytes < approxBytes) {
    const p = piece();
    parts.push(p);
    bytes += utf8Length(p);
  }
  return parts.join('');
}

const cp = String.fromCodePoint;
const words = (/** @type {string} */ s) => s.split(' ');

// ---------------------------------------------------------------------------------------------
// prose

const PROSE_WORDS = words(
  'the of and to in is was that for it with as on be at by this had not are but from or have an ' +
    'they which one you were her all she there would their we him been has when who will more no if ' +
    'out so said what up its about into than them can only other new some could time these two may ' +
    'then do first any my now such like our over man me even most made after also did many before ' +
    'must through back years where much your way well down should because each just those people how ' +
    'too little state good very make world still own see men work long get here between both life being ' +
    'under never day same another know while last might us great old year off come since against go came ' +
    'right used take three extraordinary misunderstanding well-known twenty-one self-evident naïve café ' +
    'résumé coöperate internationalization photosynthesis',
);
const PROPER_NOUNS = words('Alice Bob London Paris Tokyo Monday October NASA OpenAI McDonald O\'Brien Zoë São_Paulo');
const ABBREVIATIONS = words('e.g. i.e. etc. Dr. Mrs. U.S. a.m. p.m. vs. No.');

/** @param {Rng} r */
function proseWord(r) {
  const roll = r.float();
  if (roll < 0.05) return r.pick(PROPER_NOUNS).replace('_', ' ');
  if (roll < 0.07) return r.pick(ABBREVIATIONS);
  if (roll < 0.1) return r.pick(['1999', '3.5', '$12.50', '42%', '#1', '2nd', '10,000', '7:30']);
  return r.pick(PROSE_WORDS);
}

/** @param {Rng} r */
function proseSentence(r) {
  const n = r.range(3, 22);
  const out = [];
  for (let i = 0; i < n; i++) {
    let w = proseWord(r);
    if (i === 0) w = w.charAt(0).toUpperCase() + w.slice(1);
    if (i < n - 1 && r.chance(0.12)) w += r.pick([',', ',', ',', ';', ':', ' —', ' –', '—']);
    if (r.chance(0.03)) w = '(' + w + ')';
    out.push(w);
  }
  let s = out.join(' ') + r.pick(['.', '.', '.', '.', '?', '!', '...', '…', '?!', '."', '.)']);
  const q = r.float();
  if (q < 0.1) s = '"' + s + '"';
  else if (q < 0.17) s = '\u201c' + s + '\u201d';
  else if (q < 0.2) s = '\u2018' + s + '\u2019';
  else if (q < 0.23) s = "'" + s + "'";
  else if (q < 0.25) s = '«' + s + '»';
  return s;
}

/** @param {Rng} r */
function prose(r) {
  const n = r.range(2, 7);
  const sentences = [];
  for (let i = 0; i < n; i++) sentences.push(proseSentence(r));
  return sentences.join(r.chance(0.1) ? '  ' : ' ') + r.pick(['\n\n', '\n\n', '\n', ' ', '\n\n\n']);
}

// ---------------------------------------------------------------------------------------------
// code

const IDENT_PARTS = words('user id count value item list node data index buffer result error name key map size tmp x y i j');

/** @param {Rng} r */
function ident(r) {
  const a = r.pick(IDENT_PARTS);
  const b = r.pick(IDENT_PARTS);
  switch (r.int(5)) {
    case 0:
      return a;
    case 1:
      return a + b.charAt(0).toUpperCase() + b.slice(1); // camelCase
    case 2:
      return a + '_' + b; // snake_case
    case 3:
      return (a + '_' + b).toUpperCase(); // SCREAMING_CASE
    default:
      return '_' + a + r.int(100);
  }
}

/** @param {Rng} r */
function literal(r) {
  return r.pick([
    () => String(r.int(1000)),
    () => '0x' + r.next().toString(16).toUpperCase(),
    () => (r.float() * 100).toFixed(r.int(6)),
    () => '1e-' + r.int(12),
    () => '1_000_000',
    () => '3.14f',
    () => '"' + r.pick(['hello\\n', 'tab\\there', 'quote \\"x\\"', 'path\\\\to', '%s: %d', 'ünïcödé']) + '"',
    () => "'" + r.pick(['a', '\\0', "it\\'s", '{}']) + "'",
    () => '`${' + ident(r) + '} items`',
    () => r.pick(['null', 'None', 'true', 'False', 'undefined', 'nullptr']),
    () => '/^[a-z]+\\d*$/gi',
  ])();
}

const OPERATORS = words('+ - * / % == === != !== <= >= && || ?? => -> :: << >> >>>= += -= *= **= |= & | ^ ~ ! ?. ...');

/** @param {Rng} r */
function expr(r, depth = 0) {
  if (depth > 2 || r.chance(0.35)) return r.chance(0.5) ? ident(r) : literal(r);
  const f = r.int(4);
  if (f === 0) return expr(r, depth + 1) + ' ' + r.pick(OPERATORS) + ' ' + expr(r, depth + 1);
  if (f === 1) return ident(r) + '(' + expr(r, depth + 1) + ', ' + expr(r, depth + 1) + ')';
  if (f === 2) return ident(r) + '[' + expr(r, depth + 1) + ']';
  return '(' + expr(r, depth + 1) + ')';
}

/** @param {Rng} r */
function jsBlock(r, /** @type {string} */ ind, /** @type {string} */ unit, depth = 0) {
  const lines = [];
  const n = r.range(1, 5);
  for (let i = 0; i < n; i++) {
    const k = r.int(8);
    if (k === 0 && depth < 3) {
      lines.push(`${ind}if (${expr(r)}) {`, ...jsBlock(r, ind + unit, unit, depth + 1), `${ind}} else {`);
      lines.push(...jsBlock(r, ind + unit, unit, depth + 1), `${ind}}`);
    } else if (k === 1 && depth < 3) {
      lines.push(`${ind}for (let i = 0; i < ${ident(r)}.length; i++) {`, ...jsBlock(r, ind + unit, unit, depth + 1), `${ind}}`);
    } else if (k === 2) lines.push(`${ind}// ${proseSentence(r)}`);
    else if (k === 3) lines.push(`${ind}/* ${r.pick(['TODO', 'FIXME', 'NOTE'])}: ${proseWord(r)} */ ${ident(r)}++;`);
    else if (k === 4) lines.push(`${ind}return ${expr(r)};`);
    else if (k === 5) lines.push(`${ind}const { ${ident(r)}, ${ident(r)} } = await ${ident(r)}?.${ident(r)}() ?? {};`);
    else lines.push(`${ind}${r.pick(['let', 'const', 'var'])} ${ident(r)} = ${expr(r)};${r.chance(0.1) ? '   ' : ''}`);
  }
  return lines;
}

/** @param {Rng} r */
function pyBlock(r, /** @type {string} */ ind, depth = 0) {
  const lines = [];
  const n = r.range(1, 5);
  for (let i = 0; i < n; i++) {
    const k = r.int(7);
    if (k === 0 && depth < 3) lines.push(`${ind}if ${expr(r)}:`, ...pyBlock(r, ind + '    ', depth + 1));
    else if (k === 1 && depth < 3) lines.push(`${ind}for ${ident(r)} in range(${r.int(100)}):`, ...pyBlock(r, ind + '    ', depth + 1));
    else if (k === 2) lines.push(`${ind}# ${proseSentence(r)}`);
    else if (k === 3) lines.push(`${ind}"""${proseSentence(r)}"""`);
    else if (k === 4) lines.push(`${ind}return [${ident(r)} ** 2 for ${ident(r)} in ${ident(r)} if ${ident(r)}]`);
    else lines.push(`${ind}${ident(r)} = ${expr(r)}`);
  }
  return lines;
}

/** @param {Rng} r */
function cBlock(r) {
  const lines = [`#include <${r.pick(['stdio.h', 'stdint.h', 'string.h'])}>`, `static int ${ident(r)}(const char *s, size_t n) {`];
  lines.push(`\tfor (size_t i = 0; i < n; ++i) {`, `\t\tif (s[i] == '\\n' || s[i] >= 0x7f) { return -1; }`, `\t}`);
  lines.push(`\tuint32_t h = 2166136261u; /* FNV */`, `\th ^= (uint32_t)n; h *= 16777619u;`, `\treturn (int)(h >> 3) & ~0xFF;`, `}`);
  return lines;
}

/** @param {Rng} r */
function code(r) {
  const lang = r.int(3);
  let lines;
  if (lang === 0) {
    const unit = r.pick(['  ', '    ', '\t']);
    lines = [`export async function ${ident(r)}(${ident(r)}, ${ident(r)} = {}) {`, ...jsBlock(r, unit, unit), '}'];
  } else if (lang === 1) {
    lines = [`def ${ident(r)}(self, ${ident(r)}: int = 0) -> list[str]:`, ...pyBlock(r, '    ')];
  } else lines = cBlock(r);
  const eol = r.chance(0.15) ? '\r\n' : '\n';
  return lines.join(eol) + eol + (r.chance(0.5) ? eol : '');
}

// ---------------------------------------------------------------------------------------------
// json

const JSON_STRINGS = [
  'hello world',
  'line1\nline2\ttabbed',
  'quote " backslash \\ slash /',
  'café naïve',
  '日本語のテキスト',
  'emoji 🎉👍🏽',
  'control \u0001\u001f',
  '',
  '   padded   ',
  'https://example.com/a?b=c&d=e#f',
];

/** @param {Rng} r */
function jsonValue(r, depth = 0) {
  const k = depth > 4 ? r.int(4) : r.int(7);
  if (k === 0) return r.pick([true, false, null]);
  if (k === 1)
    return r.pick([
      () => r.int(100000) - 50000,
      () => Number((r.float() * 1000).toFixed(r.int(8))),
      () => r.float() * 1e300,
      () => -r.float() / 1e10,
      () => 0,
    ])();
  if (k === 2) return r.pick(JSON_STRINGS);
  if (k === 3) return proseWord(r) + ' ' + proseWord(r);
  if (k === 4) {
    const arr = [];
    for (let i = r.int(6); i > 0; i--) arr.push(jsonValue(r, depth + 1));
    return arr;
  }
  /** @type {Record<string, unknown>} */
  const obj = {};
  for (let i = r.range(1, 6); i > 0; i--) obj[r.chance(0.1) ? r.pick(['ключ', 'clé', '键', '$ref', '@id']) : ident(r)] = jsonValue(r, depth + 1);
  return obj;
}

/** @param {Rng} r */
function json(r) {
  let s = JSON.stringify(jsonValue(r), null, r.pick([0, 2, 4, '\t']));
  // JSON.stringify leaves non-ASCII raw; half the documents use \uXXXX escapes instead, as many
  // serializers (Python's json.dumps default) do.
  if (r.chance(0.5)) s = s.replace(/[\u0080-\uffff]/g, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'));
  return s + '\n';
}

// ---------------------------------------------------------------------------------------------
// multilingual

const SCRIPTS = {
  chinese: words('你好 世界 我们 今天 天气 很好 学习 中文 电脑 程序 北京 上海 人工智能 数据 谢谢'),
  japanese: words('こんにちは ありがとう 日本語 東京 カタカナ ひらがな テスト です ます ラーメン コンピューター ｶﾀｶﾅ'),
  korean: words('안녕하세요 감사합니다 한국어 서울 컴퓨터 사랑해요 대한민국 ㄱㄴㄷ'),
  arabic: words('مرحبا العالم شكرا كتاب مَرْحَبًا السَّلَامُ عَلَيْكُمْ اللغة العربية'),
  hebrew: words('שלום עולם תודה שָׁלוֹם עִבְרִית ספר'),
  devanagari: words('नमस्ते दुनिया हिन्दी भाषा धन्यवाद क्षत्रिय संस्कृत'),
  cyrillic: words('Привет мир Москва ёлка ЁЖИК спасибо Україна їжак'),
  greek: words('Γειά σου κόσμε ἄνθρωπος ΑΘΗΝΑ ψυχή ῥυθμός'),
  thai: words('สวัสดี ภาษาไทย ขอบคุณ กรุงเทพ น้ำ ผู้ใหญ่'),
  latin: words('Tiếng Việt Ærøskøbing straße ŁÓDŹ Ångström ǅemal'),
  // Decomposed forms: base letter followed by combining marks (NFD), including stacked marks.
  combining: ['e\u0301', 'a\u0308', 'n\u0303', 'o\u0302\u0301', 'A\u030a', 'i\u0307\u0301', 'u\u0308\u0304', 'z\u0336\u0337'],
};
const SCRIPT_NAMES = /** @type {(keyof typeof SCRIPTS)[]} */ (Object.keys(SCRIPTS));
// Random letters from whole blocks, so the corpus is not limited to the words above.
const SCRIPT_RANGES = [
  [0x4e00, 0x9fff], // CJK unified ideographs
  [0x3041, 0x3096], // hiragana
  [0x30a1, 0x30fa], // katakana
  [0xac00, 0xd7a3], // Hangul syllables
  [0x0621, 0x064a], // Arabic letters
  [0x05d0, 0x05ea], // Hebrew letters
  [0x0915, 0x0939], // Devanagari consonants
  [0x0410, 0x044f], // Cyrillic
  [0x0391, 0x03c9], // Greek
  [0x0e01, 0x0e2e], // Thai consonants
  [0x20000, 0x2a6df], // CJK extension B (astral)
];
const FOREIGN_PUNCT = ['。', '、', '，', '！', '？', '：', '؟', '،', '।', '«', '»', '・', '·', ' ', ' ', ' '];

/** @param {Rng} r */
function multilingual(r) {
  const out = [];
  for (let i = r.range(3, 12); i > 0; i--) {
    if (r.chance(0.25)) {
      const [lo, hi] = r.pick(SCRIPT_RANGES);
      let w = '';
      for (let j = r.range(1, 6); j > 0; j--) w += cp(r.range(lo, hi));
      // Sprinkle combining marks (Devanagari vowel signs, Thai tone marks, Hebrew points, generic).
      if (r.chance(0.3)) w += cp(r.pick([0x093f, 0x094d, 0x0e48, 0x0e31, 0x05b8, 0x064e, 0x0301, 0x0323]));
      out.push(w);
    } else out.push(r.pick(SCRIPTS[r.pick(SCRIPT_NAMES)]));
    out.push(r.pick(FOREIGN_PUNCT));
  }
  return out.join('') + (r.chance(0.3) ? '\n' : '');
}

// ---------------------------------------------------------------------------------------------
// emoji

const ZWJ = '\u200d';
const VS16 = '\ufe0f';
const VS15 = '\ufe0e';
const BASIC_EMOJI = words('😀 😂 🥲 🎉 🚀 🔥 💯 🍕 🐍 🌍 ✨ ⚡ ❤ ☺ ✔ ☎ ⭐ 🫠 🪿');
const SKIN_TONE_BASES = words('👍 👋 ✋ 🙏 🤝 💪 👶 🧑 👩 👨');
const ZWJ_SEQUENCES = [
  ['👨', '👩', '👧', '👦'],
  ['👩', '❤' + VS16, '💋', '👨'],
  ['🏳' + VS16, '🌈'],
  ['🐈', '⬛'],
  ['🧑', '💻'],
  ['👁' + VS16, '🗨' + VS16],
].map((parts) => parts.join(ZWJ));
const REGIONS = words('US GB JP DE FR BR IN KR CN UA ZA MX EU UN ZZ');

/** @param {Rng} r */
function emojiItem(r) {
  switch (r.int(8)) {
    case 0:
      return r.pick(BASIC_EMOJI);
    case 1:
      return r.pick(BASIC_EMOJI) + r.pick([VS16, VS15]); // text vs emoji presentation
    case 2:
      return r.pick(SKIN_TONE_BASES) + cp(r.range(0x1f3fb, 0x1f3ff)); // Fitzpatrick modifiers
    case 3:
      return r.pick(ZWJ_SEQUENCES);
    case 4: {
      // A person with a skin tone in a ZWJ sequence, e.g. technologist, astronaut.
      return r.pick(['🧑', '👩', '👨']) + cp(r.range(0x1f3fb, 0x1f3ff)) + ZWJ + r.pick(['💻', '🚀', '🔬', '🎨']);
    }
    case 5: {
      // Regional-indicator flags: A..Z map to U+1F1E6..U+1F1FF; ZZ is an invalid flag on purpose.
      const code = r.pick(REGIONS);
      return cp(0x1f1e6 + code.charCodeAt(0) - 65) + cp(0x1f1e6 + code.charCodeAt(1) - 65);
    }
    case 6: {
      // Subdivision flag: black flag + tag letters + cancel tag (England, Scotland, Wales).
      const tag = r.pick(['gbeng', 'gbsct', 'gbwls']);
      return '🏴' + Array.from(tag, (c) => cp(0xe0000 + c.charCodeAt(0))).join('') + cp(0xe007f);
    }
    default:
      // Keycaps, with and without the variation selector.
      return r.pick(words('0 1 2 3 4 5 6 7 8 9 # *')) + (r.chance(0.7) ? VS16 : '') + '\u20e3';
  }
}

/** @param {Rng} r */
function emoji(r) {
  const out = [];
  for (let i = r.range(2, 10); i > 0; i--) {
    const run = r.chance(0.2) ? r.range(2, 6) : 1;
    for (let j = 0; j < run; j++) out.push(emojiItem(r));
    out.push(r.pick([' ', ' ', '', '\n', ' ' + proseWord(r) + ' ', '!', proseWord(r)]));
  }
  return out.join('');
}

// ---------------------------------------------------------------------------------------------
// whitespace

const UNICODE_SPACES = [
  '\u00a0', // NO-BREAK SPACE
  '\u3000', // IDEOGRAPHIC SPACE
  '\u0085', // NEXT LINE
  '\u2028', // LINE SEPARATOR
  '\u2029', // PARAGRAPH SEPARATOR
  '\u000b', // VT
  '\u000c', // FF
  '\u1680', // OGHAM SPACE MARK
  '\u2003', // EM SPACE
  '\u2009', // THIN SPACE
  '\u202f', // NARROW NO-BREAK SPACE
  '\u205f', // MEDIUM MATHEMATICAL SPACE
  '\u200b', // ZERO WIDTH SPACE: not \s, a classic trap
  '\ufeff', // BOM / ZWNBSP: not \s either
];

/** @param {Rng} r */
function whitespaceRun(r) {
  switch (r.int(9)) {
    case 0:
      return ' '.repeat(r.range(2, 300));
    case 1:
      return '\t'.repeat(r.range(1, 40));
    case 2:
      return '\n'.repeat(r.range(1, 30));
    case 3:
      return '\r\n'.repeat(r.range(1, 10));
    case 4:
      return '\r';
    case 5: {
      let s = '';
      for (let i = r.range(2, 30); i > 0; i--) s += r.pick([' ', '\t', '\n', '\r\n', ' \n', '\n ']);
      return s;
    }
    case 6:
      return r.pick(UNICODE_SPACES).repeat(r.range(1, 4));
    case 7:
      return ' '.repeat(r.range(1, 8)) + r.pick(UNICODE_SPACES) + ' '.repeat(r.range(0, 3));
    default:
      return ' ';
  }
}

/** @param {Rng} r */
function whitespace(r) {
  const out = [];
  for (let i = r.range(2, 12); i > 0; i--) {
    out.push(whitespaceRun(r));
    out.push(r.pick([() => proseWord(r), () => r.pick(['!', '{', '//', '-->', '...']), () => String(r.int(1000)), () => r.pick(SCRIPTS.japanese)])());
  }
  return out.join('');
}

// ---------------------------------------------------------------------------------------------
// digits

// Zero digits of decimal-digit (Nd) systems; other digits follow contiguously.
const DIGIT_ZEROS = [0x30, 0x660, 0x6f0, 0x966, 0x9e6, 0xe50, 0xff10, 0x1d7ce, 0x1040, 0x0be6];
const OTHER_NUMBERS = words('¹ ² ³ ½ ¾ ⅓ ① ② ⑳ Ⅻ ⅷ 〇 〸 𐄇 ⁴');

/** @param {Rng} r */
function digitString(r, /** @type {number} */ n, zero = 0x30) {
  let s = '';
  for (let i = 0; i < n; i++) s += cp(zero + r.int(10));
  return s;
}

/** @param {Rng} r */
function digits(r) {
  const d = (/** @type {number} */ n) => digitString(r, n);
  return r.pick([
    () => d(r.range(1, 300)), // long runs: \p{N}{1,3} chunking
    () => d(r.range(1, 3)) + ',' + d(3) + ',' + d(3) + '.' + d(2),
    () => d(1) + ' ' + d(3) + ' ' + d(3),
    () => d(1) + '_' + d(3) + '_' + d(3),
    () => d(1) + "'" + d(3) + "'" + d(3),
    () => `${2000 + r.int(30)}-${d(2)}-${d(2)}T${d(2)}:${d(2)}:${d(2)}.${d(3)}Z`,
    () => `${d(2)}/${d(2)}/${d(4)}`,
    () => `v${r.int(20)}.${r.int(100)}.${r.int(1000)}-rc.${r.int(9)}+build.${d(6)}`,
    () => `${r.int(256)}.${r.int(256)}.${r.int(256)}.${r.int(256)}:${r.int(65536)}`,
    () => `+1 (${d(3)}) ${d(3)}-${d(4)}`,
    () => '0x' + r.next().toString(16) + r.next().toString(16),
    () => `${r.chance(0.5) ? '-' : ''}${d(r.range(1, 6))}.${d(r.range(1, 8))}e${r.chance(0.5) ? '-' : '+'}${d(2)}`,
    () => `${d(r.range(1, 4))}%`,
    () => `$${d(r.range(1, 7))}.${d(2)}`,
    () => `${r.range(1, 99)}${r.pick(['st', 'nd', 'rd', 'th'])}`,
    () => `abc${d(r.range(1, 9))}def${d(r.range(1, 9))}`,
    () => digitString(r, r.range(1, 12), r.pick(DIGIT_ZEROS)), // other scripts' Nd digits
    () => d(2) + digitString(r, 2, r.pick(DIGIT_ZEROS)) + d(2), // mixed scripts inside one number
    () => r.pick(OTHER_NUMBERS) + r.pick(OTHER_NUMBERS) + d(r.range(0, 4)), // No/Nl numbers
  ])() + r.pick([' ', ' ', '\n', ', ', '; ', ' / ']);
}

// ---------------------------------------------------------------------------------------------
// contractions

const CONTRACTIONS = words(
  "don't can't won't isn't I'm you're we've they'll she'd he's it's let's that's who'd y'all o'clock ma'am " +
    "should've would've couldn't mustn't I'd we'll they're there's what's",
);
const APOSTROPHES = ["'", "'", "'", '\u2019', '\u2018', '\u02bc', '\uff07', '`', '\u00b4'];

/** @param {Rng} r */
function recase(r, /** @type {string} */ w) {
  const k = r.int(4);
  if (k === 0) return w;
  if (k === 1) return w.toUpperCase();
  if (k === 2) return w.charAt(0).toUpperCase() + w.slice(1);
  let s = '';
  for (const c of w) s += r.chance(0.5) ? c.toUpperCase() : c.toLowerCase(); // MiXeD
  return s;
}

/** @param {Rng} r */
function contractionItem(r) {
  switch (r.int(9)) {
    case 0:
    case 1:
      return recase(r, r.pick(CONTRACTIONS));
    case 2:
      return recase(r, r.pick(CONTRACTIONS)).replace("'", r.pick(APOSTROPHES)); // typographic apostrophes
    case 3:
      // Suffixes alone, in any case; 'ſ is LATIN SMALL LETTER LONG S, which case-folds to s.
      return r.pick(words("'s 'S 'ſ 't 'T 're 'RE 'rE 've 'Ve 'VE 'm 'M 'll 'LL 'lL 'd 'D"));
    case 4:
      return r.pick(words("James's dogs' 90's 1990's '90s rock'n'roll 'tis '''s ''' 's's x'sy l'll O'Neill")); // edge cases
    case 5:
      // A contraction suffix glued to more letters: 'sa, 'llama, 'very, 'DOG.
      return proseWord(r) + "'" + recase(r, r.pick(['sa', 'llama', 'very', 'dog', 'ted', 'mm', 'realm']));
    case 6:
      return r.pick([' ', '!', '1', '\n', '(', '"']) + "'" + r.pick(['s', 't', 'll', 've', 're', 'd', 'm']);
    default:
      return recase(r, proseWord(r));
  }
}

/** @param {Rng} r */
function contractions(r) {
  const out = [];
  for (let i = r.range(4, 14); i > 0; i--) out.push(contractionItem(r));
  return out.join(' ') + r.pick(['.', '?', '!', "'", '\u2019']) + r.pick([' ', '\n']);
}

// ---------------------------------------------------------------------------------------------
// adversarial

// Repeated units: ASCII classes, multi-byte letters, a base+combining pair, a lone combining mark,
// CJK, an astral emoji, Arabic tatweel, ZWJ, letters with tricky case mappings.
const REPEAT_UNITS = ['a', ' ', '\n', '1', '!', 'é', 'e\u0301', '\u0301', '中', '😀', '\t', "'", '.', 'ـ', '\u200d', 'ß', 'İ', 'ab', '\r\n', '<|'];
const LONE_MARKS = ['\u0301', '\u0308\u0308\u0308', '\u093f', '\u0e31', '\u05b8', '\u20dd', '\u1ab0', '\u0345'];

/** A uniformly random Unicode scalar value (never a surrogate), biased toward the BMP. */
function randomScalar(/** @type {Rng} */ r) {
  for (;;) {
    const c = r.chance(0.6) ? r.int(0x10000) : r.int(0x110000);
    if (c < 0xd800 || c > 0xdfff) return cp(c);
  }
}

/** @param {Rng} r */
function adversarial(r) {
  switch (r.int(8)) {
    case 0:
      return r.pick(REPEAT_UNITS).repeat(r.range(1000, 5000));
    case 1: {
      // No-space text: one long pre-token that BPE must merge from single bytes.
      let s = '';
      const alphabet = r.pick(['abcdefghijklmnopqrstuvwxyz', 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghij', 'etaoinshrdlu']);
      for (let i = r.range(200, 2500); i > 0; i--) s += alphabet.charAt(r.int(alphabet.length));
      return s;
    }
    case 2:
      return r.pick(['a1', 'a ', 'a!', '1 ', 'A a', '\n ', ' \n', 'aA', 'Aa', '1.', "a'", "'s", 'é1', '中a', '😀a']).repeat(r.range(200, 1500));
    case 3: {
      // Lone combining marks at the start, after spaces, digits, newlines and punctuation.
      let s = '';
      for (let i = r.range(5, 40); i > 0; i--) s += r.pick(['', ' ', '1', '\n', '.', 'a', '\u200d']) + r.pick(LONE_MARKS);
      return s;
    }
    case 4: {
      let s = '';
      for (let i = r.range(50, 400); i > 0; i--) s += randomScalar(r);
      return s;
    }
    case 5:
      // Upper/lower case transitions inside one word (o200k splits CamelCase differently).
      return r.pick(['HTTPServer', 'getHTTPResponseCode', 'ÀÉÎõüÑ', 'ΣΊΣΥΦΟΣ', 'ǅǈǋ', 'ẞß', 'XMLHttpRequest']).repeat(r.range(1, 50)) + ' ';
    case 6:
      // Near-misses of special tokens; none is a real special token of any encoding.
      // Each ends in a space so the next piece cannot complete a real token.
      return r.pick(['<|endoftext', 'endoftext |>', '<| endoftext|>', '<|ENDOFTEXT|>', '<||>', '<|fim_prefix', '< |end| >', '<|endofprompt |>']) + ' ';
    default: {
      // Mixed classes with no separators at all.
      let s = '';
      for (let i = r.range(20, 200); i > 0; i--) s += r.pick(['a', 'Z', '7', '٣', '!', ' ', '\t', '\n', 'é', '中', '😀', "'", '\u0301', '\u00a0', '_']);
      return s;
    }
  }
}

// ---------------------------------------------------------------------------------------------

/** @type {Record<CorpusKind, (r: Rng) => string>} */
const GENERATORS = { prose, code, json, multilingual, emoji, whitespace, digits, contractions, adversarial };

/**
 * Deterministic text of one kind, at least `approxBytes` UTF-8 bytes (overshooting by at most one
 * generated piece, which for `adversarial` can be ~20 KB).
 * @param {CorpusKind} kind
 * @param {number} seed
 * @param {number} approxBytes
 * @returns {string}
 */
function generate(kind, seed, approxBytes) {
  const gen = GENERATORS[kind];
  if (!gen) throw new TypeError(`unknown corpus kind ${JSON.stringify(kind)}; expected one of ${KINDS.join(', ')}`);
  const r = createRng(kindSeed(seed, kind));
  return fill(approxBytes, () => gen(r));
}

/**
 * One text per kind, in KINDS order.
 * @param {number} seed
 * @param {number} approxBytesPerKind
 * @returns {{ kind: CorpusKind, text: string }[]}
 */
function generateCorpus(seed, approxBytesPerKind) {
  return KINDS.map((kind) => ({ kind, text: generate(kind, seed, approxBytesPerKind) }));
}

module.exports = { KINDS, generate, generateCorpus, createRng, utf8Length };
