// js-tiktoken's exact surface: the same exports, and encode() returning number[] rather than a
// Uint32Array, for code that depends on getting a plain array (Array.isArray, JSON, deep equality).
// `import { getEncoding } from 'tokenmeter/js-tiktoken'` replaces `from 'js-tiktoken'` unchanged.
import type { EncodingName, ModelLookupOptions, SpecialTokenSet, TiktokenBPE } from '../types';
import { loadEncoding, Tiktoken as NativeTiktoken } from './encoding';
import { getEncodingNameForModel as lookupEncodingName } from './model-table';

export type TiktokenEncoding = EncodingName;

export class Tiktoken {
  readonly #encoding: NativeTiktoken;

  constructor(ranks: TiktokenBPE, extendedSpecialTokens?: Record<string, number>);
  constructor(ranks: TiktokenBPE | NativeTiktoken, extendedSpecialTokens?: Record<string, number>) {
    this.#encoding = ranks instanceof NativeTiktoken ? ranks : new NativeTiktoken(ranks, extendedSpecialTokens);
  }

  encode(text: string, allowedSpecial: SpecialTokenSet = [], disallowedSpecial: SpecialTokenSet = 'all'): number[] {
    return Array.from(this.#encoding.encode(text, allowedSpecial, disallowedSpecial));
  }

  decode(tokens: number[]): string {
    return this.#encoding.decode(tokens);
  }
}

export function getEncoding(encoding: TiktokenEncoding, extendSpecialTokens?: Record<string, number>): Tiktoken {
  return new Tiktoken(loadEncoding(encoding, extendSpecialTokens) as unknown as TiktokenBPE);
}

export function encodingForModel(
  model: string,
  extendSpecialTokens?: Record<string, number>,
  options?: ModelLookupOptions,
): Tiktoken {
  return getEncoding(lookupEncodingName(model, options), extendSpecialTokens);
}

export function getEncodingNameForModel(model: string, options?: ModelLookupOptions): TiktokenEncoding {
  return lookupEncodingName(model, options);
}
