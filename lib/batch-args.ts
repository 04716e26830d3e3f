// How a batch of texts crosses into the addon: as the Array itself. The addon reads every text
// into one arena in a single call, then tokenizes (on several threads for a large batch).
//
// An earlier form joined all strings into one and sent their lengths; on the machines measured,
// joining allocated a string the size of the batch (fresh pages, each a costly fault), which made
// it slower than reading the elements one by one.
import type { TextInput } from '../types';
import { TokenmeterError } from './errors';

export type BatchArgs = [ReadonlyArray<TextInput>];

export function batchArgs(texts: ReadonlyArray<TextInput>): BatchArgs {
  if (!Array.isArray(texts)) {
    throw new TokenmeterError('ERR_INVALID_ARGUMENT', 'texts must be an array of strings, Buffers or Uint8Arrays');
  }
  return [texts];
}
