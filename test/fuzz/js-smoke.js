'use strict';
// Smoke run of the native addon itself (not the TypeScript wrapper), meant for an ASan + UBSan
// build: scripts/sanitize.sh builds one into build-asan-node/ and runs
//
//   node --expose-gc test/fuzz/js-smoke.js <path/to/tokenmeter.node> [vocabDir]
//
// with the sanitizer runtime preloaded. Every entry point is driven through its ordinary and its
// hostile inputs (wrong types, invalid UTF-8 bytes, lone surrogates, out-of-range and non-integer
// ids, disallowed special tokens, empty and 1 MB texts, concurrent async calls, a Worker torn
// down mid-call) on every encoding. Results are checked too, but the point is that nothing here
// may make the sanitizers report: sanitize.sh fails on any report in stderr, and this script
// exits 1 if any check fails.

const assert = require('node:assert');
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { Worker, isMainThread, workerData, parentPort } = require('node:worker_threads');

// A Worker (see runWorker) gets its paths from workerData, not from its own argv.
const addonPath = path.resolve(isMainThread ? process.argv[2] || '' : workerData.addonPath);
const vocabDir = path.resolve(
  isMainThread ? process.argv[3] || path.join(__dirname, '../../vocab') : workerData.vocabDir,
);
if (isMainThread && !process.argv[2]) {
  console.error('usage: node --expose-gc test/fuzz/js-smoke.js <path/to/tokenmeter.node> [vocabDir]');
  process.exit(2);
}

let failures = 0;
let checks = 0;
function check(name, fn) {
  checks++;
  try {
    fn();
  } catch (e) {
    failures++;
    console.error(`FAIL ${name}: ${e && e.stack ? e.stack : e}`);
  }
}
async function checkAsync(name, fn) {
  checks++;
  try {
    await fn();
  } catch (e) {
    failures++;
    console.error(`FAIL ${name}: ${e && e.stack ? e.stack : e}`);
  }
}

// The call must throw an Error whose code is `code` (or, with code === null, any ERR_* code):
// a clean JavaScript error, never a crash or a non-Error throw.
function expectCode(code, fn) {
  let thrown;
  try {
    fn();
  } catch (e) {
    thrown = e;
  }
  assert.ok(thrown !== undefined, `expected a throw with ${code || 'an ERR_* code'}, got a result`);
  assert.ok(thrown instanceof Error, `expected an Error, got ${typeof thrown}: ${thrown}`);
  if (code === null) assert.match(String(thrown.code), /^ERR_/, `unexpected code ${thrown.code}: ${thrown.message}`);
  else assert.strictEqual(thrown.code, code, `${thrown.code}: ${thrown.message}`);
}
async function expectRejectCode(code, promiseFn) {
  let thrown;
  let result;
  try {
    result = await promiseFn();
  } catch (e) {
    thrown = e;
  }
  assert.ok(thrown !== undefined, `expected a rejection with ${code || 'an ERR_* code'}, got ${result}`);
  assert.ok(thrown instanceof Error, `expected an Error, got ${thrown}`);
  if (code === null) assert.match(String(thrown.code), /^ERR_/, `unexpected code ${thrown.code}: ${thrown.message}`);
  else assert.strictEqual(thrown.code, code, `${thrown.code}: ${thrown.message}`);
}

const addon = require(addonPath);

// The binding may hand small sync results back through a shared output buffer (the encode returns
// a count) or as a Uint32Array; and batches as an Array of Uint32Array or one flat Uint32Array of
// all ids followed by each text's end offset. Normalise both shapes to plain arrays.
let outputBuffer = null;
if (typeof addon.setOutputBuffer === 'function') {
  outputBuffer = new Uint32Array(64 * 1024);
  addon.setOutputBuffer(outputBuffer);
}
function ids(result) {
  if (typeof result === 'number') {
    assert.ok(outputBuffer, 'encode returned a count but no output buffer was set');
    return Array.from(outputBuffer.subarray(0, result));
  }
  assert.ok(result instanceof Uint32Array, `expected a Uint32Array, got ${Object.prototype.toString.call(result)}`);
  return Array.from(result);
}
function batch(result, n) {
  if (Array.isArray(result)) {
    assert.strictEqual(result.length, n);
    return result.map(ids);
  }
  assert.ok(result instanceof Uint32Array);
  const ends = result.subarray(result.length - n);
  const out = [];
  let start = 0;
  for (let i = 0; i < n; i++) {
    out.push(Array.from(result.subarray(start, ends[i])));
    start = ends[i];
  }
  return out;
}
function sameIds(a, b, what) {
  assert.strictEqual(a.length, b.length, `${what}: ${a.length} ids vs ${b.length}`);
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) assert.fail(`${what}: id ${i} differs (${a[i]} vs ${b[i]})`);
}

