// Records, while the sections measure, how each library's ids compare with tiktoken's.
//
// tokenmeter must match tiktoken exactly: any difference is printed at once, loudly, and kept in
// full for the report. For the other libraries the log only keeps rates (share of inputs and of
// tokens that differ), per encoding and corpus class, since some are known to differ.
import { REFERENCE } from './libraries.mjs';

/**
 * Where two id sequences disagree, as the span between their common prefix and common suffix.
 * @returns {null | { at: number, refSpan: number, gotSpan: number }}
 */
export function diffSpan(ref, got) {
  const n = Math.min(ref.length, got.length);
  let prefix = 0;
  while (prefix < n && ref[prefix] === got[prefix]) prefix++;
  if (prefix === ref.length && prefix === got.length) return null;
  let suffix = 0;
  while (suffix < n - prefix && ref[ref.length - 1 - suffix] === got[got.length - 1 - suffix]) suffix++;
  return { at: prefix, refSpan: ref.length - prefix - suffix, gotSpan: got.length - prefix - suffix };
}

function emptyTally() {
  return { inputs: 0, differing: 0, refTokens: 0, diffTokens: 0, countDelta: 0 };
}

export class ExactnessLog {
  constructor() {
    /** key `${lib}|${encoding}|${group}` -> tally */
    this.tallies = new Map();
    /** Full details of every tokenmeter disagreement with tiktoken. */
    this.tokenmeterMismatches = [];
    /** tokenmeter's own forms agreeing with each other (count vs encode, batch, async). */
    this.selfChecks = [];
  }

  /**
   * Compares one library's ids for `text` with tiktoken's.
   * @param {object} c
   * @param {string} c.lib
   * @param {string} c.encoding
   * @param {string} c.group     corpus class or input family, for the per-class breakdown
   * @param {string} c.label     reproducible description of the input
   * @param {string} c.text
   * @param {ArrayLike<number>} c.ref   tiktoken's ids
   * @param {ArrayLike<number>} c.got
   * @param {(ids: ArrayLike<number>) => Uint8Array} [c.decodeRef]  to locate a mismatch in the text
   */
  compare({ lib, encoding, group, label, text, ref, got, decodeRef }) {
    if (lib === REFERENCE) return true; // the reference against itself says nothing
    const key = `${lib}|${encoding}|${group}`;
    if (!this.tallies.has(key)) this.tallies.set(key, emptyTally());
    const tally = this.tallies.get(key);
    const span = diffSpan(ref, got);
    tally.inputs++;
    tally.refTokens += ref.length;
    if (!span) return true;
    tally.differing++;
    tally.diffTokens += Math.max(span.refSpan, span.gotSpan);
    tally.countDelta += Math.abs(ref.length - got.length);
    if (lib === 'tokenmeter') this.#recordTokenmeterMismatch({ encoding, label, text, ref, got, span, decodeRef });
    return false;
  }

  /** Records one self-consistency check of tokenmeter (e.g. count() === encode().length). */
  selfCheck(what, ok, detail = '') {
    this.selfChecks.push({ what, ok, detail });
    if (!ok) shout(`tokenmeter self-check FAILED: ${what}${detail ? ` (${detail})` : ''}`);
  }

  #recordTokenmeterMismatch({ encoding, label, text, ref, got, span, decodeRef }) {
    const context = (ids) => Array.from(ids.slice(Math.max(0, span.at - 2), span.at + 6)).join(' ');
    let excerpt = '';
    if (decodeRef) {
      // Locate the first differing token in the text by decoding tiktoken's agreed prefix.
      const byteAt = decodeRef(Array.from(ref.slice(0, span.at))).length;
      const bytes = Buffer.from(text, 'utf8');
      excerpt = bytes.subarray(Math.max(0, byteAt - 24), byteAt + 48).toString('utf8');
    }
    const entry = {
      encoding,
      label,
      tokenIndex: span.at,
      refTokens: ref.length,
      gotTokens: got.length,
      tiktoken: context(ref),
      tokenmeter: context(got),
      excerpt,
    };
    this.tokenmeterMismatches.push(entry);
    shout(
      `tokenmeter DIFFERS from tiktoken: ${encoding} ${label} at token ${span.at} ` +
        `(tiktoken ${ref.length} tokens, tokenmeter ${got.length})\n` +
        `  tiktoken:   ...${entry.tiktoken}\n  tokenmeter: ...${entry.tokenmeter}\n` +
        (excerpt ? `  text near it: ${JSON.stringify(excerpt)}` : ''),
    );
  }

  /** Tallies summed over groups: Map `${lib}|${encoding}` -> tally. */
  totalsByLibrary() {
    const totals = new Map();
    for (const [key, t] of this.tallies) {
      const [lib, encoding] = key.split('|');
      const k = `${lib}|${encoding}`;
      if (!totals.has(k)) totals.set(k, emptyTally());
      const sum = totals.get(k);
      for (const f of Object.keys(sum)) sum[f] += t[f];
    }
    return totals;
  }
}

function shout(message) {
  const bar = '!'.repeat(78);
  console.error(`\n${bar}\n${message}\n${bar}\n`);
}
