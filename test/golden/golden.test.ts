// Golden equality with OpenAI's tiktoken (the WASM build in the `tiktoken` npm package): for every
// shipped encoding, tokenmeter must produce the same token ids for the generated corpus, for every
// Unicode scalar value alone, in runs and in context, and for special tokens in every mode; and
// decode every id to the same bytes.
//
// Budget (measured on the shared 2-core development machine): the reference encodes the corpus at
// ~1.3-1.5 MB/s (0.3 MB/s on the adversarial kind: long single pieces) and takes ~2-4 us per tiny
// call; tokenmeter runs at ~15-20 MB/s. The file compares ~6.7 M strings, ~92 M tokens and ~108 MB
// of UTF-8 in ~60 s of CPU (94 s wall with other jobs loading the machine). The constants below and
// inContextSweep (unicode.ts) are the knobs.
import { getEncoding, listEncodings } from '../../lib';
import type { Encoding, EncodingName } from '../../types';
import { KINDS, createRng, generateCorpus, type CorpusKind } from '../corpus/generate';
import { FailureLog, Tally, assertSameIds, describeMismatch, firstDifference, utf8Length } from './compare';
import { FlatIds, SharedExpectations } from './expected';
import { ENCODINGS, containsSpecialToken, extendedReference, reference, releaseReferences, type Reference } from './reference';
import { SWEEP_CASES, allScalars, scalarName, sweepTexts, type SweepCase } from './unicode';

const SEED = 20251123;
const CORPUS_BYTES_PER_KIND = 256 * 1024;
const SLICES_PER_KIND = 150;
const RANDOM_DECODE_SEQUENCES = 2000;

const corpus = new Map<CorpusKind, string>(generateCorpus(SEED, CORPUS_BYTES_PER_KIND).map(({ kind, text }) => [kind, text]));
const tally = new Tally();
// ignoreBOM keeps a leading U+FEFF, as tiktoken's decode does (TextDecoder's default drops it).
const utf8 = new TextDecoder('utf-8', { ignoreBOM: true });

afterAll(() => {
  releaseReferences();
  console.log(tally.summary());
});

/** The error `fn` throws (code and message), or undefined if it returns. */
function caught(fn: () => unknown): { code: unknown; message: string } | undefined {
  try {
    fn();
    return undefined;
  } catch (error) {
    const e = error as { code?: unknown; message?: unknown };
    return { code: e.code, message: String(e.message ?? error) };
  }
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && Buffer.compare(Buffer.from(a.buffer, a.byteOffset, a.length), Buffer.from(b.buffer, b.byteOffset, b.length)) === 0;
}

/** What TextEncoder (and so tiktoken's WASM glue) turns a JS string into: lone surrogates -> U+FFFD. */
function wellFormed(text: string): string {
  return utf8.decode(new TextEncoder().encode(text));
}

/** Moves a UTF-16 index off the middle of a surrogate pair. */
function alignToCodePoint(text: string, i: number): number {
  const isHigh = (c: number) => c >= 0xd800 && c <= 0xdbff;
  const isLow = (c: number) => c >= 0xdc00 && c <= 0xdfff;
  return i > 0 && i < text.length && isLow(text.charCodeAt(i)) && isHigh(text.charCodeAt(i - 1)) ? i - 1 : i;
}

/** Deterministic substrings of `text`, lengths spread log-uniformly over 1..4000 UTF-16 units. */
function slices(text: string, seed: number, count: number, aligned: boolean): string[] {
  const r = createRng(seed);
  const out: string[] = [];
  for (let k = 0; k < count; k++) {
    let start = r.int(text.length);
    let end = Math.min(text.length, start + Math.max(1, Math.floor(Math.exp(r.float() * Math.log(4000)))));
    if (aligned) {
      start = alignToCodePoint(text, start);
      end = alignToCodePoint(text, end);
    }
    if (end > start) out.push(text.slice(start, end));
  }
  return out;
}

/** Reserved harmony tokens are 1000+ look-alikes; reference calls that rebuild its special regex take a sample. */
function sampleSpecials(ref: Reference): string[] {
  const reserved = /^<\|reserved_\d+\|>$/;
  return Object.keys(ref.specialTokens).filter((s) => !reserved.test(s) || ref.specialTokens[s] % 97 === 0 || ref.specialTokens[s] === ref.nVocab - 1);
}

it('lists every shipped encoding', () => {
  expect([...listEncodings()].sort()).toEqual([...ENCODINGS].sort());
});

