// Recognises js-tiktoken / tiktoken rank objects ({ pat_str, special_tokens, bpe_ranks }) as one of
// the shipped encodings, so `new Tiktoken(ranks)` works as a drop-in.
//
// bpe_ranks stores runs of consecutive ranks as lines "! <first rank> <base64> <base64> ...".
// Expanded to "<base64> <rank>\n" lines it is the canonical rank file, whose published SHA-256
// names the encoding without trusting any other field.
import { createHash } from 'node:crypto';

import type { EncodingName, TiktokenBPE } from '../types';
import { TokenmeterError } from './errors';
import { native, vocabDir } from './native';

/** Published SHA-256 of each rank file -> the encodings built on it. */
const RANK_FILE_SHA256: Record<string, EncodingName[]> = {
  '306cd27f03c1a714eca7108e03d66b7dc042abe8c258b44c199a7ed9838dd930': ['r50k_base'],
  '94b5ca7dff4d00767bc256fdd1b27e5b17361d7b8a5f968547f9f23eb70d2069': ['p50k_base', 'p50k_edit'],
  '223921b76ee99bde995b7ff738513eef100fb51d18c93597a113bcffe865b2a7': ['cl100k_base'],
  '446a9538cb6c348e3516120d7c08b09f57c36495e2acfffe59a5bf8b0cfb1a2d': ['o200k_base', 'o200k_harmony'],
};

function canonicalRankFileHash(bpeRanks: string): string {
  const hash = createHash('sha256');
  for (const line of bpeRanks.split('\n')) {
    if (line === '') continue;
    const fields = line.split(' ');
    if (fields[0] !== '!') throw new TokenmeterError('ERR_UNKNOWN_ENCODING', 'bpe_ranks is not in the "! <rank> <base64> ..." format');
    let rank = Number(fields[1]);
    let chunk = '';
    for (let i = 2; i < fields.length; i++) chunk += `${fields[i]} ${rank++}\n`;
    hash.update(chunk);
  }
  return hash.digest('hex');
}

const identified = new WeakMap<object, { name: EncodingName; extraSpecialTokens: Record<string, number> }>();

/**
 * The shipped encoding these ranks belong to, and the special tokens the object has beyond that
 * encoding's own (passed on as extensions). Throws ERR_UNKNOWN_ENCODING for any other rank data.
 */
export function identifyRanks(ranks: TiktokenBPE): { name: EncodingName; extraSpecialTokens: Record<string, number> } {
  if (typeof ranks !== 'object' || ranks === null || typeof ranks.bpe_ranks !== 'string') {
    throw new TokenmeterError('ERR_INVALID_ARGUMENT', 'Tiktoken expects a rank object { pat_str, special_tokens, bpe_ranks }');
  }
  const known = identified.get(ranks);
  if (known) return known;
  const candidates = RANK_FILE_SHA256[canonicalRankFileHash(ranks.bpe_ranks)];
  if (!candidates) {
    throw new TokenmeterError(
      'ERR_UNKNOWN_ENCODING',
      'these ranks are not one of the shipped encodings (r50k_base, p50k_base, p50k_edit, cl100k_base, o200k_base, o200k_harmony)',
    );
  }
  const given = ranks.special_tokens ?? {};
  // The candidate whose special tokens the object covers best; the rest become extensions.
  let best: { name: EncodingName; extraSpecialTokens: Record<string, number>; missing: number } | undefined;
  for (const name of candidates) {
    const own = native.loadEncoding(name, vocabDir).specialTokens();
    const extra: Record<string, number> = {};
    for (const [token, id] of Object.entries(given)) if (own[token] !== id) extra[token] = id;
    const missing = Object.keys(own).filter((token) => !(token in given)).length;
    const score = Object.keys(extra).length + missing;
    if (!best || score < Object.keys(best.extraSpecialTokens).length + best.missing) best = { name, extraSpecialTokens: extra, missing };
  }
  const result = { name: best!.name, extraSpecialTokens: best!.extraSpecialTokens };
  identified.set(ranks, result);
  return result;
}
