// Loads the native addon once per JavaScript environment (the main thread and each Worker load
// their own handle; the tokenizer data behind it is shared process-wide).
import * as fs from 'node:fs';
import * as path from 'node:path';

import { TokenmeterError } from './errors';

/** A text argument as the addon takes it. */
export type NativeText = string | Uint8Array;
/** Special-token sets as the addon takes them: `true` = all, an array = these, undefined = default. */
export type NativeSpecial = true | string[] | undefined;
/** Opaque handle from createCancelToken(); cancel(token) stops the async calls given it. */
export type CancelToken = { readonly __brand: 'tokenmeter.CancelToken' };

export interface NativeEncoding {
  readonly name: string;
  readonly nVocab: number;
  /** Small results are written to the output buffer and their length returned (see outputBuffer). */
  encode(text: NativeText, allowed?: NativeSpecial, disallowed?: NativeSpecial): number | Uint32Array;
  encodeOrdinary(text: NativeText): number | Uint32Array;
  count(text: NativeText, allowed?: NativeSpecial, disallowed?: NativeSpecial): number;
  countOrdinary(text: NativeText): number;
  decode(tokens: ArrayLike<number>): string;
  decodeBytes(tokens: ArrayLike<number>): Uint8Array;
  // Batches take (texts[]) -- see batch-args.ts -- then the special-token arguments (and for the
  // async forms a cancel token).
  /** Flat: all ids, then one end offset per text. */
  encodeMany(...args: unknown[]): Uint32Array;
  countMany(...args: unknown[]): Uint32Array;
  encodeAsync(
    text: NativeText | NativeTextStage,
    allowed?: NativeSpecial,
    disallowed?: NativeSpecial,
    cancel?: CancelToken,
  ): Promise<Uint32Array>;
  countAsync(
    text: NativeText | NativeTextStage,
    allowed?: NativeSpecial,
    disallowed?: NativeSpecial,
    cancel?: CancelToken,
  ): Promise<number>;
  decodeAsync(tokens: ArrayLike<number>, asBytes: boolean, cancel?: CancelToken): Promise<string | Uint8Array>;
  encodeManyAsync(...args: unknown[]): Promise<Uint32Array>;
  countManyAsync(...args: unknown[]): Promise<Uint32Array>;
  specialTokens(): Record<string, number>;
}

/** A UTF-8 buffer filled in chunks (see stage.ts); async calls accept it in place of a text. */
export interface NativeTextStage {
  append(chunk: NativeText): number;
}

export interface NativeAddon {
  TextStage: new (expectedBytes?: number) => NativeTextStage;
  loadEncoding(name: string, vocabDir: string, extraSpecialTokens?: Record<string, number>): NativeEncoding;
  encodingNames(): string[];
  setErrorClass(errorClass: typeof TokenmeterError): void;
  setOutputBuffer(buffer: Uint32Array): void;
  setLimits(limits?: { maxInputBytes?: number }): { maxInputBytes: number };
  createCancelToken(): CancelToken;
  cancel(token: CancelToken): void;
  /** Chat counting (binding/chat_calls.h): rules JSON, model -> encoding table JSON, rank-file dir. */
  setChatRules(rulesJson: string, encodingTableJson: string, vocabDir: string): void;
  countRequest(body: NativeText, options?: Record<string, unknown>): unknown;
  countRequestAsync(body: NativeText, options?: Record<string, unknown>, cancel?: CancelToken): Promise<unknown>;
}

/**
 * Where sync encodes leave results of up to 64 Ki tokens: the addon copies the ids here and returns
 * their count, and the caller slices them out. Creating a typed array through Node-API costs
 * microseconds; slicing one in JavaScript costs nanoseconds. Internal: never handed to users.
 */
export const outputBuffer = new Uint32Array(64 * 1024);

/** A sync encode's result as a Uint32Array of its own. */
export function takeIds(result: number | Uint32Array): Uint32Array {
  if (typeof result !== 'number') return result;
  const ids = new Uint32Array(result);
  // A plain loop beats TypedArray#slice/set for the few ids of a short string (measured ~3x).
  if (result <= 32) {
    for (let i = 0; i < result; i++) ids[i] = outputBuffer[i];
  } else {
    ids.set(outputBuffer.subarray(0, result));
  }
  return ids;
}

/** Cuts a flat batch result ([ids..., end per text]) into one view per text (no copy). */
export function splitBatch(flat: Uint32Array, texts: number): Uint32Array[] {
  const ends = flat.subarray(flat.length - texts);
  const parts = new Array<Uint32Array>(texts);
  let start = 0;
  for (let i = 0; i < texts; i++) {
    parts[i] = flat.subarray(start, ends[i]);
    start = ends[i];
  }
  return parts;
}

/** The package root: the nearest folder upwards holding tokenmeter's package.json. */
function findPackageRoot(start: string): string {
  let dir = start;
  for (;;) {
    const manifest = path.join(dir, 'package.json');
    if (fs.existsSync(manifest)) {
      try {
        if (JSON.parse(fs.readFileSync(manifest, 'utf8')).name === 'tokenmeter') return dir;
      } catch {
        // not ours; keep looking
      }
    }
    const parent = path.dirname(dir);
    if (parent === dir) throw new TokenmeterError('ERR_NATIVE_LOAD', `cannot find tokenmeter's package root above ${start}`);
    dir = parent;
  }
}

export const packageRoot = findPackageRoot(__dirname);
/** Where the rank files are. TOKENMETER_VOCAB_DIR overrides it (e.g. for bundled apps). */
export const vocabDir = process.env.TOKENMETER_VOCAB_DIR ?? path.join(packageRoot, 'vocab');

function loadAddon(): NativeAddon {
  // A prebuilt binary for this platform first (shipped in the package), then a local build.
  const candidates = [
    process.env.TOKENMETER_NATIVE,
    path.join(packageRoot, 'prebuilds', `${process.platform}-${process.arch}`, 'tokenmeter.node'),
    path.join(packageRoot, 'build', 'Release', 'tokenmeter.node'),
  ].filter((p): p is string => typeof p === 'string' && p.length > 0);
  const failures: string[] = [];
  for (const candidate of candidates) {
    if (!fs.existsSync(candidate)) continue;
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const addon = require(candidate) as NativeAddon;
      addon.setErrorClass(TokenmeterError);
      addon.setOutputBuffer(outputBuffer);
      return addon;
    } catch (error) {
      failures.push(`${candidate}: ${(error as Error).message}`);
    }
  }
  throw new TokenmeterError(
    'ERR_NATIVE_LOAD',
    `tokenmeter's native addon could not be loaded (${failures.length ? failures.join('; ') : `none of ${candidates.join(', ')} exists`}). ` +
      'Run `npm run build:native` in the package, or reinstall it so the install step can build it.',
  );
}

export const native: NativeAddon = loadAddon();
