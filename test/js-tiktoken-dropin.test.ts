// tokenmeter as a drop-in for js-tiktoken: one piece of typical js-tiktoken code, written once
// against the module, run unchanged on js-tiktoken itself and on tokenmeter's two entry points.
// '../lib' returns Uint32Array from encode (normalized with Array.from before comparing);
// '../lib/js-tiktoken' must return js-tiktoken's exact shapes (number[]).
import * as tokenmeter from '../lib';
import * as tokenmeterJs from '../lib/js-tiktoken';
import type { TiktokenBPE } from '../types';

// js-tiktoken is an ES module package with a CommonJS build; this CommonJS test file takes the
// CommonJS build through require (a static import would need the ESM build).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const jsTiktoken: typeof import('js-tiktoken', { with: { 'resolution-mode': 'import' } }) = require('js-tiktoken');
// Rank objects exactly as js-tiktoken users import them (`import ranks from 'js-tiktoken/ranks/...'`).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const cl100kRanks: TiktokenBPE = require('js-tiktoken/ranks/cl100k_base');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const o200kRanks: TiktokenBPE = require('js-tiktoken/ranks/o200k_base');

/** The part of js-tiktoken's surface that typical code touches, typed loosely enough for all three. */
interface EncoderLike {
  encode(text: string, allowedSpecial?: 'all' | string[], disallowedSpecial?: 'all' | string[]): ArrayLike<number>;
  decode(tokens: number[]): string;
}
interface ModuleLike {
  getEncoding(name: 'cl100k_base' | 'o200k_base' | 'p50k_base' | 'r50k_base'): EncoderLike;
  encodingForModel(model: 'gpt-4o' | 'gpt-3.5-turbo' | 'text-davinci-003'): EncoderLike;
  getEncodingNameForModel(model: 'gpt-4' | 'gpt-4o-mini' | 'text-embedding-3-small'): string;
  Tiktoken: new (ranks: TiktokenBPE, extendedSpecialTokens?: Record<string, number>) => EncoderLike;
}

const asModule = (m: unknown) => m as ModuleLike;
const MODULES: Array<[string, ModuleLike]> = [
  ['js-tiktoken', asModule(jsTiktoken)],
  ['tokenmeter', asModule(tokenmeter)],
  ['tokenmeter/js-tiktoken', asModule(tokenmeterJs)],
];

/** What the usage code lets a caller observe; token lists are whatever encode returned. */
type Observed = Record<string, unknown>;

/** Typical js-tiktoken usage: written once, for any module with js-tiktoken's surface. */
function typicalUsage(m: ModuleLike): Observed {
  const out: Observed = {};
  const enc = m.getEncoding('cl100k_base');

  const text = 'Hello, world! Tokenizers split text into tokens: café, 東京, 👍🏽, and "quotes".';
  const toks = enc.encode(text);
  out.tokens = toks;
  out.count = toks.length;
  out.roundTrip = enc.decode(toks as number[]);

  // Truncate to a token budget, then decode (a common "fit into context" recipe).
  out.truncated = enc.decode(Array.prototype.slice.call(toks, 0, 5) as number[]);
  // Decoding a token that ends inside a multi-byte character yields U+FFFD.
  out.partialEmoji = enc.decode(Array.prototype.slice.call(enc.encode('👍🏽'), 0, 1) as number[]);

  // Model lookups.
  out.gpt4oLength = m.encodingForModel('gpt-4o').encode('The quick brown fox jumps over the lazy dog.').length;
  out.gpt35 = m.encodingForModel('gpt-3.5-turbo').encode('multi\nline\n\ttext');
  out.davinci003 = m.encodingForModel('text-davinci-003').encode('    indented code();');
  out.names = [m.getEncodingNameForModel('gpt-4'), m.getEncodingNameForModel('gpt-4o-mini'), m.getEncodingNameForModel('text-embedding-3-small')];

  // Other encodings by name.
  out.o200k = m.getEncoding('o200k_base').encode("I'm sure it's fine — isn't it?");
  out.p50k = m.getEncoding('p50k_base').encode('def f(x):\n        return x  # four spaces');
  out.r50k = m.getEncoding('r50k_base').encode('GPT-2 era text, 2019.');

  // The constructor with imported rank data, with and without extra special tokens (ChatML).
  const fromRanks = new m.Tiktoken(cl100kRanks);
  out.fromRanks = fromRanks.encode(text);
  const chatml = new m.Tiktoken(cl100kRanks, { '<|im_start|>': 100264, '<|im_end|>': 100265 });
  out.chatml = chatml.encode('<|im_start|>user\nHi there<|im_end|>', 'all');
  out.chatmlDecoded = chatml.decode([100264, 882, 198, 13347, 100265]);
  out.o200kRanks = new m.Tiktoken(o200kRanks).encode('naïve façade');

  // Special tokens.
  out.specialAll = enc.encode('<|endoftext|>', 'all');
  out.specialListed = enc.encode('a<|endoftext|>b<|fim_prefix|>', ['<|endoftext|>'], []);
  out.specialAsText = enc.encode('<|endoftext|>', [], []);
  try {
    enc.encode('text <|endoftext|> more');
    out.disallowed = 'no error';
  } catch (error) {
    out.disallowed = /<\|endoftext\|>/.test(String((error as Error).message)) ? 'threw naming the token' : 'threw without naming it';
  }

  // The OpenAI cookbook's chat token count (num_tokens_from_messages for gpt-4-class models).
  const messages = [
    { role: 'system', content: 'You are a helpful assistant.' },
    { role: 'user', name: 'alice', content: 'How many tokens is this?' },
  ];
  let numTokens = 0;
  for (const message of messages) {
    numTokens += 3;
    for (const [key, value] of Object.entries(message)) {
      numTokens += enc.encode(value).length;
      if (key === 'name') numTokens += 1;
    }
  }
  out.chatTokens = numTokens + 3;
  return out;
}

