// Inputs built to hurt: huge strings, one character a million times, text with no spaces,
// lone surrogates, NUL bytes, invalid UTF-8. Each must give a correct result (proved by a
// property that does not trust the tokenizer) or a clear typed error. Timing is measured in the
// bench, not asserted here.
import { getEncoding, setLimits, TokenmeterError } from '../../lib';

const encodings = ['r50k_base', 'cl100k_base', 'o200k_base'] as const;

function spell(name: (typeof encodings)[number], ids: Uint32Array): string {
  return Buffer.from(getEncoding(name).decodeBytes(ids)).toString('utf8');
}

describe.each(encodings)('%s', (name) => {
  const enc = getEncoding(name);

  it('one character a million times round-trips, and count agrees with encode', () => {
    for (const ch of ['a', ' ', '日', '\n']) {
      const text = ch.repeat(1_000_000);
      const ids = enc.encode(text);
      expect(enc.count(text)).toBe(ids.length);
      expect(spell(name, ids)).toBe(text);
      // Between one token per byte (no merge at all) and one per longest-token's worth of bytes.
      const bytes = Buffer.byteLength(text);
      expect(ids.length).toBeLessThanOrEqual(bytes);
      expect(ids.length).toBeGreaterThanOrEqual(Math.ceil(bytes / 128));
    }
  });

  it('10 MB without a space (one giant piece) round-trips', () => {
    let state = 12345;
    const letters = new Array<string>(10_000_000);
    for (let i = 0; i < letters.length; i++) {
      state = (state * 1103515245 + 12345) >>> 0;
      letters[i] = String.fromCharCode(97 + (state >>> 16) % 26);
    }
    const text = letters.join('');
    const ids = enc.encode(text);
    expect(enc.count(text)).toBe(ids.length);
    expect(spell(name, ids)).toBe(text);
  });

  it('a 100 MB string: count equals the sum over its repeated units', () => {
    // "hello world\n" ends in a newline before a letter, a pre-token boundary in every family, so
    // the count of n copies is exactly n times the count of one.
    const unit = 'hello world\n';
    const copies = Math.ceil(100e6 / unit.length);
    const text = unit.repeat(copies);
    expect(enc.count(text)).toBe(copies * enc.count(unit));
  });

  it('NUL bytes are ordinary text', () => {
    const text = 'a\u0000b\u0000\u0000c';
    expect(spell(name, enc.encode(text))).toBe(text);
    expect(enc.count(Buffer.from(text))).toBe(enc.count(text));
  });

  it('lone surrogates become U+FFFD, as TextEncoder makes them', () => {
    for (const text of ['\uD800', 'a\uDC00b', 'x\uD83D', '\uDE00\uD83D\uDE00']) {
      const asUtf8 = new TextEncoder().encode(text);
      expect(Array.from(enc.encode(text))).toEqual(Array.from(enc.encode(asUtf8)));
      expect(enc.decode(enc.encode(text))).toBe(new TextDecoder().decode(asUtf8));
    }
  });

  it('invalid UTF-8 in bytes is ERR_INVALID_UTF8 naming the offset', () => {
    const cases: Array<[number[], number]> = [
      [[0x61, 0xff], 1],
      [[0x61, 0x62, 0xc3], 2], // truncated two-byte sequence
      [[0xed, 0xa0, 0x80], 0], // an encoded surrogate
      [[0xc0, 0xaf], 0], // overlong '/'
      [[0x61, 0x62, 0x63, 0xf4, 0x90, 0x80, 0x80], 3], // above U+10FFFF
    ];
    for (const [bytes, offset] of cases) {
      let thrown: unknown;
      try {
        enc.encode(Uint8Array.from(bytes));
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(TokenmeterError);
      expect((thrown as TokenmeterError).code).toBe('ERR_INVALID_UTF8');
      expect((thrown as Error).message).toContain(`offset ${offset}`);
    }
  });

  it('empty inputs', async () => {
    expect(enc.encode('').length).toBe(0);
    expect(enc.count(new Uint8Array(0))).toBe(0);
    expect(enc.decode([])).toBe('');
    expect(await enc.countAsync('')).toBe(0);
    expect(Array.from(enc.countMany([]))).toEqual([]);
    expect(enc.encodeMany(['', 'a'])[0].length).toBe(0);
  });
});

describe('limits', () => {
  afterEach(() => setLimits({ maxInputBytes: 512 * 1024 * 1024 }));

  it('text over maxInputBytes is ERR_INPUT_TOO_LARGE, sync and async, before any work', async () => {
    setLimits({ maxInputBytes: 1000 });
    const enc = getEncoding('cl100k_base');
    expect(() => enc.count('x'.repeat(1001))).toThrow(expect.objectContaining({ code: 'ERR_INPUT_TOO_LARGE' }));
    expect(() => enc.count(Buffer.alloc(1001, 0x61))).toThrow(expect.objectContaining({ code: 'ERR_INPUT_TOO_LARGE' }));
    await expect(enc.countAsync('é'.repeat(501))).rejects.toMatchObject({ code: 'ERR_INPUT_TOO_LARGE' });
    expect(() => enc.countMany(['x'.repeat(600), 'y'.repeat(600)])).toThrow(expect.objectContaining({ code: 'ERR_INPUT_TOO_LARGE' }));
    expect(enc.count('x'.repeat(1000))).toBeGreaterThan(0);
  });

  it('rejects nonsense limits', () => {
    expect(() => setLimits({ maxInputBytes: -1 })).toThrow(expect.objectContaining({ code: 'ERR_INVALID_ARGUMENT' }));
    expect(() => setLimits('big' as unknown as { maxInputBytes: number })).toThrow(
      expect.objectContaining({ code: 'ERR_INVALID_ARGUMENT' }),
    );
    expect(setLimits().maxInputBytes).toBe(512 * 1024 * 1024);
  });
});

describe('one million texts in one batch', () => {
  it('countMany equals the per-text counts', () => {
    const enc = getEncoding('o200k_base');
    const texts = Array.from({ length: 1_000_000 }, (_, i) => `message ${i}`);
    const counts = enc.countMany(texts);
    expect(counts.length).toBe(texts.length);
    for (const i of [0, 1, 9, 10, 99, 12345, 999_999]) expect(counts[i]).toBe(enc.count(texts[i]));
  });
});
