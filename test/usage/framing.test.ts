// The stream framings on their own: CRC32, AWS event-stream frames, SSE/NDJSON lines, and the JSON
// object scanner, including corruption, resynchronization and the memory caps.
import * as zlib from 'node:zlib';
import { crc32 } from '../../lib/usage/framing/crc32';
import { EventStreamDecoder, type EventStreamMessage } from '../../lib/usage/framing/event-stream';
import { JsonObjectScanner } from '../../lib/usage/framing/json-scanner';
import { OversizeSalvage } from '../../lib/usage/framing/oversize-salvage';
import { LineEventReader } from '../../lib/usage/framing/sse-lines';
import { MAX_EVENT_CHARS, MAX_FRAME_BYTES } from '../../lib/usage/limits';
import { encodeFrame, eventFrame } from './helpers/event-stream-encoder';
import { rng, splitBytes } from './helpers/fixtures';

describe('crc32', () => {
  test('standard check values', () => {
    expect(crc32(Buffer.from('123456789'))).toBe(0xcbf43926);
    expect(crc32(new Uint8Array(0))).toBe(0);
    expect(crc32(Buffer.from('The quick brown fox jumps over the lazy dog'))).toBe(0x414fa339);
  });

  const zlibCrc32 = (zlib as unknown as { crc32?: (data: Uint8Array) => number }).crc32;
  (zlibCrc32 ? test : test.skip)('agrees with node:zlib on random data', () => {
    const next = rng(7);
    for (let n = 0; n < 50; n++) {
      const bytes = Buffer.alloc(Math.floor(next() * 300));
      for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(next() * 256);
      expect(crc32(bytes)).toBe(zlibCrc32!(bytes) >>> 0);
      expect(crc32(bytes, 3, Math.max(3, bytes.length - 2))).toBe(zlibCrc32!(bytes.subarray(3, Math.max(3, bytes.length - 2))) >>> 0);
    }
  });
});

describe('AWS event-stream decoder', () => {
  function decode(pieces: Uint8Array[]): { messages: EventStreamMessage[]; decoder: EventStreamDecoder } {
    const messages: EventStreamMessage[] = [];
    const decoder = new EventStreamDecoder((m) => messages.push(m));
    for (const piece of pieces) decoder.push(piece);
    return { messages, decoder };
  }
  const payloads = (messages: EventStreamMessage[]) => messages.map((m) => JSON.parse(Buffer.from(m.payload).toString('utf8')));

  const frames = [eventFrame('messageStart', { role: 'assistant' }), eventFrame('contentBlockDelta', { delta: { text: '€ 🎉' } }), eventFrame('metadata', { usage: { inputTokens: 1 } })];
  const stream = Buffer.concat(frames);

  test('decodes frames whole, byte by byte and in random pieces', () => {
    const whole = decode([stream]).messages;
    expect(whole.map((m) => m.headers[':event-type'])).toEqual(['messageStart', 'contentBlockDelta', 'metadata']);
    expect(payloads(whole)[1]).toEqual({ delta: { text: '€ 🎉' } });
    const bytewise = decode([...stream].map((b) => Uint8Array.of(b))).messages;
    expect(payloads(bytewise)).toEqual(payloads(whole));
    for (let seed = 1; seed < 6; seed++) expect(payloads(decode(splitBytes(stream, seed, 9)).messages)).toEqual(payloads(whole));
  });

  test('reads string headers and steps over every other header type', () => {
    const name = (s: string) => Buffer.concat([Buffer.of(s.length), Buffer.from(s)]);
    const headers = Buffer.concat([
      name('t'), Buffer.of(0),
      name('f'), Buffer.of(1),
      name('b'), Buffer.of(2, 0x7f),
      name('s'), Buffer.of(3, 0, 1),
      name('i'), Buffer.of(4, 0, 0, 0, 1),
      name('l'), Buffer.of(5, 0, 0, 0, 0, 0, 0, 0, 1),
      name('bytes'), Buffer.of(6, 0, 3, 1, 2, 3),
      name('ts'), Buffer.of(8, 0, 0, 1, 0x8b, 0, 0, 0, 0),
      name('uuid'), Buffer.of(9, ...new Array(16).fill(0xab)),
      name(':event-type'), Buffer.of(7, 0, 8), Buffer.from('metadata'),
    ]);
    const payload = Buffer.from('{"ok":true}');
    const total = 12 + headers.length + payload.length + 4;
    const frame = Buffer.alloc(total);
    frame.writeUInt32BE(total, 0);
    frame.writeUInt32BE(headers.length, 4);
    frame.writeUInt32BE(crc32(frame.subarray(0, 8)), 8);
    headers.copy(frame, 12);
    payload.copy(frame, 12 + headers.length);
    frame.writeUInt32BE(crc32(frame.subarray(0, total - 4)), total - 4);
    const [message] = decode([frame]).messages;
    expect(message.headers).toEqual({ ':event-type': 'metadata' });
    expect(Buffer.from(message.payload).toString()).toBe('{"ok":true}');
  });

  test('a frame whose message CRC fails is dropped; the next frames still decode', () => {
    const bad = Buffer.from(frames[1]);
    bad[bad.length - 10] ^= 0xff; // inside the payload
    const { messages } = decode([frames[0], bad, frames[2]]);
    expect(messages.map((m) => m.headers[':event-type'])).toEqual(['messageStart', 'metadata']);
  });

  test('garbage and corrupted preludes are skipped by resynchronizing on the next valid prelude', () => {
    const broken = Buffer.from(frames[0]);
    broken[2] ^= 0x40; // the total length: its prelude CRC no longer matches
    const garbage = Buffer.from('\x00\x00\x01garbage that is not a frame \x00\x00');
    const { messages } = decode(splitBytes(Buffer.concat([garbage, broken, frames[1], garbage, frames[2]]), 3, 11));
    expect(messages.map((m) => m.headers[':event-type'])).toEqual(['contentBlockDelta', 'metadata']);
  });

  test('a frame over the cap is skipped as it streams past, without being buffered', () => {
    const huge = encodeFrame({ ':event-type': 'contentBlockDelta', ':message-type': 'event' }, Buffer.alloc(MAX_FRAME_BYTES + 4096, 0x61));
    const messages: EventStreamMessage[] = [];
    const decoder = new EventStreamDecoder((m) => messages.push(m));
    let peak = 0;
    for (const piece of splitBytes(Buffer.concat([frames[0], huge, frames[2]]), 5, 64 * 1024)) {
      decoder.push(piece);
      peak = Math.max(peak, decoder.bufferedBytes);
    }
    expect(messages.map((m) => m.headers[':event-type'])).toEqual(['messageStart', 'metadata']);
    expect(peak).toBeLessThan(200 * 1024);
  });
});