// --- Texts ---
const MB = 1024 * 1024;
function megabyteText() {
  // Mixed prose, code, CJK, emoji and long runs, so the parallel splitter finds cuts and long
  // pieces go through the heap merge.
  const unit =
    'The quick brown fox jumps over the lazy dog; it\'s 12:45.\n' +
    'function f(x) { return x * 2 + 0x1F; }\n' +
    '日本語のテキスト。中文。한국어. 😀👍🏽 ' +
    ' '.repeat(40) + 'a'.repeat(200) + '\n';
  let s = '';
  while (s.length < MB) s += unit;
  return s;
}
const bigText = megabyteText();
const texts = [
  '',
  'hello world',
  'The quick brown fox jumps over the lazy dog. It\'s 9:45pm and we\'ve got 12,345 tokens.\n\n  indented\ttab\r\n',
  'def f(x):\n    return {"a": [1, 2, 3]}  # comment\n',
  '日本語のテキスト、中文文本，한국어 텍스트, Ελληνικά, Русский, العربية, हिन्दी',
  'Emoji 😀👨‍👩‍👧‍👦🏳️‍🌈🇫🇷 combining é a\u0301 nbsp\u00a0 nel\u0085 ideographic\u3000space',
  'lone surrogates: \uD800 and \uDFFF and \uDBFF\uDBFF reversed \uDC00\uD800',
  ' '.repeat(5000) + 'x',
  'a'.repeat(20000),
  '1234567890'.repeat(500),
];
const specialText = 'before <|endoftext|> after <|endofprompt|> <|fim_prefix|> <|im_start|>';

// What decode must give for a string: its UTF-8 round trip (lone surrogates become U+FFFD).
function utf8RoundTrip(s) {
  return Buffer.from(s, 'utf8').toString('utf8');
}

