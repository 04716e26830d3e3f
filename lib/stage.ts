// Large strings reach async calls in chunks, so the event loop is never stalled by one big copy.
//
// The addon can read a string only on the JavaScript thread; converting 10 MB at once blocks it
// for about 10 ms. Above STAGE_THRESHOLD, the string is appended to a native TextStage a chunk
// per event-loop turn, and the async call then takes the whole buffer without copying it. Where
// the string is cut does not matter (the chunks are joined again before tokenizing), except that a
// cut must not separate the two halves of a surrogate pair.
import type { TextInput } from '../types';
import { native, type NativeText, type NativeTextStage } from './native';

/** Strings longer than this (UTF-16 units) are staged in chunks. */
export const STAGE_THRESHOLD = 1 << 20;
const CHUNK_UNITS = 1 << 19;

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** The text itself, or for a long string a TextStage filled across event-loop turns. */
export async function stageForAsync(text: TextInput): Promise<NativeText | NativeTextStage> {
  if (typeof text !== 'string' || text.length <= STAGE_THRESHOLD) return text;
  const stage = new native.TextStage(text.length);
  let start = 0;
  while (start < text.length) {
    let end = Math.min(start + CHUNK_UNITS, text.length);
    const last = text.charCodeAt(end - 1);
    if (end < text.length && last >= 0xd800 && last <= 0xdbff) end -= 1; // keep surrogate pairs whole
    stage.append(text.slice(start, end));
    start = end;
    if (start < text.length) await nextTurn();
  }
  return stage;
}