describe('SSE / NDJSON lines', () => {
  function read(pieces: string[]): unknown[] {
    const events: unknown[] = [];
    const reader = new LineEventReader((e) => events.push(e));
    for (const piece of pieces) reader.push(piece);
    reader.peek((e) => events.push(e));
    return events;
  }

  test('CRLF split between chunks, lone CR, comments, event/id/retry fields', () => {
    expect(read([': hi\r', '\nevent: x\r\nid: 1\r\nretry: 5\r\ndata: {"a":1}\r', '\n\r\ndata: {"b":2}\r\rdata: [DONE]\r\r'])).toEqual([{ a: 1 }, { b: 2 }]);
  });

  test('a JSON document spread over several data lines is joined', () => {
    expect(read(['data: {"a":\n', 'data: [1,\n', 'data: 2]}\n', '\n'])).toEqual([{ a: [1, 2] }]);
  });

  test('servers that omit the blank line between events, and bare NDJSON lines', () => {
    expect(read(['data: {"a":1}\ndata: {"b":2}\n{"c":3}\n{"d":4}'])).toEqual([{ a: 1 }, { b: 2 }, { c: 3 }, { d: 4 }]);
  });

  test('invalid JSON and unknown fields are ignored', () => {
    expect(read(['data: {not json}\n\nfoo: bar\ndata: {"ok":true}\n\n{broken\n'])).toEqual([{ ok: true }]);
  });

  test('an over-long line is dropped up to its end; memory stays under the cap', () => {
    const events: unknown[] = [];
    const reader = new LineEventReader((e) => events.push(e));
    const piece = 'x'.repeat(64 * 1024);
    reader.push('data: {"big":"');
    let peak = 0;
    for (let i = 0; i < 40; i++) {
      reader.push(piece);
      peak = Math.max(peak, reader.bufferedChars);
    }
    reader.push('"}\n\ndata: {"after":1}\n\n');
    expect(peak).toBeLessThanOrEqual(MAX_EVENT_CHARS);
    expect(events).toEqual([{ after: 1 }]);
    expect(reader.bufferedChars).toBe(0);
  });

  test('an over-long JSON data line is salvaged for its usage, not kept', () => {
    const events: unknown[] = [];
    const reader = new LineEventReader((e) => events.push(e));
    const image = 'iVBORw0KGgo'.repeat(200 * 1024); // a 2.2 MB inline image in a Gemini chunk
    const line = `data: {"candidates":[{"content":{"parts":[{"inlineData":{"mimeType":"image/png","data":"${image}"}}]}}],"usageMetadata":{"promptTokenCount":12,"candidatesTokenCount":1290,"totalTokenCount":1302},"modelVersion":"gemini-2.5-flash-image"}\r\n\r\n`;
    let peak = 0;
    for (let at = 0; at < line.length; at += 32 * 1024) {
      reader.push(line.slice(at, at + 32 * 1024));
      peak = Math.max(peak, reader.bufferedChars);
    }
    expect(peak).toBeLessThanOrEqual(MAX_EVENT_CHARS);
    expect(events).toEqual([
      { usageMetadata: { promptTokenCount: 12, candidatesTokenCount: 1290, totalTokenCount: 1302 }, modelVersion: 'gemini-2.5-flash-image' },
    ]);
  });

  test('an over-long event made of many data lines is dropped too', () => {
    const events: unknown[] = [];
    const reader = new LineEventReader((e) => events.push(e));
    const line = `data: ${'y'.repeat(60 * 1024)}\n`;
    for (let i = 0; i < 40; i++) reader.push(line);
    expect(reader.bufferedChars).toBeLessThanOrEqual(MAX_EVENT_CHARS);
    reader.push('\ndata: {"after":2}\n\n');
    expect(events).toEqual([{ after: 2 }]);
  });

  test('peek reads an unterminated last event without consuming it', () => {
    const events: unknown[] = [];
    const reader = new LineEventReader((e) => events.push(e));
    reader.push('data: {"a":');
    const peeked: unknown[] = [];
    reader.peek((e) => peeked.push(e));
    expect(peeked).toEqual([]);
    reader.push('1}');
    reader.peek((e) => peeked.push(e));
    expect(peeked).toEqual([{ a: 1 }]);
    expect(events).toEqual([]);
    reader.push('\n\n');
    expect(events).toEqual([{ a: 1 }]);
  });
});

