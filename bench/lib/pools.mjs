// Pools of fresh short strings shared by the short-string and batch sections.
//
// Every timed pass must see strings that no earlier pass saw (otherwise merge caches, or any cache
// tokenmeter might grow, would be measured instead of tokenization). So each pool is cut into
// slices of `perRep` strings and every use (one operation of one section) owns its own run of
// `reps + 1` slices: one warm-up slice and one per timed rep. Libraries share slices (their caches
// are separate), and so do the two encodings (each library keeps one cache per encoding).
import { shortStringPool, slicesOf } from './inputs.mjs';

export const USES = ['short:encode', 'short:count', 'batch:count-loop', 'batch:countMany', 'batch:encode-loop', 'batch:encodeMany'];

const pools = new Map();

function pool(profile, length) {
  const { perRep, reps } = profile.short;
  const size = USES.length * (reps + 1) * perRep[length];
  const key = `${length}/${size}`;
  if (!pools.has(key)) pools.set(key, shortStringPool(profile.seed, length, size));
  return pools.get(key);
}

/** The reps + 1 slices (warm-up first) owned by `use` for strings of `length` units. */
export function slicesFor(profile, length, use) {
  const index = USES.indexOf(use);
  if (index < 0) throw new Error(`unknown pool use ${use}`);
  const { perRep, reps } = profile.short;
  const n = perRep[length];
  return slicesOf(pool(profile, length), n, reps + 1, index * (reps + 1) * n);
}

/** Strings set aside for exactness checks: the warm-up slice of the short-string encode use. */
export function sampleFor(profile, length, howMany) {
  return slicesFor(profile, length, 'short:encode')[0].slice(0, howMany);
}
