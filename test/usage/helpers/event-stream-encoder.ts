// Test-side encoder for AWS event-stream frames, written independently of the decoder under test
// (node:zlib's crc32 where this Node has it) so the fixtures are real binary frames.
import * as zlib from 'node:zlib';
import { crc32 as libCrc32 } from '../../../lib/usage/framing/crc32';

const zlibCrc32 = (zlib as unknown as { crc32?: (data: Uint8Array) => number }).crc32;

export function crc32(bytes: Uint8Array): number {
  return zlibCrc32 !== undefined ? zlibCrc32(bytes) >>> 0 : libCrc32(bytes);
}

/** One frame with string headers (header type 7) and the given payload. */
export function encodeFrame(headers: Record<string, string>, payload: Uint8Array | string): Buffer {
  const body = typeof payload === 'string' ? Buffer.from(payload, 'utf8') : Buffer.from(payload);
  const headerParts: Buffer[] = [];
  for (const [name, value] of Object.entries(headers)) {
    const nameBytes = Buffer.from(name, 'utf8');
    const valueBytes = Buffer.from(value, 'utf8');
    const head = Buffer.alloc(1 + nameBytes.length + 1 + 2);
    head.writeUInt8(nameBytes.length, 0);
    nameBytes.copy(head, 1);
    head.writeUInt8(7, 1 + nameBytes.length);
    head.writeUInt16BE(valueBytes.length, 2 + nameBytes.length);
    headerParts.push(head, valueBytes);
  }
  const headerBytes = Buffer.concat(headerParts);
  const total = 12 + headerBytes.length + body.length + 4;
  const frame = Buffer.alloc(total);
  frame.writeUInt32BE(total, 0);
  frame.writeUInt32BE(headerBytes.length, 4);
  frame.writeUInt32BE(crc32(frame.subarray(0, 8)), 8);
  headerBytes.copy(frame, 12);
  body.copy(frame, 12 + headerBytes.length);
  frame.writeUInt32BE(crc32(frame.subarray(0, total - 4)), total - 4);
  return frame;
}

/** A ConverseStream event frame, as Bedrock sends it. */
export function eventFrame(eventType: string, payload: unknown): Buffer {
  return encodeFrame({ ':event-type': eventType, ':content-type': 'application/json', ':message-type': 'event' }, JSON.stringify(payload));
}

/** An exception frame (throttling, validation...). */
export function exceptionFrame(exceptionType: string, payload: unknown): Buffer {
  return encodeFrame(
    { ':exception-type': exceptionType, ':content-type': 'application/json', ':message-type': 'exception' },
    JSON.stringify(payload),
  );
}

/** An InvokeModelWithResponseStream chunk: the model's own event, base64 in { bytes }. */
export function chunkFrame(modelEvent: unknown): Buffer {
  return eventFrame('chunk', { bytes: Buffer.from(JSON.stringify(modelEvent), 'utf8').toString('base64'), p: 'abcdefgh' });
}