describe('JSON object scanner', () => {
  function scan(pieces: string[]): unknown[] {
    const events: unknown[] = [];
    const scanner = new JsonObjectScanner((e) => events.push(e));
    for (const piece of pieces) scanner.push(piece);
    return events;
  }

  test('a pretty-printed array of chunks, split anywhere', () => {
    const chunks = [{ a: { b: [1, { c: '}{][' }] } }, { d: 'quote \\" and \\\\' }, { e: [] }];
    const text = JSON.stringify(chunks, null, 2).replace(/\n/g, '\r\n');
    expect(scan([text])).toEqual(chunks);
    expect(scan([...text])).toEqual(chunks);
  });

  test('concatenated and newline-separated objects', () => {
    expect(scan(['{"a":1}{"b":2}\n{"c":', '3}\n'])).toEqual([{ a: 1 }, { b: 2 }, { c: 3 }]);
  });

  test('resynchronizes after garbage: an unterminated string, an unclosed object, SSE lines', () => {
    expect(scan(['{"broken\n{"a":1}\n'])).toEqual([{ a: 1 }]);
    expect(scan(['{"open": {\n{"b":2}\n'])).toEqual([{ b: 2 }]);
    expect(scan(['{garbage\ndata: {"c":3}\n\n'])).toEqual([{ c: 3 }]);
  });

  test('an object over the cap is not kept: only its top-level scalars and usage members are', () => {
    const events: unknown[] = [];
    const scanner = new JsonObjectScanner((e) => events.push(e));
    scanner.push('[{"id":"x","big":"');
    for (let i = 0; i < 40; i++) {
      scanner.push('z'.repeat(64 * 1024));
      expect(scanner.bufferedChars).toBeLessThanOrEqual(MAX_EVENT_CHARS);
    }
    scanner.push('","nested":{"usage":{"no":1}},"usage":{"prompt_tokens":7}},\n{"after":1}\n]');
    expect(events).toEqual([{ id: 'x', usage: { prompt_tokens: 7 } }, { after: 1 }]);
  });
});

describe('oversize salvage', () => {
  function salvage(text: string, pieceSize = 3): unknown {
    const s = new OversizeSalvage();
    for (let at = 0; at < text.length; at += pieceSize) s.feed(text.slice(at, at + pieceSize));
    return s.result();
  }

  test('keeps top-level scalars (strings decoded) and the usage-bearing members', () => {
    const body = {
      id: 'msg_1',
      type: 'message',
      model: 'claude-\"quoted\"-\u00e9',
      content: [{ type: 'text', text: 'a "usage": {} lookalike' }],
      stop_sequence: null,
      done: true,
      prompt_eval_count: 26,
      usage: { input_tokens: 5, cache_creation: { ephemeral_1h_input_tokens: 2 } },
      metadata: { usage: { inputTokens: 1 } },
      other: { usage: { hidden: true } },
    };
    expect(salvage(JSON.stringify(body, null, 1))).toEqual({
      id: 'msg_1',
      type: 'message',
      model: body.model,
      stop_sequence: null,
      done: true,
      prompt_eval_count: 26,
      usage: body.usage,
      metadata: body.metadata,
    });
  });

  test('long strings and unparsable text yield nothing rather than garbage', () => {
    expect(salvage(`{"text":"${'q'.repeat(1000)}"}`)).toBeNull();
    expect(salvage('not json at all')).toBeNull();
    expect(salvage('[1,2,3]')).toBeNull();
  });
});
