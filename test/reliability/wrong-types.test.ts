// Every wrong JavaScript type at every argument of every method: a TokenmeterError with
// ERR_INVALID_ARGUMENT (sync: thrown; async: a rejected Promise), never a crash or a wrong answer.
import { getEncoding, TokenmeterError, type Encoding } from '../../lib';

const WRONG_VALUES: Array<[string, unknown]> = [
  ['undefined', undefined],
  ['null', null],
  ['number', 42],
  ['NaN', Number.NaN],
  ['boolean', true],
  ['bigint', 10n],
  ['symbol', Symbol('x')],
  ['function', () => 'text'],
  ['plain object', { text: 'hello' }],
  ['Date', new Date(0)],
  ['Int16Array', new Int16Array([104, 105])],
  ['Float64Array', new Float64Array([1.5])],
  ['ArrayBuffer', new ArrayBuffer(4)],
  ['DataView', new DataView(new ArrayBuffer(4))],
  ['String object', Object('boxed')],
];

const enc: Encoding = getEncoding('cl100k_base');

function expectInvalid(call: () => unknown): void {
  let thrown: unknown;
  try {
    call();
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(TokenmeterError);
  expect((thrown as TokenmeterError).code).toBe('ERR_INVALID_ARGUMENT');
}

async function expectInvalidAsync(call: () => Promise<unknown>): Promise<void> {
  await expect(call()).rejects.toMatchObject({ code: 'ERR_INVALID_ARGUMENT' });
}

describe.each(WRONG_VALUES)('text argument: %s', (_label, value) => {
  const text = value as string;
  it.each(['encode', 'encodeOrdinary', 'count', 'countOrdinary'] as const)('%s throws ERR_INVALID_ARGUMENT', (method) => {
    expectInvalid(() => enc[method](text));
  });
  it.each(['encodeAsync', 'encodeOrdinaryAsync', 'countAsync', 'countOrdinaryAsync'] as const)(
    '%s rejects with ERR_INVALID_ARGUMENT',
    async (method) => {
      await expectInvalidAsync(() => enc[method](text));
    },
  );
  it('inside a batch, names the element', () => {
    let thrown: unknown;
    try {
      enc.countMany(['fine', text]);
    } catch (error) {
      thrown = error;
    }
    expect((thrown as TokenmeterError).code).toBe('ERR_INVALID_ARGUMENT');
    expect((thrown as Error).message).toContain('texts[1]');
  });
});

describe('batch argument that is not an array', () => {
  it.each(WRONG_VALUES.filter(([label]) => label !== 'String object'))('%s', async (_label, value) => {
    const texts = value as string[];
    expectInvalid(() => enc.countMany(texts));
    expectInvalid(() => enc.encodeMany(texts));
    await expectInvalidAsync(() => enc.countManyAsync(texts));
    await expectInvalidAsync(() => enc.encodeManyAsync(texts));
  });
});

describe('special-token arguments', () => {
  const bad: Array<[string, unknown]> = [
    ['number', 1],
    ['string other than all', 'none'],
    ['object', { all: true }],
    ['array with a number', ['<|endoftext|>', 5]],
  ];
  it.each(bad)('allowedSpecial = %s', async (_label, value) => {
    expectInvalid(() => enc.encode('hi', value as 'all'));
    expectInvalid(() => enc.count('hi', value as 'all'));
    await expectInvalidAsync(() => enc.countAsync('hi', value as 'all'));
  });
  it.each(bad)('disallowedSpecial = %s', async (_label, value) => {
    expectInvalid(() => enc.encode('hi', [], value as 'all'));
    await expectInvalidAsync(() => enc.encodeAsync('hi', [], value as 'all'));
  });
});

describe('token arguments of decode', () => {
  const notTokens: Array<[string, unknown]> = [
    ['string', '15339'],
    ['object', { 0: 15339, length: 1 }],
    ['array of strings', ['15339']],
    ['null', null],
  ];
  it.each(notTokens)('%s is ERR_INVALID_ARGUMENT', async (_label, value) => {
    expectInvalid(() => enc.decode(value as number[]));
    expectInvalid(() => enc.decodeBytes(value as number[]));
    await expectInvalidAsync(() => enc.decodeAsync(value as number[]));
  });
  const badIds: Array<[string, number[] | Float64Array | Int32Array]> = [
    ['negative', [-1]],
    ['fraction', [1.5]],
    ['NaN', [Number.NaN]],
    ['too large', [2 ** 32]],
    ['negative Int32Array', new Int32Array([5, -3])],
    ['fractional Float64Array', new Float64Array([0.25])],
  ];
  it.each(badIds)('%s is ERR_INVALID_TOKEN_ID', (_label, ids) => {
    expect(() => enc.decode(ids)).toThrow(expect.objectContaining({ code: 'ERR_INVALID_TOKEN_ID' }));
  });
  it('a Uint32Array id outside the vocabulary is ERR_INVALID_TOKEN_ID naming its index', () => {
    expect(() => enc.decode(new Uint32Array([15339, 4_000_000_000]))).toThrow(/index 1/);
  });
});

describe('lookup arguments', () => {
  it('unknown and non-string encoding names', () => {
    expect(() => getEncoding('cl200k_base' as 'cl100k_base')).toThrow(expect.objectContaining({ code: 'ERR_UNKNOWN_ENCODING' }));
    expect(() => getEncoding(42 as unknown as 'cl100k_base')).toThrow(expect.objectContaining({ code: 'ERR_INVALID_ARGUMENT' }));
  });
  it('extra special tokens must map to integer ids', () => {
    expect(() => getEncoding('cl100k_base', { '<|x|>': -1 })).toThrow(expect.objectContaining({ code: 'ERR_INVALID_ARGUMENT' }));
    expect(() => getEncoding('cl100k_base', { '<|x|>': 'a' as unknown as number })).toThrow(
      expect.objectContaining({ code: 'ERR_INVALID_ARGUMENT' }),
    );
  });
});