it('encodes "hello world" with cl100k_base as [15339, 1917], like tiktoken', () => {
  expect(Array.from(getEncoding('cl100k_base').encode('hello world'))).toEqual([15339, 1917]);
  expect(Array.from(reference('cl100k_base').wasm.encode('hello world'))).toEqual([15339, 1917]);
});

describe.each(ENCODINGS)('%s', (name: EncodingName) => {
  let ref: Reference;
  let enc: Encoding;
  beforeAll(() => {
    ref = reference(name);
    enc = getEncoding(name);
  });
  /** tiktoken's ids for each corpus kind, computed by the first test that needs them. */
  const corpusExpected = new Map<CorpusKind, Uint32Array>();
  const expectedFor = (kind: CorpusKind): Uint32Array => {
    let ids = corpusExpected.get(kind);
    if (!ids) {
      ids = ref.wasm.encode(corpus.get(kind)!); // default mode: throws if the text held a special token
      corpusExpected.set(kind, ids);
    }
    return ids;
  };

  it('has tiktoken\'s name, vocabulary size and special tokens', () => {
    expect(enc.name).toBe(name);
    expect(enc.nVocab).toBe(ref.nVocab);
    expect(enc.specialTokens).toEqual(ref.specialTokens);
    expect(enc.specialTokens).not.toBe(enc.specialTokens); // a fresh copy each read
  });

  describe('generated corpus', () => {
    it.each(KINDS)('%s: encode, encodeOrdinary and count match tiktoken', (kind) => {
      const text = corpus.get(kind)!;
      expect(containsSpecialToken(ref, text)).toBe(false);
      const expected = expectedFor(kind);
      assertSameIds(ref, `${name} ${kind} encode`, text, enc.encode(text), expected);
      assertSameIds(ref, `${name} ${kind} encodeOrdinary`, text, enc.encodeOrdinary(text), expected);
      expect(enc.count(text)).toBe(expected.length);
      expect(enc.countOrdinary(text)).toBe(expected.length);
      tally.add(name, 1, expected.length, utf8Length(text));
    });

    it.each(KINDS)('%s: slices (new starts and ends of text) match tiktoken', (kind) => {
      const texts = slices(corpus.get(kind)!, SEED + KINDS.indexOf(kind), SLICES_PER_KIND, true);
      const failures = new FailureLog();
      let tokens = 0;
      let bytes = 0;
      for (const text of texts) {
        // A slice of special-free text is special-free, so encode_ordinary is tiktoken's encode here,
        // without its per-call special-token regex (10 ms per call for o200k_harmony).
        const expected = ref.wasm.encode_ordinary(text);
        const actual = enc.encode(text);
        if (firstDifference(actual, expected) !== -1) failures.add(() => describeMismatch(ref, `${name} ${kind} slice`, text, actual, expected));
        else if (enc.count(text) !== expected.length) failures.add(() => `${name} ${kind} slice: count ${enc.count(text)} != ${expected.length}`);
        tokens += expected.length;
        bytes += utf8Length(text);
      }
      failures.throwIfAny(texts.length);
      tally.add(name, texts.length, tokens, bytes);
    });

    it.each(KINDS)('%s: decode round-trips and decodeBytes matches tiktoken', (kind) => {
      const text = corpus.get(kind)!;
      const ids = enc.encode(text);
      const decoded = enc.decode(ids);
      if (decoded !== text) throw new Error(`decode(encode(text)) differs from text at UTF-16 index ${firstDifference(decoded.split('').map((c) => c.charCodeAt(0)), text.split('').map((c) => c.charCodeAt(0)))}`);
      const refIds = expectedFor(kind); // decode the reference's ids: never an id the reference lacks
      expect(sameBytes(enc.decodeBytes(refIds), ref.wasm.decode(refIds))).toBe(true);
      expect(sameBytes(enc.decodeBytes(refIds), new TextEncoder().encode(text))).toBe(true);
    });

    it('takes UTF-8 bytes (Uint8Array and Buffer) exactly like the string', () => {
      for (const kind of KINDS) {
        const text = corpus.get(kind)!;
        const expected = enc.encode(text);
        assertSameIds(ref, `${name} ${kind} Buffer`, text, enc.encode(Buffer.from(text, 'utf8')), expected);
        assertSameIds(ref, `${name} ${kind} Uint8Array`, text, enc.encode(new TextEncoder().encode(text)), expected);
        expect(enc.count(Buffer.from(text, 'utf8'))).toBe(expected.length);
      }
    });
  });

  describe('special tokens', () => {
    const fillers = ['', ' ', 'a', 'hello ', '\n', '<|', '|>', '1', 'é', '  ', "'s", '😀'];

    it("'all': every special token, in one text between fillers of every class", () => {
      const specials = Object.keys(ref.specialTokens);
      const text = specials.map((s, i) => fillers[i % fillers.length] + s).join('') + ' end';
      const expected = ref.wasm.encode(text, 'all');
      assertSameIds(ref, `${name} all specials`, text, enc.encode(text, 'all'), expected);
      expect(enc.count(text, 'all')).toBe(expected.length);
      for (const s of specials) expect(Array.from(expected)).toContain(ref.specialTokens[s]); // the text really exercises each one
      tally.add(name, 1, expected.length, utf8Length(text));
    });

    it("'all': special tokens at the edges, adjacent, nested and truncated", () => {
      for (const s of sampleSpecials(ref)) {
        const texts = [s, s + s, `a${s}b`, ` ${s} `, `${s}\n\n`, `<|${s}|>`, s.slice(0, -1), s.slice(1), s + s.slice(0, -1), `${s.slice(0, 3)}${s}`];
        for (const text of texts) assertSameIds(ref, `${name} 'all' ${JSON.stringify(text)}`, text, enc.encode(text, 'all'), ref.wasm.encode(text, 'all'));
      }
    });

    it('an explicit allowed list (array or Set) matches tiktoken', () => {
      for (const s of sampleSpecials(ref)) {
        const text = `x ${s} y${s}`;
        const expected = ref.wasm.encode(text, [s]);
        assertSameIds(ref, `${name} allowed [${s}]`, text, enc.encode(text, [s]), expected);
        assertSameIds(ref, `${name} allowed Set{${s}}`, text, enc.encode(text, new Set([s])), expected);
        expect(enc.count(text, [s])).toBe(expected.length);
      }
    });

    it('by default every special token is disallowed: ERR_DISALLOWED_SPECIAL_TOKEN naming it, as tiktoken throws', () => {
      for (const s of Object.keys(ref.specialTokens)) {
        for (const call of [() => enc.encode(`a${s}b`), () => enc.count(`a${s}b`)]) {
          const error = caught(call);
          expect(error).toBeDefined();
          expect(error!.code).toBe('ERR_DISALLOWED_SPECIAL_TOKEN');
          expect(error!.message).toContain(s);
        }
      }
      for (const s of sampleSpecials(ref)) expect(caught(() => ref.wasm.encode(`a${s}b`))?.message).toContain(s);
    });

    it('an explicit disallowed list throws for the listed tokens', () => {
      for (const s of sampleSpecials(ref)) {
        const error = caught(() => enc.encode(`a${s}b`, [], [s]));
        expect(error?.code).toBe('ERR_DISALLOWED_SPECIAL_TOKEN');
        expect(error?.message).toContain(s);
        expect(caught(() => ref.wasm.encode(`a${s}b`, [], [s]))?.message).toContain(s);
      }
    });

    it('a special token in neither list encodes as ordinary text (disallowedSpecial: [])', () => {
      for (const s of sampleSpecials(ref)) {
        const text = `a ${s} b${s}`;
        const expected = ref.wasm.encode(text, [], []);
        expect(Array.from(expected)).toEqual(Array.from(ref.wasm.encode_ordinary(text))); // tiktoken's own rule
        assertSameIds(ref, `${name} neither ${s}`, text, enc.encode(text, [], []), expected);
        assertSameIds(ref, `${name} neither Set ${s}`, text, enc.encode(text, new Set(), new Set()), expected);
        expect(enc.count(text, [], [])).toBe(expected.length);
      }
    });

    it('encodeOrdinary and countOrdinary treat special-token strings as text, like encode_ordinary', () => {
      const text = Object.keys(ref.specialTokens).map((s, i) => fillers[i % fillers.length] + s).join('');
      const expected = ref.wasm.encode_ordinary(text);
      assertSameIds(ref, `${name} encodeOrdinary of specials`, text, enc.encodeOrdinary(text), expected);
      expect(enc.countOrdinary(text)).toBe(expected.length);
      for (const id of Object.values(ref.specialTokens)) expect(Array.from(expected)).not.toContain(id);
    });

    // tiktoken ignores allowed names that are not special tokens, but searches the text for every
    // disallowed string it is given, special token or not, and refuses text containing one.
    it('unknown names: ignored when allowed, refused in the text when disallowed, like tiktoken', () => {
      const text = 'x <|not_a_special_token|> y';
      const expected = ref.wasm.encode(text, ['<|not_a_special_token|>'], []);
      assertSameIds(ref, `${name} unknown allowed name`, text, enc.encode(text, ['<|not_a_special_token|>'], []), expected);
      expect(() => ref.wasm.encode(text, [], ['<|not_a_special_token|>'])).toThrow('<|not_a_special_token|>');
      const error = caught(() => enc.encode(text, [], ['<|not_a_special_token|>']));
      expect(error?.code).toBe('ERR_DISALLOWED_SPECIAL_TOKEN');
      expect(error?.message).toContain('<|not_a_special_token|>');
      // Absent from the text, an unknown disallowed string changes nothing.
      assertSameIds(ref, `${name} unknown disallowed, absent`, 'x y', enc.encode('x y', [], ['<|nope|>']), ref.wasm.encode('x y', [], ['<|nope|>']));
    });

    it('extended special tokens match tiktoken with the same extension', () => {
      const extra = { '<|extra_one|>': ref.nVocab, '<|extra_two|>': ref.nVocab + 7 };
      const refExt = extendedReference(name, extra);
      try {
        const ext = getEncoding(name, extra);
        expect(ext.nVocab).toBe(ref.nVocab + 8);
        expect(ext.specialTokens).toEqual({ ...ref.specialTokens, ...extra });
        const base = Object.keys(ref.specialTokens)[0];
        const text = `a<|extra_one|>b ${base} <|extra_two|><|extra_one|>`;
        assertSameIds(ref, `${name} extended 'all'`, text, ext.encode(text, 'all'), refExt.encode(text, 'all'));
        assertSameIds(ref, `${name} extended ordinary`, text, ext.encodeOrdinary(text), refExt.encode_ordinary(text));
        // Allowing one token still disallows the others (default disallowed = all - allowed).
        const error = caught(() => ext.encode(text, ['<|extra_one|>', base]));
        expect(error?.code).toBe('ERR_DISALLOWED_SPECIAL_TOKEN');
        expect(error?.message).toContain('<|extra_two|>');
        expect(caught(() => refExt.encode(text, ['<|extra_one|>', base]))?.message).toContain('<|extra_two|>');
        expect(ext.decode([ref.nVocab + 7, ref.nVocab])).toBe('<|extra_two|><|extra_one|>');
        // Disallowing only tokens that are absent leaves the present ones as plain text, in both.
        const plain = `a ${base} <|extra_one|>`;
        const expected = refExt.encode(plain, [], ['<|extra_two|>']);
        assertSameIds(ref, `${name} disallowed [<|extra_two|>]`, plain, ext.encode(plain, [], ['<|extra_two|>']), expected);
        assertSameIds(ref, `${name} disallowed [<|extra_two|>] is ordinary`, plain, expected, refExt.encode_ordinary(plain));
        // The shared encoding is unchanged.
        expect(caught(() => enc.encode('<|extra_one|>', 'all'))).toBeUndefined();
        expect(Array.from(enc.encode('<|extra_one|>', 'all'))).toEqual(Array.from(ref.wasm.encode_ordinary('<|extra_one|>')));
      } finally {
        refExt.free();
      }
    });
  });

  describe('decoding', () => {
    it('every token id decodes to tiktoken\'s bytes (decodeBytes) and to their UTF-8 text (decode)', () => {
      const failures = new FailureLog(10);
      let checked = 0;
      for (let id = 0; id < ref.nVocab; id++) {
        if (!ref.isValidId(id)) continue;
        checked++;
        const actual = enc.decodeBytes([id]);
        const names = ref.specialNamesById.get(id);
        // o200k_harmony names id 200018 twice (<|endofprompt|>, <|reserved_200018|>); tiktoken's
        // decoder keeps whichever its hash map saw last, so either spelling is tiktoken's answer.
        const accepted = names && names.length > 1 ? names.map((n) => new TextEncoder().encode(n)) : [ref.tokenBytes(id)];
        if (!accepted.some((b) => sameBytes(actual, b))) {
          failures.add(() => `id ${id}: tokenmeter ${JSON.stringify(Array.from(actual))}, tiktoken ${accepted.map((b) => JSON.stringify(Array.from(b))).join(' or ')}`);
        } else if (enc.decode([id]) !== utf8.decode(actual)) {
          failures.add(() => `id ${id}: decode ${JSON.stringify(enc.decode([id]))} != TextDecoder ${JSON.stringify(utf8.decode(actual))}`);
        }
      }
      failures.throwIfAny(checked);
      expect(checked).toBeGreaterThan(50000);
    });

    it('random id sequences decode like tiktoken; invalid UTF-8 becomes U+FFFD as TextDecoder does', () => {
      const r = createRng(SEED ^ ref.nVocab);
      const unambiguous = (id: number) => ref.isValidId(id) && (ref.specialNamesById.get(id)?.length ?? 1) === 1;
      const failures = new FailureLog();
      for (let k = 0; k < RANDOM_DECODE_SEQUENCES; k++) {
        const ids: number[] = [];
        const n = r.range(1, 24);
        while (ids.length < n) {
          // Mostly low ids: single bytes and short pieces, whose concatenations are often not UTF-8.
          const id = r.chance(0.5) ? r.int(512) : r.int(ref.nVocab);
          if (unambiguous(id)) ids.push(id);
        }
        const expectedBytes = ref.wasm.decode(Uint32Array.from(ids));
        const bytes = enc.decodeBytes(ids);
        const text = enc.decode(Uint32Array.from(ids)); // any ArrayLike<number>
        if (!sameBytes(bytes, expectedBytes)) failures.add(() => `decodeBytes [${ids}] differs from tiktoken`);
        else if (text !== utf8.decode(expectedBytes)) failures.add(() => `decode [${ids}]: ${JSON.stringify(text)} != ${JSON.stringify(utf8.decode(expectedBytes))}`);
      }
      failures.throwIfAny(RANDOM_DECODE_SEQUENCES);
    });

    it('a leading U+FEFF (BOM) survives decode, as in tiktoken', () => {
      for (const text of ['\ufeffusing System;', '\ufeff', '\ufeff\ufeffx']) {
        const ids = enc.encode(text);
        assertSameIds(ref, `${name} BOM`, text, ids, ref.wasm.encode_ordinary(text));
        expect(enc.decode(ids)).toBe(text);
        expect(sameBytes(enc.decodeBytes(ids), ref.wasm.decode(ids))).toBe(true);
      }
    });

    it('ids outside the vocabulary throw ERR_INVALID_TOKEN_ID', () => {
      const holes: number[] = [];
      for (let id = 0; id < ref.nVocab && holes.length < 20; id++) if (!ref.isValidId(id)) holes.push(id);
      const bad = [...holes, ref.nVocab, ref.nVocab + 1, 2 ** 31, 2 ** 32 - 1];
      for (const id of bad) {
        for (const call of [() => enc.decode([id]), () => enc.decodeBytes([id]), () => enc.decode([0, 1, id, 2])]) {
          const error = caught(call);
          expect({ id, code: error?.code }).toEqual({ id, code: 'ERR_INVALID_TOKEN_ID' });
          expect(error!.message).toContain(String(id));
        }
      }
    });

    it('negative and fractional ids are rejected, not wrapped or truncated', () => {
      for (const id of [-1, 1.5, Number.NaN]) {
        const error = caught(() => enc.decode([id]));
        expect(['ERR_INVALID_TOKEN_ID', 'ERR_INVALID_ARGUMENT']).toContain(error?.code);
      }
    });
  });

  describe('text that is not well-formed', () => {
    it('lone surrogates in JS strings encode as U+FFFD, as in tiktoken', () => {
      const fixed = ['\ud800', '\udfff', 'a\ud800b', 'x\ud83d', '\ude00y', '\ude00\ud83d', '\ud83d\ud83d\ude00', 'abc\udc00\udc00def', ' \ud800 ', "'\ud800s", '1\udbff2', '\ud800\n'];
      // Unaligned slices cut emoji and astral letters in half.
      const cut = [...slices(corpus.get('emoji')!, SEED + 1, 100, false), ...slices(corpus.get('multilingual')!, SEED + 2, 100, false)];
      const failures = new FailureLog();
      const texts = [...fixed, ...cut];
      for (const text of texts) {
        const expected = ref.wasm.encode_ordinary(text);
        const actual = enc.encode(text);
        if (firstDifference(actual, expected) !== -1) failures.add(() => describeMismatch(ref, `${name} lone surrogates`, text, actual, expected));
        else if (enc.decode(actual) !== wellFormed(text)) failures.add(() => `${name}: decode(encode(${JSON.stringify(text.slice(0, 40))})) is not the U+FFFD-replaced text`);
        else if (enc.count(text) !== expected.length) failures.add(() => `${name}: count differs for ${JSON.stringify(text.slice(0, 40))}`);
      }
      failures.throwIfAny(texts.length);
      expect(fixed.every((t) => wellFormed(t) !== t)).toBe(true); // each fixed case really is ill-formed
    });

    it('invalid UTF-8 bytes throw ERR_INVALID_UTF8 naming the offset', () => {
      const cases: Array<[number[], number]> = [
        [[0x61, 0xff, 0x62], 1], // never valid
        [[0x61, 0x62, 0xc0, 0x80], 2], // overlong NUL
        [[0xed, 0xa0, 0x80], 0], // encoded surrogate
        [[0x68, 0x69, 0xe4, 0xb8], 2], // truncated at the end
        [[0xf4, 0x90, 0x80, 0x80], 0], // above U+10FFFF
        [[0x80], 0], // lone continuation byte
      ];
      for (const [bytes, offset] of cases) {
        const error = caught(() => enc.encode(Uint8Array.from(bytes)));
        expect({ bytes, code: error?.code }).toEqual({ bytes, code: 'ERR_INVALID_UTF8' });
        expect(error!.message).toMatch(new RegExp(`\\b${offset}\\b`));
      }
    });
  });
});

