// One adapter per tokenizer, so every section calls them the same way:
//   load(encodingName) -> { encode(text) -> ids, count(text) -> number, decodeBytes?(ids) }
// Libraries are required lazily inside load(), so the cold-start child times the import too and
// only pays for the library it measures.
import { createRequire } from 'node:module';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const require = createRequire(path.join(ROOT, 'package.json'));

/**
 * @typedef {object} Loaded
 * @property {(text: string) => ArrayLike<number>} encode
 * @property {(text: string) => number} count
 * @property {(ids: ArrayLike<number>) => Uint8Array} [decodeBytes]
 * @property {() => void} [clearCache]   empties the library's merge cache, where it has one
 *
 * @typedef {object} Library
 * @property {string} id
 * @property {string} pkg          npm package name (for its version)
 * @property {string} countVia     how count is done, for the report
 * @property {(encoding: string) => Loaded} load
 */

/** @type {Library[]} in report column order; tokenmeter first, tiktoken (the reference) second. */
export const LIBRARIES = [
  {
    id: 'tokenmeter',
    pkg: 'tokenmeter',
    countVia: 'count()',
    load(encoding) {
      const enc = require(ROOT).getEncoding(encoding);
      return {
        encode: (text) => enc.encode(text),
        count: (text) => enc.count(text),
        decodeBytes: (ids) => enc.decodeBytes(ids),
        api: enc, // batch and async forms
      };
    },
  },
  {
    id: 'tiktoken',
    pkg: 'tiktoken',
    countVia: 'encode().length',
    load(encoding) {
      // WASM build; encode() returns a Uint32Array copied out of WASM memory.
      const enc = require('tiktoken').get_encoding(encoding);
      return {
        encode: (text) => enc.encode(text),
        count: (text) => enc.encode(text).length,
        decodeBytes: (ids) => enc.decode(Uint32Array.from(ids)),
      };
    },
  },
  {
    id: 'js-tiktoken',
    pkg: 'js-tiktoken',
    countVia: 'encode().length',
    load(encoding) {
      const enc = require('js-tiktoken').getEncoding(encoding);
      return { encode: (text) => enc.encode(text), count: (text) => enc.encode(text).length };
    },
  },
  {
    id: 'gpt-tokenizer',
    pkg: 'gpt-tokenizer',
    countVia: 'countTokens()',
    load(encoding) {
      // Per-encoding module; it keeps its own merge cache (100k pieces by default).
      const mod = require(`gpt-tokenizer/encoding/${encoding}`);
      return {
        encode: (text) => mod.encode(text),
        count: (text) => mod.countTokens(text),
        clearCache: () => mod.clearMergeCache(),
      };
    },
  },
  {
    id: 'ai-tokenizer',
    pkg: 'ai-tokenizer',
    countVia: 'count()',
    load(encoding) {
      // README: `new Tokenizer(await import('ai-tokenizer/encoding/<name>'))`; 100k-piece merge cache.
      const { Tokenizer } = require('ai-tokenizer');
      const tokenizer = new Tokenizer(require(`ai-tokenizer/encoding/${encoding}`));
      return {
        encode: (text) => tokenizer.encode(text),
        count: (text) => tokenizer.count(text),
        // No public way to empty the cache; `mergeCache` is a TypeScript-private but plain Map field.
        clearCache: () => tokenizer.mergeCache?.clear(),
      };
    },
  },
];

export const REFERENCE = 'tiktoken';
/** The pure-JS field the ≥10x target is measured against (whichever is faster per class). */
export const FAST_JS = ['gpt-tokenizer', 'ai-tokenizer'];

export function libraryById(id) {
  const lib = LIBRARIES.find((l) => l.id === id);
  if (!lib) throw new Error(`unknown library ${id}`);
  return lib;
}

/** Loaded adapters are shared by every section: each library/encoding pair is loaded once. */
const loaded = new Map();
export function loadLibrary(id, encoding) {
  const key = `${id}/${encoding}`;
  if (!loaded.has(key)) loaded.set(key, libraryById(id).load(encoding));
  return loaded.get(key);
}

/** Installed version, read from the package.json file itself: some packages' "exports" hide it. */
export function libraryVersion(pkg) {
  const file = pkg === 'tokenmeter' ? path.join(ROOT, 'package.json') : path.join(ROOT, 'node_modules', pkg, 'package.json');
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')).version;
  } catch {
    return 'not installed';
  }
}
