// The reference: OpenAI's tiktoken compiled to WASM (the `tiktoken` npm package).
//
// The package ships five of our six encodings. o200k_harmony (gpt-oss) is built here exactly as
// tiktoken_ext/openai_public.py builds it: o200k_base's ranks and pattern with harmony's specials.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { get_encoding, Tiktoken as WasmTiktoken } from 'tiktoken';
import type { EncodingName } from '../../types';

export const ENCODINGS: readonly EncodingName[] = ['r50k_base', 'p50k_base', 'p50k_edit', 'cl100k_base', 'o200k_base', 'o200k_harmony'];

/** The package's rank files: {pat_str, special_tokens, bpe_ranks}. */
interface RankFile {
  pat_str: string;
  special_tokens: Record<string, number>;
  bpe_ranks: string;
}

function readRankFile(name: string): RankFile {
  // Read through fs: the package's `exports` map does not expose every encoders/*.json path.
  const dir = path.join(path.dirname(require.resolve('tiktoken')), 'encoders');
  return JSON.parse(fs.readFileSync(path.join(dir, `${name}.json`), 'utf8')) as RankFile;
}

/** o200k_harmony's special tokens, transcribed from tiktoken_ext/openai_public.py. */
export function harmonySpecialTokens(o200kSpecials: Record<string, number>): Record<string, number> {
  const tokens: Record<string, number> = {
    ...o200kSpecials, // <|endoftext|> 199999, <|endofprompt|> 200018
    '<|startoftext|>': 199998,
    '<|endoftext|>': 199999,
    '<|reserved_200000|>': 200000,
    '<|reserved_200001|>': 200001,
    '<|return|>': 200002,
    '<|constrain|>': 200003,
    '<|reserved_200004|>': 200004,
    '<|channel|>': 200005,
    '<|start|>': 200006,
    '<|end|>': 200007,
    '<|message|>': 200008,
    '<|reserved_200009|>': 200009,
    '<|reserved_200010|>': 200010,
    '<|reserved_200011|>': 200011,
    '<|call|>': 200012,
  };
  // Includes <|reserved_200018|>, which shares id 200018 with <|endofprompt|>.
  for (let id = 200013; id <= 201087; id++) tokens[`<|reserved_${id}|>`] = id;
  return tokens;
}

export interface Reference {
  readonly name: EncodingName;
  readonly wasm: WasmTiktoken;
  /** Special-token string -> id, as the reference was built with. */
  readonly specialTokens: Readonly<Record<string, number>>;
  /** True when every special-token string starts with '<|' (checked at load, used as a fast filter). */
  readonly specialsStartWithMarker: boolean;
  /** Every special-token string of this id (harmony has two names for 200018). */
  readonly specialNamesById: ReadonlyMap<number, readonly string[]>;
  /**
   * Identifies the reference's ordinary-text tokenizer (pattern + ranks). Encodings that share it
   * (p50k_base/p50k_edit, o200k_base/o200k_harmony) give the same ids for text without special
   * tokens, so such results may be computed once for both.
   */
  readonly ordinaryKey: string;
  /** 1 + the largest id (rank or special). */
  readonly nVocab: number;
  /** True for ids the reference can decode. Calling its decode with any other id traps the WASM instance. */
  isValidId(id: number): boolean;
  /** Bytes of one valid token. */
  tokenBytes(id: number): Uint8Array;
}

/** Which ids the rank data defines. bpe_ranks lines read `<tag> <first id> <base64 token>...`. */
function rankIdFlags(bpeRanks: string, size: number): Uint8Array {
  const flags = new Uint8Array(size);
  for (const line of bpeRanks.split('\n')) {
    if (!line) continue;
    const fields = line.split(' ');
    const first = Number.parseInt(fields[1], 10);
    for (let i = 0; i < fields.length - 2; i++) flags[first + i] = 1;
  }
  return flags;
}

function maxRankId(bpeRanks: string): number {
  let max = -1;
  for (const line of bpeRanks.split('\n')) {
    if (!line) continue;
    const fields = line.split(' ');
    max = Math.max(max, Number.parseInt(fields[1], 10) + fields.length - 3);
  }
  return max;
}

function build(name: EncodingName): Reference {
  const file = readRankFile(name === 'o200k_harmony' ? 'o200k_base' : name);
  const specialTokens = name === 'o200k_harmony' ? harmonySpecialTokens(file.special_tokens) : { ...file.special_tokens };
  const wasm = name === 'o200k_harmony' ? new WasmTiktoken(file.bpe_ranks, specialTokens, file.pat_str) : get_encoding(name);

  const nVocab = Math.max(maxRankId(file.bpe_ranks), ...Object.values(specialTokens)) + 1;
  const flags = rankIdFlags(file.bpe_ranks, nVocab);
  const specialNamesById = new Map<number, string[]>();
  for (const [text, id] of Object.entries(specialTokens)) {
    flags[id] = 1;
    specialNamesById.set(id, [...(specialNamesById.get(id) ?? []), text]);
  }
  const ordinaryKey = createHash('sha256').update(file.pat_str).update('\0').update(file.bpe_ranks).digest('hex');
  return {
    name,
    wasm,
    ordinaryKey,
    specialTokens,
    specialsStartWithMarker: Object.keys(specialTokens).every((s) => s.startsWith('<|')),
    specialNamesById,
    nVocab,
    isValidId: (id) => Number.isInteger(id) && id >= 0 && id < nVocab && flags[id] === 1,
    tokenBytes: (id) => wasm.decode_single_token_bytes(id),
  };
}

/** A separate reference instance with extra special tokens (the caller frees it). */
export function extendedReference(name: EncodingName, extra: Record<string, number>): WasmTiktoken {
  if (name !== 'o200k_harmony') return get_encoding(name, extra);
  const file = readRankFile('o200k_base');
  return new WasmTiktoken(file.bpe_ranks, { ...harmonySpecialTokens(file.special_tokens), ...extra }, file.pat_str);
}

const loaded = new Map<EncodingName, Reference>();

/** The reference for `name`, built on first use. */
export function reference(name: EncodingName): Reference {
  let ref = loaded.get(name);
  if (!ref) {
    ref = build(name);
    loaded.set(name, ref);
  }
  return ref;
}

/** Frees every loaded reference (together ~120 MB of WASM tables). */
export function releaseReferences(): void {
  for (const ref of loaded.values()) ref.wasm.free();
  loaded.clear();
}

/** True if `text` contains any of the encoding's special-token strings. */
export function containsSpecialToken(ref: Reference, text: string): boolean {
  if (ref.specialsStartWithMarker && !text.includes('<|')) return false;
  return Object.keys(ref.specialTokens).some((s) => text.includes(s));
}