// Encodings run one after another within each case, so the reference results of p50k_base and
// o200k_base are reused for p50k_edit and o200k_harmony (same pattern and ranks; see
// Reference.ordinaryKey) and only one case's results are held at a time.
describe('every Unicode scalar value', () => {
  const shared = new SharedExpectations();
  afterAll(() => shared.clear());

  /**
   * Compares tokenmeter with the reference over `count` texts; `show` names text i in failure
   * messages. With `batched`, tokenmeter encodes the texts through encodeMany, 4096 at a time
   * (still each text on its own), which keeps a million one-scalar calls affordable.
   */
  function compareAll(
    name: EncodingName,
    label: string,
    count: number,
    textAt: (i: number) => string,
    options: { roundTrip: boolean; batched: boolean },
    show: (i: number) => string,
  ): void {
    const ref = reference(name);
    const enc = getEncoding(name);
    const expected = shared.get(ref.ordinaryKey, label, () => {
      const ids = new FlatIds();
      for (let i = 0; i < count; i++) ids.push(ref.wasm.encode_ordinary(textAt(i)));
      return ids;
    });
    expect(expected.texts).toBe(count);
    const failures = new FailureLog(10);
    let bytes = 0;
    const BATCH = options.batched ? 4096 : 1;
    for (let start = 0; start < count; start += BATCH) {
      const texts: string[] = [];
      for (let i = start; i < Math.min(count, start + BATCH); i++) texts.push(textAt(i));
      const results = options.batched ? enc.encodeMany(texts) : [enc.encode(texts[0])];
      expect(results.length).toBe(texts.length);
      texts.forEach((text, k) => {
        const i = start + k;
        const actual = results[k];
        const want = expected.at(i);
        if (firstDifference(actual, want) !== -1) failures.add(() => `${show(i)}\n${describeMismatch(ref, `${name} ${label}`, text, actual, want)}`);
        else if (options.roundTrip && enc.decode(actual) !== text) failures.add(() => `${show(i)}: decode(encode(text)) !== text`);
        bytes += utf8Length(text);
      });
    }
    failures.throwIfAny(count);
    tally.add(name, count, expected.tokens, bytes);
  }

  describe.each(SWEEP_CASES.map((c) => [c.label, c] as const))('%s', (label: string, sweep: SweepCase) => {
    it('holds no special-token string', () => {
      expect(sweepTexts(sweep).some((t) => ENCODINGS.some((n) => containsSpecialToken(reference(n), t)))).toBe(false);
    });

    it.each(ENCODINGS)('%s', (name) => {
      const texts = sweepTexts(sweep);
      compareAll(name, label, texts.length, (i) => texts[i], { roundTrip: true, batched: false }, (i) => `text ${i} of ${texts.length}`);
    });
  });

  describe('each scalar alone', () => {
    const scalars = Uint32Array.from(allScalars());

    it('covers every scalar value', () => {
      expect(scalars.length).toBe(0x110000 - 0x800);
      expect(scalars[0xd7ff]).toBe(0xd7ff);
      expect(scalars[0xd800]).toBe(0xe000);
    });

    it.each(ENCODINGS)('%s', (name) => {
      compareAll(name, 'alone', scalars.length, (i) => String.fromCodePoint(scalars[i]), { roundTrip: false, batched: true }, (i) => `${scalarName(scalars[i])} alone`);
    });
  });
});
