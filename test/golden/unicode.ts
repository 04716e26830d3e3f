// Texts that put every Unicode scalar value (U+0000..U+10FFFF minus surrogates) in front of the
// tokenizer: in runs of consecutive scalars, alone, and between letters, spaces, digits and
// apostrophes. Built once and shared by all encodings' tests.

export const CHUNK_SIZE = 256;

/** Every scalar value in order. */
export function* allScalars(): Generator<number> {
  for (let cp = 0; cp <= 0x10ffff; cp++) if (cp < 0xd800 || cp > 0xdfff) yield cp;
}

/**
 * Where Unicode 16 assigns characters: planes 0-2, plane 3 up to U+323AF (CJK extensions G and H)
 * and plane 14 up to U+E01EF (tags, variation selectors supplement). Everything else is unassigned
 * (category Cn) or private use (Co, planes 15-16), and within those ranges every scalar has the same
 * regex classes and the same UTF-8 shape. Every scalar is still tokenized alone and in runs; the
 * context sweeps (4+ copies of each scalar, the expensive part) take every assigned-range scalar
 * and every 61st of the rest (61 is prime, so the samples cycle through all low-byte values).
 */
export function inContextSweep(cp: number): boolean {
  return cp <= 0x323af || (cp >= 0xe0000 && cp <= 0xe01ef) || cp % 61 === 0;
}

function chunked(codePoints: Iterable<number>): string[][] {
  const chunks: string[][] = [];
  let current: string[] = [];
  for (const cp of codePoints) {
    current.push(String.fromCodePoint(cp));
    if (current.length === CHUNK_SIZE) {
      chunks.push(current);
      current = [];
    }
  }
  if (current.length) chunks.push(current);
  return chunks;
}

function* filtered(pred: (cp: number) => boolean): Generator<number> {
  for (const cp of allScalars()) if (pred(cp)) yield cp;
}

// Separators of different classes: space, letters (cased and not), digit, apostrophe, newline,
// CRLF, tab, punctuation, a combining mark, a CJK ideograph, a non-ASCII space.
const SEPARATORS = [' ', 'a', 'Z', '1', "'", '\n', '\r\n', '\t', '.', '\u0301', '中', '\u00a0', "'s"];

export interface SweepCase {
  readonly label: string;
  /** True if the case includes every scalar; false if it takes the context sample (inContextSweep). */
  readonly everyScalar: boolean;
  build(): string[];
}

export const SWEEP_CASES: readonly SweepCase[] = [
  {
    label: `runs of ${CHUNK_SIZE} consecutive scalars`,
    everyScalar: true,
    build: () => chunked(allScalars()).map((c) => c.join('')),
  },
  {
    label: 'scalars joined with rotating separators of every class',
    everyScalar: false,
    build: () =>
      chunked(filtered(inContextSweep)).map((c, k) => c.map((s, i) => s + SEPARATORS[(i + k) % SEPARATORS.length]).join('')),
  },
  {
    label: 'each scalar between letters (x_y)',
    everyScalar: false,
    build: () => chunked(filtered(inContextSweep)).map((c) => c.map((s) => `x${s}y`).join('')),
  },
  {
    label: 'each scalar between spaces ( _ )',
    everyScalar: false,
    build: () => chunked(filtered(inContextSweep)).map((c) => c.map((s) => ` ${s} `).join('')),
  },
  {
    label: 'each scalar between digits (4_2)',
    everyScalar: false,
    build: () => chunked(filtered(inContextSweep)).map((c) => c.map((s) => `4${s}2`).join('')),
  },
  {
    label: "each scalar between apostrophes ('_')",
    everyScalar: false,
    build: () => chunked(filtered(inContextSweep)).map((c) => c.map((s) => `'${s}'`).join('')),
  },
];

const built = new Map<string, string[]>();

/** The texts of a sweep case, built on first use and kept for the other encodings. */
export function sweepTexts(c: SweepCase): string[] {
  let texts = built.get(c.label);
  if (!texts) {
    texts = c.build();
    built.set(c.label, texts);
  }
  return texts;
}

export function scalarName(cp: number): string {
  return 'U+' + cp.toString(16).toUpperCase().padStart(4, '0');
}
