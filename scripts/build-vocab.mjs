#!/usr/bin/env node
// Rebuilds vocab/*.tiktoken, the canonical tiktoken rank files, from the rank data shipped
// inside the `tiktoken` npm package (node_modules/tiktoken/encoders/<name>.json, field
// `bpe_ranks`). That field stores runs of consecutive ranks as lines of the form
// "! <first rank> <base64 token> <base64 token> ...". Expanding each run into
// "<base64 token> <rank>\n" lines, in rank order, gives back the original
// <name>.tiktoken file byte for byte, which we prove by its published SHA-256.
//
// Usage: node scripts/build-vocab.mjs [--check]   (--check: verify only, write nothing)
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

// Published SHA-256 of each canonical rank file (tiktoken's own load check uses the same values).
const PUBLISHED_SHA256 = {
  r50k_base: '306cd27f03c1a714eca7108e03d66b7dc042abe8c258b44c199a7ed9838dd930',
  p50k_base: '94b5ca7dff4d00767bc256fdd1b27e5b17361d7b8a5f968547f9f23eb70d2069',
  cl100k_base: '223921b76ee99bde995b7ff738513eef100fb51d18c93597a113bcffe865b2a7',
  o200k_base: '446a9538cb6c348e3516120d7c08b09f57c36495e2acfffe59a5bf8b0cfb1a2d',
};

function expandRuns(bpeRanks) {
  const out = [];
  for (const line of bpeRanks.split('\n')) {
    if (line === '') continue;
    const fields = line.split(' ');
    if (fields[0] !== '!') throw new Error(`unexpected bpe_ranks line: ${line.slice(0, 40)}`);
    let rank = Number(fields[1]);
    for (const token of fields.slice(2)) out.push(`${token} ${rank++}\n`);
  }
  return out.join('');
}

const checkOnly = process.argv.includes('--check');
// tiktoken's "exports" map hides package.json, so read it by path.
const tiktokenDir = join(root, 'node_modules', 'tiktoken');
const tiktokenVersion = JSON.parse(readFileSync(join(tiktokenDir, 'package.json'), 'utf8')).version;
let failed = false;
for (const [name, expected] of Object.entries(PUBLISHED_SHA256)) {
  const { bpe_ranks: bpeRanks } = JSON.parse(readFileSync(join(tiktokenDir, 'encoders', `${name}.json`), 'utf8'));
  const text = expandRuns(bpeRanks);
  const actual = createHash('sha256').update(text).digest('hex');
  const target = join(root, 'vocab', `${name}.tiktoken`);
  if (actual !== expected) {
    console.error(`${name}: SHA-256 ${actual} does not match the published ${expected}`);
    failed = true;
    continue;
  }
  if (checkOnly) {
    const committed = existsSync(target) ? createHash('sha256').update(readFileSync(target)).digest('hex') : 'missing';
    if (committed !== expected) { console.error(`${target}: ${committed}, expected ${expected}`); failed = true; }
    else console.log(`${name}: committed file matches ${expected}`);
  } else {
    writeFileSync(target, text);
    console.log(`${name}: wrote ${target} (${text.length} bytes, sha256 ${actual}) from tiktoken@${tiktokenVersion}`);
  }
}
process.exit(failed ? 1 : 0);
