// Decoder for the AWS event-stream binary framing (application/vnd.amazon.eventstream), the wire
// form of Bedrock's ConverseStream and InvokeModelWithResponseStream. Each message is
//   total length (u32 BE) | headers length (u32 BE) | prelude CRC32 (over the 8 bytes before it)
//   | headers | payload | message CRC32 (over everything before it).
// Bytes may arrive split anywhere, so only the unfinished frame is kept, and a frame larger than
// MAX_FRAME_BYTES is skipped as it streams past instead of being buffered.
import { MAX_FRAME_BYTES } from '../limits';
import { crc32 } from './crc32';

export interface EventStreamMessage {
  /** String-valued headers (':event-type', ':message-type', ':content-type', ...). */
  headers: Record<string, string>;
  payload: Uint8Array;
}

const PRELUDE_BYTES = 12;
const MIN_FRAME_BYTES = 16; // prelude + message CRC, no headers, no payload
const utf8 = new TextDecoder('utf-8');

export class EventStreamDecoder {
  private pending: Uint8Array[] = [];
  private pendingLength = 0;
  /** Total length of the frame whose prelude was read and checked, or 0 while none is. */
  private frameLength = 0;
  /** Bytes of an oversize frame that are still to come and to be dropped unread. */
  private skipping = 0;

  constructor(private readonly onMessage: (message: EventStreamMessage) => void) {}

  push(bytes: Uint8Array): void {
    if (this.skipping > 0) {
      const n = Math.min(this.skipping, bytes.length);
      this.skipping -= n;
      bytes = bytes.subarray(n);
    }
    if (bytes.length === 0) return;
    this.pending.push(bytes);
    this.pendingLength += bytes.length;
    this.drain();
  }

  /** Bytes held for an unfinished frame (for tests of the memory bound). */
  get bufferedBytes(): number {
    return this.pendingLength;
  }

  private drain(): void {
    for (;;) {
      // Wait until the whole of what is needed next is here, so pieces are joined once per frame
      // (not once per pushed byte).
      const needed = this.frameLength || PRELUDE_BYTES;
      if (this.pendingLength < needed) return;
      const buf = this.flatten();
      const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
      if (this.frameLength === 0) {
        const total = view.getUint32(0);
        const headersLength = view.getUint32(4);
        if (crc32(buf, 0, 8) !== view.getUint32(8) || total < MIN_FRAME_BYTES || headersLength > total - MIN_FRAME_BYTES) {
          // Not a frame boundary (garbage, or a corrupted length): slide one byte and look again.
          // A false match needs a 32-bit CRC collision, so resynchronizing this way is safe.
          this.drop(1);
          continue;
        }
        if (total > MAX_FRAME_BYTES) {
          const here = Math.min(total, buf.length);
          this.drop(here);
          this.skipping = total - here;
          if (this.skipping > 0) return;
          continue;
        }
        this.frameLength = total;
        continue;
      }
      const total = this.frameLength;
      this.frameLength = 0;
      const frame = buf.subarray(0, total);
      this.drop(total);
      // The prelude CRC vouched for the length, so a bad message CRC costs only this frame.
      if (crc32(frame, 0, total - 4) !== view.getUint32(total - 4)) continue;
      const headersEnd = PRELUDE_BYTES + view.getUint32(4);
      const headers = parseHeaders(frame, PRELUDE_BYTES, headersEnd);
      if (headers === null) continue;
      this.onMessage({ headers, payload: frame.subarray(headersEnd, total - 4) });
    }
  }

  private flatten(): Uint8Array {
    if (this.pending.length > 1) {
      const joined = new Uint8Array(this.pendingLength);
      let at = 0;
      for (const piece of this.pending) {
        joined.set(piece, at);
        at += piece.length;
      }
      this.pending = [joined];
    }
    return this.pending[0];
  }

  /** Drops n bytes from the front; only called right after flatten(). */
  private drop(n: number): void {
    const rest = this.pending[0].subarray(n);
    this.pending = rest.length > 0 ? [rest] : [];
    this.pendingLength -= n;
  }
}

/** Header values by type id: only strings matter here; the others are stepped over. */
function parseHeaders(frame: Uint8Array, start: number, end: number): Record<string, string> | null {
  const headers: Record<string, string> = {};
  const view = new DataView(frame.buffer, frame.byteOffset, frame.byteLength);
  let p = start;
  while (p < end) {
    const nameLength = frame[p++];
    if (p + nameLength + 1 > end) return null;
    const name = utf8.decode(frame.subarray(p, p + nameLength));
    p += nameLength;
    const type = frame[p++];
    let size: number;
    switch (type) {
      case 0: // true
      case 1: // false
        size = 0;
        break;
      case 2: // byte
        size = 1;
        break;
      case 3: // int16
        size = 2;
        break;
      case 4: // int32
        size = 4;
        break;
      case 5: // int64
      case 8: // timestamp (ms, int64)
        size = 8;
        break;
      case 9: // uuid
        size = 16;
        break;
      case 6: // bytes: u16 length + data
      case 7: {
        // string: u16 length + UTF-8
        if (p + 2 > end) return null;
        const length = view.getUint16(p);
        p += 2;
        if (p + length > end) return null;
        if (type === 7) headers[name] = utf8.decode(frame.subarray(p, p + length));
        size = length;
        break;
      }
      default:
        return null;
    }
    p += size;
    if (p > end) return null;
  }
  return headers;
}