/** Typed arrays become plain arrays; everything else is compared as is. */
function normalized(observed: Observed): Observed {
  const isTyped = (v: unknown) => ArrayBuffer.isView(v) && !(v instanceof DataView);
  return Object.fromEntries(Object.entries(observed).map(([k, v]) => [k, isTyped(v) ? Array.from(v as Uint32Array) : v]));
}

const tokenKeys = ['tokens', 'gpt35', 'davinci003', 'o200k', 'p50k', 'r50k', 'fromRanks', 'chatml', 'o200kRanks', 'specialAll', 'specialListed', 'specialAsText'];

describe('typical js-tiktoken code runs unchanged', () => {
  const results = new Map<string, Observed>();
  beforeAll(() => {
    for (const [label, m] of MODULES) results.set(label, typicalUsage(m));
  });

  it('on js-tiktoken itself (the baseline is sane)', () => {
    const baseline = results.get('js-tiktoken')!;
    expect(baseline.roundTrip).toBe('Hello, world! Tokenizers split text into tokens: café, 東京, 👍🏽, and "quotes".');
    expect(baseline.specialAll).toEqual([100257]);
    expect(baseline.disallowed).toBe('threw naming the token');
    expect(baseline.names).toEqual(['cl100k_base', 'o200k_base', 'cl100k_base']);
  });

  it.each(['tokenmeter', 'tokenmeter/js-tiktoken'])('%s gives the same observable results as js-tiktoken', (label) => {
    expect(normalized(results.get(label)!)).toEqual(normalized(results.get('js-tiktoken')!));
  });

  it('tokenmeter/js-tiktoken returns plain number[] like js-tiktoken', () => {
    for (const label of ['js-tiktoken', 'tokenmeter/js-tiktoken']) {
      const observed = results.get(label)!;
      for (const key of tokenKeys) expect({ label, key, isArray: Array.isArray(observed[key]) }).toEqual({ label, key, isArray: true });
    }
  });

  it("tokenmeter's own entry returns Uint32Array", () => {
    const observed = results.get('tokenmeter')!;
    for (const key of tokenKeys) expect({ key, type: Object.prototype.toString.call(observed[key]) }).toEqual({ key, type: '[object Uint32Array]' });
  });
});

describe('tokenmeter/js-tiktoken details', () => {
  it('encode defaults match js-tiktoken: nothing allowed, everything else disallowed', () => {
    const ours = tokenmeterJs.getEncoding('cl100k_base');
    const theirs = jsTiktoken.getEncoding('cl100k_base');
    expect(() => ours.encode('<|fim_middle|>')).toThrow('<|fim_middle|>');
    expect(() => theirs.encode('<|fim_middle|>')).toThrow('<|fim_middle|>');
    expect(ours.encode('<|fim_middle|>', ['<|fim_middle|>'])).toEqual(theirs.encode('<|fim_middle|>', ['<|fim_middle|>']));
  });

  it('decode accepts the number[] that encode returned, and JSON round-trips the ids', () => {
    const enc = tokenmeterJs.getEncoding('o200k_base');
    const ids = enc.encode('JSON-serializable ids');
    expect(JSON.parse(JSON.stringify(ids))).toEqual(ids);
    expect(enc.decode(JSON.parse(JSON.stringify(ids)) as number[])).toBe('JSON-serializable ids');
  });
});
