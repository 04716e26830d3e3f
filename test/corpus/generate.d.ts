// Types of generate.js (plain CommonJS, shared with the .mjs benchmarks).

export type CorpusKind =
  | 'prose'
  | 'code'
  | 'json'
  | 'multilingual'
  | 'emoji'
  | 'whitespace'
  | 'digits'
  | 'contractions'
  | 'adversarial';

/** Every kind, in the order generateCorpus returns them. */
export declare const KINDS: ReadonlyArray<CorpusKind>;

export interface Rng {
  /** Uniform uint32. */
  next(): number;
  /** Uniform in [0, 1). */
  float(): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
  /** Uniform integer in [lo, hi], inclusive. */
  range(lo: number, hi: number): number;
  /** True with probability p. */
  chance(p: number): boolean;
  pick<T>(items: ReadonlyArray<T>): T;
}

/** A seeded splitmix32 generator: the same seed gives the same sequence everywhere. */
export declare function createRng(seed: number): Rng;

/**
 * Deterministic text of one kind, at least `approxBytes` UTF-8 bytes long (it overshoots by at most
 * one generated piece). Never contains a special-token string of any shipped encoding.
 */
export declare function generate(kind: CorpusKind, seed: number, approxBytes: number): string;

/** One text per kind, in KINDS order. */
export declare function generateCorpus(seed: number, approxBytesPerKind: number): { kind: CorpusKind; text: string }[];

/** UTF-8 length of a string (a lone surrogate counts 3 bytes: it is written as U+FFFD). */
export declare function utf8Length(text: string): number;