function exerciseEncoding(enc) {
  const name = enc.name;
  check(`${name}: name/nVocab/specialTokens`, () => {
    assert.strictEqual(typeof enc.name, 'string');
    assert.ok(Number.isInteger(enc.nVocab) && enc.nVocab > 50000);
    const specials = enc.specialTokens();
    assert.ok(specials['<|endoftext|>'] >= 0, 'every shipped encoding has <|endoftext|>');
  });

  for (const text of texts) {
    const label = `${name}: text ${JSON.stringify(text.slice(0, 20))}(${text.length})`;
    check(`${label} sync`, () => {
      const ordinary = ids(enc.encodeOrdinary(text));
      for (const id of ordinary) assert.ok(id < enc.nVocab, `id ${id} >= nVocab`);
      assert.strictEqual(enc.countOrdinary(text), ordinary.length);
      assert.strictEqual(enc.count(text), ordinary.length);
      sameIds(ids(enc.encode(text)), ordinary, 'encode (no specials in text)');
      sameIds(ids(enc.encode(text, true)), ordinary, 'encode allow-all');
      assert.strictEqual(enc.decode(ordinary), utf8RoundTrip(text));
      const bytes = enc.decodeBytes(ordinary);
      assert.ok(bytes instanceof Uint8Array);
      assert.ok(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).equals(Buffer.from(text, 'utf8')));
      // The same text as bytes: a Buffer, a Uint8Array, and a view at an offset into a bigger buffer.
      const buf = Buffer.from(text, 'utf8');
      sameIds(ids(enc.encodeOrdinary(buf)), ordinary, 'Buffer input');
      sameIds(ids(enc.encodeOrdinary(new Uint8Array(buf))), ordinary, 'Uint8Array input');
      const padded = new Uint8Array(buf.length + 16);
      padded.set(buf, 7);
      sameIds(ids(enc.encodeOrdinary(padded.subarray(7, 7 + buf.length))), ordinary, 'offset Uint8Array input');
      // Decode from other id containers.
      assert.strictEqual(enc.decode(Uint32Array.from(ordinary)), utf8RoundTrip(text));
      assert.strictEqual(enc.decode(Float64Array.from(ordinary)), utf8RoundTrip(text));
      const wide = new Uint32Array(ordinary.length + 5);
      wide.set(ordinary, 3);
      assert.strictEqual(enc.decode(wide.subarray(3, 3 + ordinary.length)), utf8RoundTrip(text));
    });
  }

  check(`${name}: special tokens`, () => {
    expectCode('ERR_DISALLOWED_SPECIAL_TOKEN', () => enc.encode(specialText));
    expectCode('ERR_DISALLOWED_SPECIAL_TOKEN', () => enc.count(specialText));
    expectCode('ERR_DISALLOWED_SPECIAL_TOKEN', () => enc.encode('<|endoftext|>'));
    const all = ids(enc.encode(specialText, true));
    const eot = enc.specialTokens()['<|endoftext|>'];
    assert.ok(all.includes(eot), 'allow-all encodes <|endoftext|> as its id');
    assert.strictEqual(enc.count(specialText, true), all.length);
    // The text decodes back (every special token here has one name).
    assert.strictEqual(enc.decode(all), specialText);
    const listed = ids(enc.encode(specialText, ['<|endoftext|>'], []));
    assert.ok(listed.includes(eot));
    // Nothing disallowed: all ordinary.
    sameIds(ids(enc.encode(specialText, [], [])), ids(enc.encodeOrdinary(specialText)), 'disallowed = []');
    sameIds(ids(enc.encode(specialText, undefined, [])), ids(enc.encodeOrdinary(specialText)), 'undefined, []');
    // Names that are not special tokens of this encoding are ignored (tiktoken does the same).
    enc.encode('plain', ['<|not_a_token|>'], ['<|also_not|>']);
  });

  check(`${name}: hostile text arguments`, () => {
    for (const bad of [undefined, null, 42, 4.5, true, {}, [], ['a'], Symbol('s'), () => 1, new Uint16Array(4), new ArrayBuffer(8), 10n]) {
      expectCode(null, () => enc.encode(bad));
      expectCode(null, () => enc.encodeOrdinary(bad));
      expectCode(null, () => enc.count(bad));
      expectCode(null, () => enc.countOrdinary(bad));
    }
    for (const badPolicy of ['all', 5, {}, [1, 2], [null]]) {
      expectCode(null, () => enc.encode('x <|endoftext|>', badPolicy));
      expectCode(null, () => enc.count('x', true, badPolicy === 'all' ? 7 : badPolicy));
    }
    // Invalid UTF-8 bytes are refused with the offset, never read past their end.
    for (const bytes of [
      [0xff],
      [0x61, 0x62, 0xc3],
      [0xed, 0xa0, 0x80],
      [0xf4, 0x90, 0x80, 0x80],
      [0xc0, 0xaf],
      [0x61, 0x80, 0x62],
      [0xe2, 0x82],
    ]) {
      expectCode('ERR_INVALID_UTF8', () => enc.encode(Buffer.from(bytes)));
      expectCode('ERR_INVALID_UTF8', () => enc.countOrdinary(new Uint8Array(bytes)));
    }
    assert.deepStrictEqual(ids(enc.encode(Buffer.alloc(0))), []);
    assert.deepStrictEqual(ids(enc.encode(new Uint8Array(0))), []);
  });

  check(`${name}: hostile token ids`, () => {
    const n = enc.nVocab;
    for (const bad of [[n + 5], [2 ** 32 - 1], [-1], [1.5], [NaN], [Infinity], [2 ** 32], [2 ** 53], ['1'], [null], [{}], [10n]]) {
      expectCode(null, () => enc.decode(bad));
      expectCode(null, () => enc.decodeBytes(bad));
    }
    expectCode('ERR_INVALID_TOKEN_ID', () => enc.decode([0, 1, n + 1000]));
    expectCode('ERR_INVALID_TOKEN_ID', () => enc.decode(Uint32Array.of(0xffffffff)));
    expectCode('ERR_INVALID_TOKEN_ID', () => enc.decode(Int32Array.of(5, -1)));
    expectCode('ERR_INVALID_TOKEN_ID', () => enc.decode(Float32Array.of(1.5)));
    expectCode('ERR_INVALID_TOKEN_ID', () => enc.decode(Float64Array.of(-0.5)));
    for (const bad of [undefined, null, 5, 'abc', {}, { length: 3 }, new BigInt64Array(2), new ArrayBuffer(8)]) {
      expectCode(null, () => enc.decode(bad));
    }
    // Sparse arrays: the hole reads as undefined, not a number.
    expectCode(null, () => enc.decode([1, , 2])); // eslint-disable-line no-sparse-arrays
    // Every small integer container works, and an empty one decodes to ''.
    assert.strictEqual(enc.decode([]), '');
    assert.strictEqual(enc.decode(new Uint8Array([72, 105])), enc.decode([72, 105]));
    assert.strictEqual(enc.decode(new Uint16Array([72, 105])), enc.decode([72, 105]));
    assert.strictEqual(enc.decode(new Int8Array([72, 105])), enc.decode([72, 105]));
    assert.strictEqual(enc.decode(new Uint8ClampedArray([72, 105])), enc.decode([72, 105]));
    // Ids whose bytes are an incomplete UTF-8 character: decode repairs, decodeBytes does not.
    const euro = ids(enc.encodeOrdinary('€'));
    const firstByteOnly = [];
    for (let id = 0; id < 300 && firstByteOnly.length === 0; id++) {
      const b = enc.decodeBytes([id]);
      if (b.length === 1 && b[0] === 0xe2) firstByteOnly.push(id);
    }
    if (firstByteOnly.length) {
      assert.strictEqual(enc.decode(firstByteOnly), '\ufffd');
      assert.strictEqual(enc.decodeBytes(firstByteOnly)[0], 0xe2);
    }
    assert.strictEqual(enc.decode(euro), '€');
    // Every special id decodes (o200k_harmony has 1,088).
    for (const [text, id] of Object.entries(enc.specialTokens())) {
      const decoded = enc.decode([id]);
      assert.ok(decoded.startsWith('<|') && decoded.endsWith('|>'), `${text} -> ${decoded}`);
    }
  });

  check(`${name}: batches`, () => {
    const batchTexts = [...texts.slice(0, 6), Buffer.from('bytes in a batch'), new Uint8Array([0x68, 0x69])];
    const each = batchTexts.map((t) => ids(enc.encode(t)));
    const many = batch(enc.encodeMany(batchTexts), batchTexts.length);
    for (let i = 0; i < each.length; i++) sameIds(many[i], each[i], `encodeMany[${i}]`);
    const counts = Array.from(enc.countMany(batchTexts));
    assert.deepStrictEqual(counts, each.map((e) => e.length));
    assert.deepStrictEqual(batch(enc.encodeMany([]), 0), []);
    assert.deepStrictEqual(Array.from(enc.countMany([])), []);
    expectCode('ERR_INVALID_UTF8', () => enc.encodeMany(['ok', 'fine', Buffer.from([0xff, 0xfe])]));
    expectCode('ERR_INVALID_UTF8', () => enc.countMany(['ok', Buffer.from([0x80])]));
    expectCode('ERR_DISALLOWED_SPECIAL_TOKEN', () => enc.encodeMany(['ok', '<|endoftext|>']));
    expectCode(null, () => enc.encodeMany(['ok', 5]));
    expectCode(null, () => enc.countMany('not an array'));
    expectCode(null, () => enc.encodeMany(null));
    batch(enc.encodeMany(['<|endoftext|>', 'x'], true), 2);
  });

  check(`${name}: 1 MB text sync`, () => {
    const big = ids(enc.encodeOrdinary(bigText));
    assert.strictEqual(enc.countOrdinary(bigText), big.length);
    assert.strictEqual(enc.count(bigText), big.length);
    assert.strictEqual(enc.decode(big), bigText);
    const bigBuf = Buffer.from(bigText, 'utf8');
    assert.strictEqual(enc.countOrdinary(bigBuf), big.length);
  });
}

