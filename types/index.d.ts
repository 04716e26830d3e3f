// Public types of tokenmeter. lib/ implements these; tests and users import them.

/** The encodings tokenmeter ships, identical token for token to OpenAI's tiktoken. */
export type EncodingName =
  | 'r50k_base'
  | 'p50k_base'
  | 'p50k_edit'
  | 'cl100k_base'
  | 'o200k_base'
  | 'o200k_harmony';

/**
 * Text to tokenize. Strings are taken as their UTF-16 code units converted to UTF-8 (a lone
 * surrogate becomes U+FFFD, exactly as TextEncoder and tiktoken's WASM build do). Bytes (Buffer or
 * any Uint8Array) must be valid UTF-8: invalid bytes raise ERR_INVALID_UTF8 naming the offset.
 */
export type TextInput = string | Uint8Array;

/** `'all'` or a list of special-token strings, as tiktoken takes them. */
export type SpecialTokenSet = 'all' | ReadonlyArray<string> | ReadonlySet<string>;

/** Options every async call accepts. */
export interface AsyncCallOptions {
  /** Aborting rejects the call promptly with an AbortError (code ABORT_ERR). */
  signal?: AbortSignal;
}

/** Error codes carried by TokenmeterError#code. */
export type TokenmeterErrorCode =
  | 'ERR_INVALID_ARGUMENT' // wrong type or shape of an argument
  | 'ERR_INVALID_UTF8' // bytes input that is not valid UTF-8
  | 'ERR_DISALLOWED_SPECIAL_TOKEN' // text contains a special token that is not allowed
  | 'ERR_INVALID_TOKEN_ID' // decode of an id that is not in the vocabulary
  | 'ERR_UNKNOWN_ENCODING'
  | 'ERR_UNKNOWN_MODEL'
  | 'ERR_VOCAB_NOT_FOUND' // a rank file is missing or unreadable
  | 'ERR_VOCAB_HASH_MISMATCH' // a rank file's SHA-256 is not the published one
  | 'ERR_VOCAB_CORRUPT' // a rank file does not parse
  | 'ERR_INPUT_TOO_LARGE'
  | 'ERR_NATIVE_LOAD' // the native addon could not be loaded
  | 'ERR_INVALID_JSON' // a request body that is not JSON, or nested deeper than 256 levels
  | 'ERR_INVALID_REQUEST' // JSON that is not a request shape tokenmeter knows (unknown role, content type...)
  | 'ERR_INVALID_IMAGE' // an inline image whose data is not base64 of a PNG, JPEG, GIF or WebP
  | 'ERR_MISSING_DEPENDENCY' // an optional package (better-sqlite3, pg, ioredis) is not installed
  | 'ERR_UNKNOWN_PRICE' // calculateCost: no price for the model/date/tier (policy 'throw')
  | 'ERR_INTERNAL';

export declare class TokenmeterError extends Error {
  readonly code: TokenmeterErrorCode;
  constructor(code: TokenmeterErrorCode, message: string);
}

/** What an aborted async call rejects with (like Node's own AbortError). */
export declare class AbortError extends Error {
  readonly name: 'AbortError';
  readonly code: 'ABORT_ERR';
  constructor(message?: string, options?: { cause?: unknown });
}

export interface Encoding {
  /** Encoding name, e.g. 'cl100k_base'. */
  readonly name: string;
  /** One more than the largest token id (ranks and special tokens). */
  readonly nVocab: number;
  /** Special-token strings and their ids (a fresh copy each read). */
  readonly specialTokens: Record<string, number>;

  /**
   * tiktoken's encode: by default every special token is disallowed, and text containing one throws
   * ERR_DISALLOWED_SPECIAL_TOKEN naming it. Allowed special tokens encode to their ids; special
   * tokens that are neither allowed nor disallowed are encoded as ordinary text.
   */
  encode(text: TextInput, allowedSpecial?: SpecialTokenSet, disallowedSpecial?: SpecialTokenSet): Uint32Array;
  /** Encodes everything as ordinary text: special-token strings are never special. */
  encodeOrdinary(text: TextInput): Uint32Array;
  /** encode(...).length, without materializing the tokens. */
  count(text: TextInput, allowedSpecial?: SpecialTokenSet, disallowedSpecial?: SpecialTokenSet): number;
  countOrdinary(text: TextInput): number;
  /** Token ids back to text; bytes that are not valid UTF-8 become U+FFFD. */
  decode(tokens: ArrayLike<number>): string;
  /** Token ids back to their exact bytes. */
  decodeBytes(tokens: ArrayLike<number>): Uint8Array;

