// Types of 'tokenmeter/js-tiktoken': js-tiktoken's surface, served by tokenmeter's native core.
import type { EncodingName, ModelLookupOptions, SpecialTokenSet, TiktokenBPE } from './index';

export type TiktokenEncoding = EncodingName;

export declare class Tiktoken {
  constructor(ranks: TiktokenBPE, extendedSpecialTokens?: Record<string, number>);
  encode(text: string, allowedSpecial?: SpecialTokenSet, disallowedSpecial?: SpecialTokenSet): number[];
  decode(tokens: number[]): string;
}

export declare function getEncoding(encoding: TiktokenEncoding, extendSpecialTokens?: Record<string, number>): Tiktoken;
export declare function encodingForModel(
  model: string,
  extendSpecialTokens?: Record<string, number>,
  options?: ModelLookupOptions,
): Tiktoken;
export declare function getEncodingNameForModel(model: string, options?: ModelLookupOptions): TiktokenEncoding;
