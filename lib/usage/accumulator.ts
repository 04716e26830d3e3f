// createUsageAccumulator: reads usage from a response stream fed piece by piece, in whatever
// pieces the network delivered. Bytes are sniffed once: AWS event-stream frames start with a zero
// byte (a big-endian length under 16 MB); text never does. Nothing but the unfinished
// line/object/frame is kept, so memory stays bounded however long the stream runs.
import { TextDecoder } from 'node:util';
import type { UsageResult, UsageAccumulator, UsageChunk, UsageOptions } from '../../types/usage';
import { TokenmeterError } from '../errors';
import { applyDocument } from './apply';
import { eventFromMessage } from './framing/bedrock-events';
import { EventStreamDecoder } from './framing/event-stream';
import { TextEventReader } from './framing/text-reader';
import { finalize } from './finalize';
import { describe, resolveOptions, type ResolvedOptions } from './options';
import { Evidence, UsageState } from './state';

export function createUsageAccumulator(options?: UsageOptions): UsageAccumulator {
  return new StreamUsageAccumulator(resolveOptions(options, 'createUsageAccumulator'));
}

export class StreamUsageAccumulator implements UsageAccumulator {
  private readonly state = new UsageState();
  private text: TextEventReader | null = null;
  private decoder: TextDecoder | null = null;
  private frames: EventStreamDecoder | null = null;

  constructor(private readonly options: ResolvedOptions) {}

  push(chunk: UsageChunk): void {
    if (typeof chunk === 'string') {
      this.guard(() => this.pushText(chunk));
    } else if (chunk instanceof Uint8Array) {
      this.guard(() => this.pushBytes(chunk));
    } else if (chunk instanceof ArrayBuffer || ArrayBuffer.isView(chunk)) {
      const view = chunk instanceof ArrayBuffer ? new Uint8Array(chunk) : new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength);
      this.guard(() => this.pushBytes(view));
    } else if (typeof chunk === 'object' && chunk !== null) {
      // An already-parsed event (an SDK's stream item), or an array of them.
      this.guard(() => applyDocument(chunk, this.state, this.options.provider));
    } else {
      throw new TokenmeterError(
        'ERR_INVALID_ARGUMENT',
        `push expects a string, a Buffer/Uint8Array or a parsed event object (got ${describe(chunk)})`,
      );
    }
  }

  result(): UsageResult {
    // What is still held (an unterminated last line, an event without its blank line) counts as
    // if the stream ended here, on a copy, so that pushing may go on afterwards.
    const state = this.state.clone();
    this.guard(() => this.text?.peek((event) => applyDocument(event, state, this.options.provider)));
    return finalize(state, this.options);
  }

  /** Units held for unfinished input (for tests of the memory bound). */
  get buffered(): number {
    return (this.text?.bufferedChars ?? 0) + (this.frames?.bufferedBytes ?? 0);
  }

  private pushBytes(bytes: Uint8Array): void {
    if (bytes.length === 0) return;
    if (this.frames === null && this.text === null && bytes[0] === 0) {
      this.frames = new EventStreamDecoder((message) => {
        const event = eventFromMessage(message);
        if (event !== null) applyDocument(event, this.state, this.options.provider);
      });
      this.state.noteProvider('bedrock', Evidence.Transport);
    }
    if (this.frames !== null) {
      this.frames.push(bytes);
      return;
    }
    // stream: true keeps a UTF-8 sequence cut between two chunks for the next one.
    this.decoder ??= new TextDecoder('utf-8');
    this.readText(this.decoder.decode(bytes, { stream: true }));
  }

  private pushText(text: string): void {
    if (this.frames !== null) {
      // Frames handed over as a binary string: latin1 is the one lossless byte mapping.
      this.frames.push(Buffer.from(text, 'latin1'));
      return;
    }
    this.readText(text);
  }

  private readText(text: string): void {
    this.text ??= new TextEventReader((event) => applyDocument(event, this.state, this.options.provider));
    this.text.push(text);
  }

  /** Content never throws: a payload that trips a reader is dropped, the stream goes on. */
  private guard(work: () => void): void {
    try {
      work();
    } catch {
      // Deliberately ignored: usage reading must never break the stream it observes.
    }
  }
}
