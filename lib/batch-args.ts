// How a batch of texts crosses into the addon.
//
// An Array costs several Node-API calls per text (element read, length, conversion), which for
// short texts outweighs the tokenizing itself. When every text is a string, the batch goes as one
// joined string plus each text's UTF-16 length: one copy for the whole batch. (Batches holding
// Buffers go as an Array.)
import type { TextInput } from '../types';
import { TokenmeterError } from './errors';

export type BatchArgs = [ReadonlyArray<TextInput>] | [string, Uint32Array];

export function batchArgs(texts: ReadonlyArray<TextInput>): BatchArgs {
  if (!Array.isArray(texts)) {
    throw new TokenmeterError('ERR_INVALID_ARGUMENT', 'texts must be an array of strings, Buffers or Uint8Arrays');
  }
  const lengths = new Uint32Array(texts.length);
  for (let i = 0; i < texts.length; i++) {
    const text = texts[i];
    if (typeof text !== 'string') return [texts];
    lengths[i] = text.length;
  }
  return [texts.join(''), lengths];
}
