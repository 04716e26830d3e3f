// The public Encoding: tiktoken's methods over one native encoding, plus batch and async forms.
// It is also exported as `Tiktoken`, js-tiktoken's class name (see rank-identity.ts for
// `new Tiktoken(ranks)`).
import type { AsyncCallOptions, Encoding, SpecialTokenSet, TextInput, TiktokenBPE } from '../types';
import { withAbort } from './abort';
import { TokenmeterError } from './errors';
import {
  native,
  splitBatch,
  takeIds,
  vocabDir,
  type CancelToken,
  type NativeEncoding,
  type NativeText,
  type NativeTextStage,
} from './native';
import { identifyRanks } from './rank-identity';
import { batchArgs } from './batch-args';
import { allowedArg, disallowedArg } from './special-args';
import { STAGE_THRESHOLD, stageForAsync } from './stage';

/** Set by loadEncoding() so the public constructor can also be reached from inside the package. */
const fromNative = Symbol('tokenmeter.fromNative');

export class Tiktoken implements Encoding {
  readonly #native: NativeEncoding;

  /**
   * js-tiktoken's constructor: `new Tiktoken(ranks, extendedSpecialTokens?)` with a rank object from
   * `js-tiktoken/ranks/<name>`. The ranks are recognised by their published SHA-256 and served by
   * the native core.
   */
  constructor(ranks: TiktokenBPE, extendedSpecialTokens?: Record<string, number>);
  constructor(ranks: TiktokenBPE | { [fromNative]: NativeEncoding }, extendedSpecialTokens?: Record<string, number>) {
    if (typeof ranks === 'object' && ranks !== null && fromNative in ranks) {
      this.#native = ranks[fromNative];
      return;
    }
    const { name, extraSpecialTokens } = identifyRanks(ranks as TiktokenBPE);
    const extra = { ...extraSpecialTokens, ...extendedSpecialTokens };
    this.#native = native.loadEncoding(name, vocabDir, Object.keys(extra).length ? extra : undefined);
  }

  /** Wraps a native encoding (internal). */
  static [fromNative](nativeEncoding: NativeEncoding): Tiktoken {
    return new Tiktoken({ [fromNative]: nativeEncoding } as unknown as TiktokenBPE);
  }

  get name(): string {
    return this.#native.name;
  }
  get nVocab(): number {
    return this.#native.nVocab;
  }
  get specialTokens(): Record<string, number> {
    return this.#native.specialTokens();
  }