async function exerciseEncodingAsync(enc) {
  const name = enc.name;
  await checkAsync(`${name}: async calls`, async () => {
    for (const text of texts) {
      const sync = ids(enc.encode(text));
      sameIds(ids(await enc.encodeAsync(text)), sync, `encodeAsync ${JSON.stringify(text.slice(0, 12))}`);
      assert.strictEqual(await enc.countAsync(text), sync.length);
      assert.strictEqual(await enc.decodeAsync(sync, false), utf8RoundTrip(text));
      const bytes = await enc.decodeAsync(Uint32Array.from(sync), true);
      assert.ok(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).equals(Buffer.from(text, 'utf8')));
    }
    const manyTexts = texts.slice(0, 7);
    const many = batch(await enc.encodeManyAsync(manyTexts), manyTexts.length);
    for (let i = 0; i < manyTexts.length; i++) sameIds(many[i], ids(enc.encode(manyTexts[i])), `encodeManyAsync[${i}]`);
    assert.deepStrictEqual(Array.from(await enc.countManyAsync(manyTexts)), many.map((m) => m.length));
  });

  await checkAsync(`${name}: async rejections`, async () => {
    await expectRejectCode('ERR_DISALLOWED_SPECIAL_TOKEN', () => enc.encodeAsync(specialText));
    await expectRejectCode('ERR_DISALLOWED_SPECIAL_TOKEN', () => enc.countAsync('<|endoftext|>'));
    await expectRejectCode('ERR_INVALID_UTF8', () => enc.encodeAsync(Buffer.from([0x61, 0xff])));
    await expectRejectCode('ERR_INVALID_TOKEN_ID', () => enc.decodeAsync([enc.nVocab + 7], false));
    await expectRejectCode('ERR_INVALID_TOKEN_ID', () => enc.decodeAsync([-3], true));
    await expectRejectCode(null, () => enc.encodeAsync(42));
    await expectRejectCode(null, () => enc.countAsync(undefined));
    await expectRejectCode(null, () => enc.decodeAsync('nope', false));
    await expectRejectCode(null, () => enc.encodeManyAsync([1, 2]));
    await expectRejectCode('ERR_INVALID_UTF8', () => enc.countManyAsync(['a', Buffer.from([0xc3])]));
    await expectRejectCode('ERR_DISALLOWED_SPECIAL_TOKEN', () => enc.encodeManyAsync(['a', '<|endoftext|>']));
  });

  await checkAsync(`${name}: 1 MB text async (threaded split) and concurrency`, async () => {
    const sync = ids(enc.encode(bigText));
    // The Buffer is changed right after the call returns: the async call must have copied it.
    const buf = Buffer.from(bigText, 'utf8');
    const pending = enc.encodeAsync(buf);
    buf.fill(0x21);
    sameIds(ids(await pending), sync, 'encodeAsync 1 MB');
    assert.strictEqual(await enc.countAsync(bigText, true), sync.length);
    const special = bigText + '<|endoftext|>' + bigText.slice(0, 300000);
    const specialIds = ids(await enc.encodeAsync(special, true));
    sameIds(specialIds, ids(enc.encode(special, true)), 'encodeAsync with a special token mid-text');
    await expectRejectCode('ERR_DISALLOWED_SPECIAL_TOKEN', () => enc.countAsync(special));
    // Many calls at once, mixed kinds, some failing.
    const calls = [];
    for (let i = 0; i < 40; i++) {
      const t = texts[i % texts.length] + i;
      calls.push(enc.countAsync(t).then((c) => assert.strictEqual(c, enc.count(t))));
      calls.push(enc.encodeAsync(t).then((r) => sameIds(ids(r), ids(enc.encode(t)), `concurrent ${i}`)));
      calls.push(enc.decodeAsync([i, i + 1, enc.nVocab + i], false).then(
        () => assert.fail('invalid id decoded'),
        (e) => assert.strictEqual(e.code, 'ERR_INVALID_TOKEN_ID'),
      ));
    }
    await Promise.all(calls);
  });
}

