// tokenmeter's public entry point. The names match js-tiktoken's (getEncoding, encodingForModel,
// getEncodingNameForModel, Tiktoken), so switching is a change of import.
import type { Encoding, EncodingName, ModelLookupOptions } from '../types';
import { loadEncoding, Tiktoken } from './encoding';
import { TokenmeterError } from './errors';
import { getEncodingNameForModel } from './model-table';
import { native } from './native';

export type * from '../types';
export { AbortError } from './abort';
export { Tiktoken, TokenmeterError, getEncodingNameForModel };

/** The shared encoding `name` (loaded lazily, once per process); with extra special tokens, a new one. */
export function getEncoding(name: EncodingName, extendSpecialTokens?: Record<string, number>): Encoding {
  return loadEncoding(name, extendSpecialTokens);
}

/** The encoding a model uses; unknown models throw ERR_UNKNOWN_MODEL unless `options.fallback` is given. */
export function encodingForModel(
  model: string,
  extendSpecialTokens?: Record<string, number>,
  options?: ModelLookupOptions,
): Encoding {
  return loadEncoding(getEncodingNameForModel(model, options), extendSpecialTokens);
}

/** Names of every shipped encoding. */
export function listEncodings(): EncodingName[] {
  return native.encodingNames() as EncodingName[];
}
