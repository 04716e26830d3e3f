// Benchmark inputs, all built from the shared deterministic corpus generator.
import { createRequire } from 'node:module';
import * as path from 'node:path';

import { ROOT } from './libraries.mjs';

const require = createRequire(import.meta.url);
const corpus = require(path.join(ROOT, 'test/corpus/generate.js'));

export const KINDS = corpus.KINDS;
export const { generate, createRng } = corpus;

export function utf8Bytes(text) {
  return Buffer.byteLength(text, 'utf8');
}

/** Kinds that read like real traffic (used for the mixed text and the short-string pools). */
const REALISTIC = ['prose', 'code', 'json', 'multilingual', 'contractions', 'prose', 'code'];

/**
 * `bytes` of mixed realistic text: 64 KB runs of each realistic kind, each run from its own seed,
 * joined by newlines.
 */
export function mixedText(seed, bytes) {
  const parts = [];
  let total = 0;
  for (let i = 0; total < bytes; i++) {
    const part = generate(REALISTIC[i % REALISTIC.length], seed * 1000 + i, 64 * 1024);
    parts.push(part);
    total += utf8Bytes(part) + 1;
  }
  return parts.join('\n');
}

/** True when index i of s falls between the halves of a surrogate pair. */
function splitsPair(s, i) {
  if (i <= 0 || i >= s.length) return false;
  const before = s.charCodeAt(i - 1);
  const after = s.charCodeAt(i);
  return before >= 0xd800 && before <= 0xdbff && after >= 0xdc00 && after <= 0xdfff;
}

/**
 * `count` DISTINCT strings of `length` UTF-16 units, cut one after another (with small random gaps,
 * never overlapping) from mixed realistic text, so no two strings share a span. Each is re-created
 * through a Buffer so it is a fresh flat string, as text off the network would be, not a slice
 * pinning the big source string.
 */
export function shortStringPool(seed, length, count) {
  const rng = createRng(seed * 31 + length);
  const pool = new Set();
  for (let round = 0; pool.size < count; round++) {
    const missing = count - pool.size;
    const source = mixedText(seed * 100 + round, Math.max(256 * 1024, Math.ceil(missing * (length + 8) * 1.3)));
    let at = 0;
    while (pool.size < count && at + length + 8 < source.length) {
      at += rng.int(8);
      if (splitsPair(source, at)) at++;
      let end = at + length;
      if (splitsPair(source, end)) end--;
      pool.add(source.slice(at, end));
      at = end;
    }
  }
  return [...pool].map((s) => Buffer.from(s, 'utf8').toString('utf8'));
}

/** Splits a pool into consecutive slices of `size` strings (a short last slice is dropped). */
export function slicesOf(pool, size, howMany, offset = 0) {
  const slices = [];
  for (let i = 0; i < howMany; i++) {
    const start = offset + i * size;
    if (start + size > pool.length) throw new Error(`string pool too small: need ${start + size}, have ${pool.length}`);
    slices.push(pool.slice(start, start + size));
  }
  return slices;
}

/** Cuts text into pieces of about `units` UTF-16 units, never inside a surrogate pair. */
export function chunks(text, units) {
  const out = [];
  let start = 0;
  while (start < text.length) {
    let end = Math.min(text.length, start + units);
    if (splitsPair(text, end)) end++;
    out.push(text.slice(start, end));
    start = end;
  }
  return out;
}

/** A prefix of text with at most `bytes` UTF-8 bytes, not cutting a surrogate pair. */
export function utf8Prefix(text, bytes) {
  if (utf8Bytes(text) <= bytes) return text;
  // Binary search on the unit index: UTF-8 length is monotonic in it.
  let lo = 0;
  let hi = text.length;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (utf8Bytes(text.slice(0, mid)) <= bytes) lo = mid;
    else hi = mid - 1;
  }
  if (splitsPair(text, lo)) lo--;
  return text.slice(0, lo);
}

/** `bytes` of random lowercase letters: one enormous pre-token with no repetition to exploit. */
export function randomLetters(seed, bytes) {
  const rng = createRng(seed ^ 0x5eed);
  const alphabet = 'abcdefghijklmnopqrstuvwxyz';
  let out = '';
  const parts = [];
  for (let i = 0; i < bytes; i++) {
    out += alphabet[rng.int(26)];
    if (out.length === 4096) {
      parts.push(out);
      out = '';
    }
  }
  parts.push(out);
  return parts.join('');
}

/** `bytes` of one character repeated (its UTF-8 width divides the count). */
export function repeatedChar(ch, bytes) {
  return ch.repeat(Math.floor(bytes / utf8Bytes(ch)));
}