// Runs this script in a child process in one of its single-check modes (see the bottom of the
// file), with the same environment (so the same preloaded sanitizers); the child's stderr,
// sanitizer reports included, is passed through for sanitize.sh to see.
function childRun(mode) {
  const child = spawnSync(process.execPath, [__filename, addonPath, vocabDir, mode], {
    encoding: 'utf8',
    env: process.env,
    timeout: 300000,
  });
  process.stderr.write(child.stderr || '');
  return child;
}

// --- Entry points that only some versions of the binding have: exercised when present ---
async function exerciseOptionalApi(enc) {
  if (typeof addon.setLimits === 'function') {
    await checkAsync('setLimits: ERR_INPUT_TOO_LARGE before any copy', async () => {
      const before = addon.setLimits().maxInputBytes;
      for (const bad of [{ maxInputBytes: -1 }, { maxInputBytes: 'x' }, { maxInputBytes: NaN }]) {
        expectCode(null, () => addon.setLimits(bad));
      }
      addon.setLimits({ maxInputBytes: 1000 });
      try {
        expectCode('ERR_INPUT_TOO_LARGE', () => enc.encode('a'.repeat(2000)));
        expectCode('ERR_INPUT_TOO_LARGE', () => enc.countOrdinary(Buffer.alloc(2000, 0x61)));
        expectCode('ERR_INPUT_TOO_LARGE', () => enc.encodeMany(['a'.repeat(600), 'b'.repeat(600)]));
        await expectRejectCode('ERR_INPUT_TOO_LARGE', () => enc.encodeAsync('a'.repeat(2000)));
        await expectRejectCode('ERR_INPUT_TOO_LARGE', () => enc.countManyAsync(['a'.repeat(600), 'b'.repeat(600)]));
        // Under the limit, including text whose worst case (3 bytes per UTF-16 unit) is over it.
        sameIds(ids(enc.encode('é'.repeat(400))), ids(enc.encodeOrdinary('é'.repeat(400))), 'just under the limit');
      } finally {
        addon.setLimits({ maxInputBytes: before });
      }
      assert.strictEqual(addon.setLimits().maxInputBytes, before);
    });
  }
  if (typeof addon.createCancelToken === 'function' && typeof addon.cancel === 'function') {
    await checkAsync('cancel tokens', async () => {
      const early = addon.createCancelToken();
      addon.cancel(early);
      await expectRejectCode('ABORT_ERR', () => enc.encodeAsync(bigText, undefined, undefined, early));
      await expectRejectCode('ABORT_ERR', () => enc.countAsync(bigText, undefined, undefined, early));
      await expectRejectCode('ABORT_ERR', () => enc.decodeAsync([1, 2, 3], false, early));
      // Cancelled while running (or before it starts): a correct result or ABORT_ERR, nothing else.
      const expected = ids(enc.encode(bigText));
      for (let i = 0; i < 6; i++) {
        const token = addon.createCancelToken();
        const pending = [enc.encodeAsync(bigText, undefined, undefined, token), enc.countAsync(bigText, undefined, undefined, token)];
        if (i % 2) await new Promise((r) => setTimeout(r, i * 5));
        addon.cancel(token);
        addon.cancel(token); // twice: harmless
        const [encoded, counted] = await Promise.allSettled(pending);
        if (encoded.status === 'fulfilled') sameIds(ids(encoded.value), expected, 'encode raced with cancel');
        else assert.strictEqual(encoded.reason.code, 'ABORT_ERR');
        if (counted.status === 'fulfilled') assert.strictEqual(counted.value, expected.length);
        else assert.strictEqual(counted.reason.code, 'ABORT_ERR');
      }
      for (const bad of [42, {}, 'token', Buffer.alloc(8)]) expectCode(null, () => addon.cancel(bad));
      // cancel() with no token at all: in a child process, because it once dereferenced a null
      // shared_ptr (binding/cancel_token.cc) and so killed the process.
      const child = childRun('--cancel-without-token');
      assert.ok(
        child.status === 0 && child.signal === null,
        `addon.cancel(undefined / null) killed the process: status ${child.status}, signal ${child.signal}`,
      );
      await expectRejectCode(null, () => enc.encodeAsync('x', undefined, undefined, 'not a token'));
    });
  }
  if (typeof addon.TextStage === 'function') {
    await checkAsync('TextStage', async () => {
      const stage = new addon.TextStage();
      let staged = 0;
      for (const chunk of ['hello ', Buffer.from('wörld '), new Uint8Array([0x21])]) staged = stage.append(chunk);
      assert.strictEqual(staged, Buffer.byteLength('hello wörld !'));
      sameIds(ids(await enc.encodeAsync(stage)), ids(enc.encode('hello wörld !')), 'staged text');
      sameIds(ids(await enc.encodeAsync(stage)), [], 'a stage is empty once taken');
      expectCode('ERR_INVALID_UTF8', () => stage.append(Buffer.from([0x61, 0xff])));
      for (const bad of [5, null, {}, new Uint16Array(2)]) expectCode(null, () => stage.append(bad));
      // A 1 MB text staged in 64 K-unit string chunks. A chunk boundary may split a surrogate pair,
      // which then converts as two U+FFFD: the expected tokens come from the same chunks' bytes.
      const big = new addon.TextStage();
      const chunks = [];
      for (let i = 0; i < bigText.length; i += 65536) chunks.push(bigText.slice(i, i + 65536));
      for (const c of chunks) big.append(c);
      const bytes = Buffer.concat(chunks.map((c) => Buffer.from(c, 'utf8')));
      assert.strictEqual(await enc.countAsync(big, true), enc.count(bytes, true));
      if (typeof addon.setLimits === 'function') {
        const before = addon.setLimits().maxInputBytes;
        addon.setLimits({ maxInputBytes: 10 });
        try {
          const small = new addon.TextStage();
          small.append('12345');
          expectCode('ERR_INPUT_TOO_LARGE', () => small.append('1234567'));
        } finally {
          addon.setLimits({ maxInputBytes: before });
        }
      }
    });
  }
}