  /** Batch forms: many texts in one native call. */
  encodeMany(texts: ReadonlyArray<TextInput>, allowedSpecial?: SpecialTokenSet, disallowedSpecial?: SpecialTokenSet): Uint32Array[];
  countMany(texts: ReadonlyArray<TextInput>, allowedSpecial?: SpecialTokenSet, disallowedSpecial?: SpecialTokenSet): Uint32Array;

  /** Async forms run on a worker thread and resolve to the same values as the sync forms. */
  encodeAsync(text: TextInput, allowedSpecial?: SpecialTokenSet, disallowedSpecial?: SpecialTokenSet, options?: AsyncCallOptions): Promise<Uint32Array>;
  encodeOrdinaryAsync(text: TextInput, options?: AsyncCallOptions): Promise<Uint32Array>;
  countAsync(text: TextInput, allowedSpecial?: SpecialTokenSet, disallowedSpecial?: SpecialTokenSet, options?: AsyncCallOptions): Promise<number>;
  countOrdinaryAsync(text: TextInput, options?: AsyncCallOptions): Promise<number>;
  decodeAsync(tokens: ArrayLike<number>, options?: AsyncCallOptions): Promise<string>;
  decodeBytesAsync(tokens: ArrayLike<number>, options?: AsyncCallOptions): Promise<Uint8Array>;
  encodeManyAsync(texts: ReadonlyArray<TextInput>, allowedSpecial?: SpecialTokenSet, disallowedSpecial?: SpecialTokenSet, options?: AsyncCallOptions): Promise<Uint32Array[]>;
  countManyAsync(texts: ReadonlyArray<TextInput>, allowedSpecial?: SpecialTokenSet, disallowedSpecial?: SpecialTokenSet, options?: AsyncCallOptions): Promise<Uint32Array>;

  /** js-tiktoken and tiktoken (WASM) call this; tokenmeter has nothing to free, so it is a no-op. */
  free(): void;
}

export interface ModelLookupOptions {
  /** Encoding to use when the model is unknown, instead of throwing ERR_UNKNOWN_MODEL. */
  fallback?: EncodingName;
}

/** Returns the shared encoding (loaded lazily, once per process). */
export declare function getEncoding(name: EncodingName, extendSpecialTokens?: Record<string, number>): Encoding;
export declare function encodingForModel(model: string, extendSpecialTokens?: Record<string, number>, options?: ModelLookupOptions): Encoding;
export declare function getEncodingNameForModel(model: string, options?: ModelLookupOptions): EncodingName;
/** Names of every shipped encoding. */
export declare function listEncodings(): EncodingName[];

export interface Limits {
  /** Largest text (UTF-8 bytes) one call accepts; a batch counts all its texts together. Default 512 MiB. */
  maxInputBytes: number;
}
/** Sets (and returns) this JavaScript environment's safety limits; no argument reads them. */
export declare function setLimits(limits?: Partial<Limits>): Limits;

/**
 * js-tiktoken's rank object (`js-tiktoken/ranks/<name>`), accepted by `new Tiktoken(ranks)` for the
 * shipped encodings (recognised by content; other rank data throws ERR_UNKNOWN_ENCODING).
 */
export interface TiktokenBPE {
  pat_str: string;
  special_tokens: Record<string, number>;
  bpe_ranks: string;
}

/**
 * js-tiktoken's class name. Instances are Encodings: the interface below merges into the class,
 * so `Tiktoken` has every Encoding member without repeating them here.
 */
export declare class Tiktoken {
  constructor(ranks: TiktokenBPE, extendedSpecialTokens?: Record<string, number>);
}
export interface Tiktoken extends Encoding {}

// ---------------------------------------------------------------------------------------------
// Chat requests: countTokens / countRequest (lib/chat.ts)
// ---------------------------------------------------------------------------------------------

/** Which provider API a request body is for. */
export type ChatApi = 'chat' | 'responses' | 'anthropic';

export interface ImageDimensions {
  width: number;
  height: number;
}

