// Loads the native addon once per JavaScript environment (the main thread and each Worker load
// their own handle; the tokenizer data behind it is shared process-wide).
import * as fs from 'node:fs';
import * as path from 'node:path';

import { TokenmeterError } from './errors';

/** A text argument as the addon takes it. */
export type NativeText = string | Uint8Array;
/** Special-token sets as the addon takes them: `true` = all, an array = these, undefined = default. */
export type NativeSpecial = true | string[] | undefined;

export interface NativeEncoding {
  readonly name: string;
  readonly nVocab: number;
  encode(text: NativeText, allowed?: NativeSpecial, disallowed?: NativeSpecial): Uint32Array;
  encodeOrdinary(text: NativeText): Uint32Array;
  count(text: NativeText, allowed?: NativeSpecial, disallowed?: NativeSpecial): number;
  countOrdinary(text: NativeText): number;
  decode(tokens: ArrayLike<number>): string;
  decodeBytes(tokens: ArrayLike<number>): Uint8Array;
  encodeMany(texts: ReadonlyArray<NativeText>, allowed?: NativeSpecial, disallowed?: NativeSpecial): Uint32Array[];
  countMany(texts: ReadonlyArray<NativeText>, allowed?: NativeSpecial, disallowed?: NativeSpecial): Uint32Array;
  encodeAsync(text: NativeText, allowed?: NativeSpecial, disallowed?: NativeSpecial): Promise<Uint32Array>;
  countAsync(text: NativeText, allowed?: NativeSpecial, disallowed?: NativeSpecial): Promise<number>;
  decodeAsync(tokens: ArrayLike<number>, asBytes: boolean): Promise<string | Uint8Array>;
  encodeManyAsync(texts: ReadonlyArray<NativeText>, allowed?: NativeSpecial, disallowed?: NativeSpecial): Promise<Uint32Array[]>;
  countManyAsync(texts: ReadonlyArray<NativeText>, allowed?: NativeSpecial, disallowed?: NativeSpecial): Promise<Uint32Array>;
  specialTokens(): Record<string, number>;
}

export interface NativeAddon {
  loadEncoding(name: string, vocabDir: string, extraSpecialTokens?: Record<string, number>): NativeEncoding;
  encodingNames(): string[];
  setErrorClass(errorClass: typeof TokenmeterError): void;
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