// --- A Worker: its own environment, loading the same addon; torn down mid-call ---
function runWorker(mode) {
  return new Promise((resolve, reject) => {
    const worker = new Worker(__filename, { workerData: { addonPath, vocabDir, mode } });
    let message = null;
    worker.on('message', (m) => {
      message = m;
      if (mode === 'terminate' && m === 'started') worker.terminate();
    });
    worker.on('error', reject);
    worker.on('exit', (code) => resolve({ code, message }));
  });
}

async function workerMain() {
  const enc = addon.loadEncoding('cl100k_base', vocabDir);
  if (workerData.mode === 'terminate') {
    // Long async work in flight while the environment is torn down under it.
    for (let i = 0; i < 4; i++) enc.encodeAsync(bigText).catch(() => {});
    enc.countManyAsync(texts).catch(() => {});
    parentPort.postMessage('started');
    return;
  }
  const sync = ids(enc.encode('hello from a worker'));
  const viaAsync = ids(await enc.encodeAsync('hello from a worker'));
  parentPort.postMessage(JSON.stringify(sync) === JSON.stringify(viaAsync) ? 'ok' : 'mismatch');
}

// Chat request counting: the rules and the JSON path, with hostile bodies and options.
async function exerciseChatCounting() {
  const rules = fs.readFileSync(path.join(__dirname, '../../data/chat-models.json'), 'utf8');
  const table = JSON.stringify({ exact: { 'gpt-4o': 'o200k_base', 'gpt-4': 'cl100k_base' }, patterns: [] });
  check('chat: setChatRules refuses bad rules and keeps the old ones', () => {
    expectCode(null, () => addon.setChatRules('{', table, vocabDir));
    expectCode(null, () => addon.setChatRules('{"models":[{"match":"x","perMessage":"3"}]}', table, vocabDir));
    expectCode(null, () => addon.setChatRules(42, table, vocabDir));
    addon.setChatRules(rules, table, vocabDir);
  });
  const png = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z/C/HgAGgwJ/lK3Q6wAAAABJRU5ErkJggg==';
  const good = {
    model: 'gpt-4o',
    messages: [
      { role: 'system', content: 'be brief <|endoftext|>' },
      { role: 'user', content: [{ type: 'text', text: 'hi \ud800' }, { type: 'image_url', image_url: { url: `data:image/png;base64,${png}` } }] },
      { role: 'assistant', content: null, tool_calls: [{ id: 'c1', type: 'function', function: { name: 'f', arguments: '{"a": 1.0}' } }] },
      { role: 'tool', tool_call_id: 'c1', content: 'ok' },
    ],
    tools: [{ type: 'function', function: { name: 'f', description: 'd', parameters: { type: 'object', properties: { a: { type: 'number', enum: [1, 2] } } } } }],
  };
  check('chat: countRequest from a string and a Buffer agree', () => {
    const a = addon.countRequest(JSON.stringify(good));
    const b = addon.countRequest(Buffer.from(JSON.stringify(good)));
    assert.strictEqual(a.inputTokens, b.inputTokens);
    assert.ok(a.inputTokens > 0 && a.breakdown.images > 0);
  });
  check('chat: hostile bodies are typed errors', () => {
    const deep = '['.repeat(100000) + ']'.repeat(100000);
    for (const [body, code] of [
      ['{"messages": [', 'ERR_INVALID_JSON'],
      [deep, 'ERR_INVALID_JSON'],
      ['{"messages":[]}\u0000junk', 'ERR_INVALID_JSON'],
      [Buffer.from([0x7b, 0xff, 0x7d]), 'ERR_INVALID_UTF8'],
      ['{"model":"gpt-4o","messages":[{"role":"wizard"}]}', 'ERR_INVALID_REQUEST'],
      ['{"model":"gpt-4o","messages":[{"role":"user","content":[{"type":"image_url","image_url":{"url":"data:image/png;base64,@@"}}]}]}', 'ERR_INVALID_IMAGE'],
      ['[1, 2]', 'ERR_INVALID_REQUEST'],
    ]) expectCode(code, () => addon.countRequest(body));
    expectCode(null, () => addon.countRequest(JSON.stringify(good), { api: 'soap' }));
    expectCode(null, () => addon.countRequest(JSON.stringify(good), { imageSizes: { u: { width: -1, height: 1 } } }));
    expectCode(null, () => addon.countRequest(42));
  });
  await checkAsync('chat: countRequestAsync, many in flight, cancelled and not', async () => {
    const body = Buffer.from(JSON.stringify(good));
    const expected = addon.countRequest(body).inputTokens;
    const token = addon.createCancelToken();
    const cancelled = addon.countRequestAsync(body, undefined, token);
    addon.cancel(token);
    await cancelled.catch(() => undefined);
    const results = await Promise.all(Array.from({ length: 64 }, () => addon.countRequestAsync(body)));
    for (const r of results) assert.strictEqual(r.inputTokens, expected);
    await expectRejectCode('ERR_INVALID_JSON', () => addon.countRequestAsync('{'));
  });
}

