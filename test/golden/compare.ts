// Token-id comparison with failure messages that say where and why, and a running tally of what
// was compared. Plain loops, not expect(): the suite compares millions of ids, and a failing
// toEqual on a 100k-element array prints nothing useful.
import type { EncodingName } from '../../types';
import type { Reference } from './reference';

/** Index of the first difference, or -1 when `a` and `b` hold the same ids. */
export function firstDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return i;
  return a.length === b.length ? -1 : n;
}

const utf8 = new TextDecoder('utf-8', { ignoreBOM: true });

function showToken(ref: Reference, id: number | undefined): string {
  if (id === undefined) return '(end)';
  if (!ref.isValidId(id)) return `${id}=<not in vocabulary>`;
  return `${id}=${JSON.stringify(utf8.decode(ref.tokenBytes(id)))}`;
}

function window(ref: Reference, ids: ArrayLike<number>, at: number, radius = 4): string {
  const parts: string[] = [];
  for (let i = Math.max(0, at - radius); i <= at + radius && i <= ids.length; i++) {
    const shown = showToken(ref, i < ids.length ? ids[i] : undefined);
    parts.push(i === at ? `[${shown}]` : shown);
  }
  return parts.join(' ');
}

/** Where the differing token starts in the text, and the text around it. */
function textContext(ref: Reference, text: string, expected: ArrayLike<number>, at: number): string {
  let offset = 0;
  for (let i = 0; i < at; i++) offset += ref.tokenBytes(expected[i]).length;
  const bytes = new TextEncoder().encode(text);
  const near = utf8.decode(bytes.subarray(Math.max(0, offset - 24), offset + 40));
  return `UTF-8 byte offset ${offset} of ${bytes.length}; text there: ${JSON.stringify(near)}`;
}

/** Human-readable description of how `actual` departs from `expected`. */
export function describeMismatch(
  ref: Reference,
  label: string,
  text: string,
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
): string {
  const at = firstDifference(actual, expected);
  const shortText = text.length > 120 ? `${JSON.stringify(text.slice(0, 120))}... (${text.length} UTF-16 units)` : JSON.stringify(text);
  return [
    `${label}: token ids differ at index ${at} (tokenmeter ${actual.length} tokens, tiktoken ${expected.length})`,
    `  input:     ${shortText}`,
    `  at:        ${textContext(ref, text, expected, at)}`,
    `  tokenmeter ${window(ref, actual, at)}`,
    `  tiktoken   ${window(ref, expected, at)}`,
  ].join('\n');
}

/** Throws a descriptive error unless `actual` equals `expected`. */
export function assertSameIds(
  ref: Reference,
  label: string,
  text: string,
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
): void {
  if (firstDifference(actual, expected) !== -1) throw new Error(describeMismatch(ref, label, text, actual, expected));
}

/**
 * Collects failures of a many-string comparison and throws them together (at most `limit`
 * described) once the whole batch has run, so one run shows how widespread a bug is.
 */
export class FailureLog {
  private readonly described: string[] = [];
  private count = 0;
  constructor(private readonly limit = 5) {}

  add(describe: () => string): void {
    this.count++;
    if (this.described.length < this.limit) this.described.push(describe());
  }

  get failures(): number {
    return this.count;
  }

  throwIfAny(total: number): void {
    if (this.count === 0) return;
    throw new Error(`${this.count} of ${total} strings differ; first ${this.described.length}:\n\n${this.described.join('\n\n')}`);
  }
}

interface Totals {
  strings: number;
  tokens: number;
  bytes: number;
}

/** Running totals of compared strings, tokens and UTF-8 bytes per encoding, printed after the suite. */
export class Tally {
  private readonly totals = new Map<EncodingName, Totals>();

  add(encoding: EncodingName, strings: number, tokens: number, bytes: number): void {
    const t = this.totals.get(encoding) ?? { strings: 0, tokens: 0, bytes: 0 };
    t.strings += strings;
    t.tokens += tokens;
    t.bytes += bytes;
    this.totals.set(encoding, t);
  }

  get(encoding: EncodingName): Totals {
    return this.totals.get(encoding) ?? { strings: 0, tokens: 0, bytes: 0 };
  }

  summary(): string {
    const rows = [...this.totals].map(
      ([name, t]) =>
        `  ${name.padEnd(14)} ${String(t.strings).padStart(10)} strings ${String(t.tokens).padStart(11)} tokens ${(t.bytes / 1e6).toFixed(2).padStart(8)} MB`,
    );
    const sum = [...this.totals.values()].reduce((a, t) => ({ strings: a.strings + t.strings, tokens: a.tokens + t.tokens, bytes: a.bytes + t.bytes }), {
      strings: 0,
      tokens: 0,
      bytes: 0,
    });
    rows.push(`  ${'total'.padEnd(14)} ${String(sum.strings).padStart(10)} strings ${String(sum.tokens).padStart(11)} tokens ${(sum.bytes / 1e6).toFixed(2).padStart(8)} MB`);
    return `golden comparison with tiktoken (WASM):\n${rows.join('\n')}`;
  }
}

/** UTF-8 length without allocating (lone surrogates count as U+FFFD, 3 bytes). */
export { utf8Length } from '../corpus/generate';