  encode(text: TextInput, allowedSpecial?: SpecialTokenSet, disallowedSpecial?: SpecialTokenSet): Uint32Array {
    if (allowedSpecial === undefined && disallowedSpecial === undefined) return takeIds(this.#native.encode(text));
    return takeIds(this.#native.encode(text, allowedArg(allowedSpecial), disallowedArg(disallowedSpecial)));
  }
  encodeOrdinary(text: TextInput): Uint32Array {
    return takeIds(this.#native.encodeOrdinary(text));
  }
  count(text: TextInput, allowedSpecial?: SpecialTokenSet, disallowedSpecial?: SpecialTokenSet): number {
    if (allowedSpecial === undefined && disallowedSpecial === undefined) return this.#native.count(text);
    return this.#native.count(text, allowedArg(allowedSpecial), disallowedArg(disallowedSpecial));
  }
  countOrdinary(text: TextInput): number {
    return this.#native.countOrdinary(text);
  }
  decode(tokens: ArrayLike<number>): string {
    return this.#native.decode(tokens);
  }
  decodeBytes(tokens: ArrayLike<number>): Uint8Array {
    return this.#native.decodeBytes(tokens);
  }

  encodeMany(texts: ReadonlyArray<TextInput>, allowedSpecial?: SpecialTokenSet, disallowedSpecial?: SpecialTokenSet): Uint32Array[] {
    const flat = this.#native.encodeMany(...batchArgs(texts), allowedArg(allowedSpecial), disallowedArg(disallowedSpecial));
    return splitBatch(flat, texts.length);
  }
  countMany(texts: ReadonlyArray<TextInput>, allowedSpecial?: SpecialTokenSet, disallowedSpecial?: SpecialTokenSet): Uint32Array {
    return this.#native.countMany(...batchArgs(texts), allowedArg(allowedSpecial), disallowedArg(disallowedSpecial));
  }

  encodeAsync(
    text: TextInput,
    allowedSpecial?: SpecialTokenSet,
    disallowedSpecial?: SpecialTokenSet,
    options?: AsyncCallOptions,
  ): Promise<Uint32Array> {
    return this.#startAsync(options, (cancel) =>
      withStagedText(text, (staged) =>
        this.#native.encodeAsync(staged, allowedArg(allowedSpecial), disallowedArg(disallowedSpecial), cancel),
      ),
    );
  }
  encodeOrdinaryAsync(text: TextInput, options?: AsyncCallOptions): Promise<Uint32Array> {
    // Nothing allowed and nothing disallowed is exactly encode_ordinary.
    return this.#startAsync(options, (cancel) =>
      withStagedText(text, (staged) => this.#native.encodeAsync(staged, undefined, [], cancel)),
    );
  }
  countAsync(
    text: TextInput,
    allowedSpecial?: SpecialTokenSet,
    disallowedSpecial?: SpecialTokenSet,
    options?: AsyncCallOptions,
  ): Promise<number> {
    return this.#startAsync(options, (cancel) =>
      withStagedText(text, (staged) =>
        this.#native.countAsync(staged, allowedArg(allowedSpecial), disallowedArg(disallowedSpecial), cancel),
      ),
    );
  }
  countOrdinaryAsync(text: TextInput, options?: AsyncCallOptions): Promise<number> {
    return this.#startAsync(options, (cancel) =>
      withStagedText(text, (staged) => this.#native.countAsync(staged, undefined, [], cancel)),
    );
  }
  decodeAsync(tokens: ArrayLike<number>, options?: AsyncCallOptions): Promise<string> {
    return this.#startAsync(options, (cancel) => this.#native.decodeAsync(tokens, false, cancel) as Promise<string>);
  }
  decodeBytesAsync(tokens: ArrayLike<number>, options?: AsyncCallOptions): Promise<Uint8Array> {
    return this.#startAsync(options, (cancel) => this.#native.decodeAsync(tokens, true, cancel) as Promise<Uint8Array>);
  }
  encodeManyAsync(
    texts: ReadonlyArray<TextInput>,
    allowedSpecial?: SpecialTokenSet,
    disallowedSpecial?: SpecialTokenSet,
    options?: AsyncCallOptions,
  ): Promise<Uint32Array[]> {
    return this.#startAsync(options, (cancel) =>
      this.#native
        .encodeManyAsync(...batchArgs(texts), allowedArg(allowedSpecial), disallowedArg(disallowedSpecial), cancel)
        .then((flat) => splitBatch(flat, texts.length)),
    );
  }
  countManyAsync(
    texts: ReadonlyArray<TextInput>,
    allowedSpecial?: SpecialTokenSet,
    disallowedSpecial?: SpecialTokenSet,
    options?: AsyncCallOptions,
  ): Promise<Uint32Array> {
    return this.#startAsync(options, (cancel) =>
      this.#native.countManyAsync(...batchArgs(texts), allowedArg(allowedSpecial), disallowedArg(disallowedSpecial), cancel),
    );
  }

  /** Nothing to free: the native tables are shared and live for the process. */
  free(): void {}

  // Argument errors thrown while starting (e.g. a bad allowedSpecial) reject instead of throwing.
  #startAsync<T>(options: AsyncCallOptions | undefined, start: (cancel: CancelToken | undefined) => Promise<T>): Promise<T> {
    return withAbort(options, (cancel) => {
      try {
        return start(cancel);
      } catch (error) {
        return Promise.reject(error);
      }
    });
  }
}

/** Runs `call` on the text, first staging a long string in chunks (see stage.ts). */
function withStagedText<T>(text: TextInput, call: (staged: NativeText | NativeTextStage) => Promise<T>): Promise<T> {
  if (typeof text === 'string' && text.length > STAGE_THRESHOLD) return stageForAsync(text).then(call);
  return call(text);
}

const shared = new Map<string, Tiktoken>();

/** Loads (once) and wraps a shipped encoding, optionally with extra special tokens. */
export function loadEncoding(name: string, extendSpecialTokens?: Record<string, number>): Tiktoken {
  if (typeof name !== 'string') {
    throw new TokenmeterError('ERR_INVALID_ARGUMENT', 'encoding name must be a string');
  }
  const extended = extendSpecialTokens !== undefined && Object.keys(extendSpecialTokens).length > 0;
  if (!extended) {
    const cached = shared.get(name);
    if (cached) return cached;
  }
  const encoding = Tiktoken[fromNative](native.loadEncoding(name, vocabDir, extended ? extendSpecialTokens : undefined));
  if (!extended) shared.set(name, encoding);
  return encoding;
}