async function main() {
  console.log(`js-smoke: addon ${addonPath}, vocab ${vocabDir}`);
  const names = addon.encodingNames();
  check('encodingNames', () => {
    assert.ok(Array.isArray(names) && names.includes('cl100k_base') && names.includes('o200k_harmony'));
  });

  // Loading failures, before any encoding is cached (the cache is per name, process-wide).
  check('loadEncoding failures', () => {
    expectCode('ERR_UNKNOWN_ENCODING', () => addon.loadEncoding('no_such_encoding', vocabDir));
    expectCode(null, () => addon.loadEncoding(42, vocabDir));
    expectCode(null, () => addon.loadEncoding('r50k_base', undefined));
    expectCode('ERR_VOCAB_NOT_FOUND', () => addon.loadEncoding('r50k_base', path.join(os.tmpdir(), 'tokenmeter-no-such-dir')));
    const fake = fs.mkdtempSync(path.join(os.tmpdir(), 'tokenmeter-smoke-'));
    try {
      fs.writeFileSync(path.join(fake, 'r50k_base.tiktoken'), 'IQ== 0\nIg== 1\n');
      expectCode('ERR_VOCAB_HASH_MISMATCH', () => addon.loadEncoding('r50k_base', fake));
    } finally {
      fs.rmSync(fake, { recursive: true, force: true });
    }
  });

  check('setErrorClass', () => {
    expectCode(null, () => addon.setErrorClass('not a function'));
    class SmokeError extends Error {
      constructor(code, message) {
        super(message);
        this.code = code;
      }
    }
    addon.setErrorClass(SmokeError);
    try {
      addon.loadEncoding('no_such_encoding', vocabDir);
      assert.fail('no throw');
    } catch (e) {
      assert.ok(e instanceof SmokeError, 'errors are built with the registered class');
      assert.strictEqual(e.code, 'ERR_UNKNOWN_ENCODING');
    }
  });

  check('extra special tokens', () => {
    const base = addon.loadEncoding('cl100k_base', vocabDir);
    const extended = addon.loadEncoding('cl100k_base', vocabDir, { '<|im_start|>': 100264, '<|im_end|>': 100265 });
    const chat = '<|im_start|>user\nhi<|im_end|>';
    const got = ids(extended.encode(chat, true));
    assert.strictEqual(got[0], 100264);
    assert.strictEqual(got[got.length - 1], 100265);
    assert.strictEqual(extended.decode(got), chat);
    assert.ok(!ids(base.encode(chat, true)).includes(100264), 'the base encoding is unchanged');
    for (const bad of [{ '<|x|>': -1 }, { '<|x|>': 1.5 }, { '<|x|>': 2 ** 32 }, { '<|x|>': 'seven' }, { '': 5 }]) {
      expectCode(null, () => addon.loadEncoding('cl100k_base', vocabDir, bad));
    }
  });

  const encodings = [];
  for (const name of names) {
    check(`load ${name}`, () => encodings.push(addon.loadEncoding(name, vocabDir)));
  }
  for (const enc of encodings) {
    const started = Date.now();
    exerciseEncoding(enc);
    await exerciseEncodingAsync(enc);
    if (global.gc) global.gc(); // runs the finalizers of external id buffers under the sanitizers
    console.log(`js-smoke: ${enc.name} done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }

  if (encodings.length) await exerciseOptionalApi(encodings.find((e) => e.name === 'cl100k_base') || encodings[0]);

  await exerciseChatCounting();

  await checkAsync('worker_threads: load and use the addon in a Worker', async () => {
    const { code, message } = await runWorker('normal');
    assert.strictEqual(code, 0);
    assert.strictEqual(message, 'ok');
  });
  // In a child process: if tearing the Worker down kills the process, this run still reports it.
  check('worker_threads: terminate a Worker with async calls in flight (child process)', () => {
    const child = childRun('--terminate-worker');
    assert.ok(
      child.status === 0 && child.signal === null && /worker exited/.test(child.stdout),
      `the process died when a Worker was terminated mid-call: status ${child.status}, signal ${child.signal}; ` +
        `stdout: ${JSON.stringify(child.stdout)}`,
    );
  });

  if (global.gc) global.gc();
  console.log(`js-smoke: ${checks} checks, ${failures} failed`);
  process.exitCode = failures === 0 ? 0 : 1;
}

if (isMainThread && process.argv[4] === '--cancel-without-token') {
  // Either a clean ERR_INVALID_ARGUMENT or a no-op is fine; a crash is not.
  for (const missing of [undefined, null]) {
    try {
      addon.cancel(missing);
    } catch (e) {
      if (!(e instanceof Error) || !/^ERR_/.test(String(e.code))) throw e;
    }
  }
  try {
    addon.cancel();
  } catch (e) {
    if (!(e instanceof Error) || !/^ERR_/.test(String(e.code))) throw e;
  }
  console.log('cancel without a token: no crash');
} else if (isMainThread && process.argv[4] === '--terminate-worker') {
  runWorker('terminate').then(
    ({ code, message }) => console.log(`worker exited with ${code} after '${message}'`),
    (e) => {
      console.error(e);
      process.exitCode = 1;
    },
  );
} else if (isMainThread) {
  main().catch((e) => {
    console.error(e);
    process.exitCode = 1;
  });
} else {
  workerMain().catch((e) => {
    console.error(e);
    process.exitCode = 1;
  });
}
