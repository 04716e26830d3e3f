// ESM smoke test, run with plain node (Jest here runs CommonJS through ts-jest):
//   node test/esm-smoke.mjs
// Loads tokenmeter through its ESM entry points, both by path and by package name (a package may
// import itself through its own "exports" map), and checks a well-known result. Needs the compiled
// CommonJS build (npm run build:ts) that esm/*.mjs re-export. Exits non-zero on any failure.
import assert from 'node:assert/strict';

const byPath = await import(new URL('../esm/index.mjs', import.meta.url).href);
const byName = await import('tokenmeter'); // resolved through package.json "exports" -> "import"
const jsByPath = await import(new URL('../esm/js-tiktoken.mjs', import.meta.url).href);
const jsByName = await import('tokenmeter/js-tiktoken');

// The exports map must lead to the same module instance as the file itself.
assert.equal(byName.getEncoding, byPath.getEncoding, "'tokenmeter' does not resolve to esm/index.mjs");
assert.equal(jsByName.getEncoding, jsByPath.getEncoding, "'tokenmeter/js-tiktoken' does not resolve to esm/js-tiktoken.mjs");

for (const name of ['getEncoding', 'encodingForModel', 'getEncodingNameForModel', 'listEncodings', 'Tiktoken', 'TokenmeterError']) {
  assert.equal(typeof byName[name], 'function', `named export ${name} is missing`);
}
for (const name of ['getEncoding', 'encodingForModel', 'getEncodingNameForModel', 'Tiktoken']) {
  assert.equal(typeof jsByName[name], 'function', `tokenmeter/js-tiktoken: named export ${name} is missing`);
}

const { getEncoding, encodingForModel, getEncodingNameForModel, listEncodings } = byName;

const ids = getEncoding('cl100k_base').encode('hello world');
assert.equal(Object.prototype.toString.call(ids), '[object Uint32Array]');
assert.deepEqual(Array.from(ids), [15339, 1917]);
assert.equal(getEncoding('cl100k_base').decode(ids), 'hello world');
assert.equal(getEncodingNameForModel('gpt-4o'), 'o200k_base');
assert.equal(encodingForModel('gpt-4').count('hello world'), 2);
assert.ok(listEncodings().includes('o200k_harmony'));
assert.throws(() => encodingForModel('no-such-model'), (error) => error.code === 'ERR_UNKNOWN_MODEL');

const jsIds = jsByName.getEncoding('cl100k_base').encode('hello world');
assert.ok(Array.isArray(jsIds), 'tokenmeter/js-tiktoken encode must return number[]');
assert.deepEqual(jsIds, [15339, 1917]);

// The default export is the CommonJS module object.
assert.equal(byName.default.getEncoding, getEncoding);

console.log('esm-smoke: ok');