export interface CountOptions {
  /** The model whose rules and encoding apply; overrides the body's `model`. */
  model?: string;
  /** The body's API, when its shape alone is ambiguous; detected otherwise. */
  api?: ChatApi;
  /** A hint for detection: 'anthropic' counts `messages` as Anthropic Messages. */
  provider?: 'openai' | 'anthropic';
  /** Sizes of images given by URL (there are no bytes to read a header from), keyed by URL. */
  imageSizes?: Record<string, ImageDimensions>;
  /** Size assumed for other URL images (default 1024x1024); such counts are flagged as estimates. */
  defaultImageSize?: ImageDimensions;
  /** Pages assumed for a PDF given by URL or file id (default 1). */
  defaultPdfPages?: number;
  /**
   * Factor applied to estimates (results with `exact: false`): the learned ratio of reported to
   * estimated tokens. Default: the model rule's own factor (1 for most); `false` applies none.
   */
  calibration?: number | false;
  /** countTokens only: Chat Completions `tool_choice` / Anthropic `tool_choice`. */
  toolChoice?: unknown;
  /** countTokens only: Anthropic's top-level `system` (a string or text blocks). */
  system?: unknown;
}

export interface AsyncCountOptions extends CountOptions, AsyncCallOptions {}

export interface CountBreakdown {
  /** User, assistant and tool message text, tool calls and results. */
  messages: number;
  /** System / developer messages, Responses `instructions`, Anthropic `system`. */
  system: number;
  /** Tool definitions with their constants (tool_choice, the hidden tool-use prompt). */
  tools: number;
  images: number;
  /** Anthropic document blocks (PDF pages are an estimate). */
  documents: number;
  /** Per-message framing, role names, reply priming. */
  overhead: number;
}

export interface CountResult {
  /** Input tokens the provider will bill (calibrated when `exact` is false and a factor applies). */
  inputTokens: number;
  /** true when every rule used reproduces provider-reported counts; false for any estimate. */
  exact: boolean;
  /** Why the count is an estimate (empty when exact), e.g. 'anthropic-tokenizer-private', 'tool-calls'. */
  estimated: string[];
  api: ChatApi;
  model: string | null;
  /** The encoding the text was counted with (for Anthropic: the public stand-in, cl100k_base). */
  encoding: EncodingName;
  /** The data/chat-models.json entry whose rules applied (null: the defaults). */
  rules: string | null;
  /** The sum of `breakdown`, before calibration. */
  rawTokens: number;
  /** The factor applied to rawTokens (1 when none). */
  calibration: number;
  breakdown: CountBreakdown;
}

/** A request body: an object, a JSON string, or the raw JSON bytes (parsed in C++). */
export type RequestBody = object | string | Uint8Array;

/** Counts the input tokens of a whole request body (OpenAI Chat Completions or Responses, Anthropic Messages). */
export declare function countRequest(body: RequestBody, options?: CountOptions): CountResult;
/** The same on a worker thread: JSON parsing and tokenization both happen off the event loop. */
export declare function countRequestAsync(body: RequestBody, options?: AsyncCountOptions): Promise<CountResult>;
/** Counts messages (and tools) in the shape of `options.api` / `options.provider` (default: Chat Completions). */
export declare function countTokens(messages: readonly unknown[], tools?: readonly unknown[], options?: CountOptions): CountResult;
export declare function countTokensAsync(
  messages: readonly unknown[],
  tools?: readonly unknown[],
  options?: AsyncCountOptions,
): Promise<CountResult>;

/** The rules file's shape (data/chat-models.json): `defaults` plus `models` entries matched by name. */
export interface ModelRulesData {
  defaults?: Record<string, unknown>;
  models?: Array<{ match: string; like?: string; [field: string]: unknown }>;
}
/**
 * Corrects or adds per-model counting rules without a release: `defaults` fields are merged over the
 * shipped defaults, `models` entries replace shipped entries with the same `match` or are added.
 * Malformed rules throw ERR_INVALID_ARGUMENT and leave the rules in force unchanged.
 */
export declare function setModelRules(overrides: ModelRulesData): void;
/** Drops every override: back to the shipped data/chat-models.json. */
export declare function resetModelRules(): void;
/** The rules in force (shipped data with overrides merged), as data. */
export declare function getModelRules(): ModelRulesData;

// Usage extraction, the cost calculator and the two-stage check have their own files.
export type { UsageProvider, UsageOptions, UsageResult, UsageChunk, UsageAccumulator, UsageStream } from './usage';
export { extractUsage, createUsageAccumulator, createUsageStream } from './usage';
export * from './cost';
export * from './check';
export * from './store';
export { handleCountTokens, createServer, createRequestListener } from './express';
export type { CountEndpoint, CountInfo, CountTokensOptions, CountTokensResponse, ServerOptions, ApiKeyCheck } from './express';
