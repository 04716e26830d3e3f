// Public types of usage extraction: reading what a provider says a request actually cost in
// tokens, from a response body or from a stream as it passes. lib/usage/ implements these.
import type { Transform } from 'node:stream';

/** Who served the request, as tokenmeter names it (the price tables use the same names). */
export type UsageProvider =
  | 'openai'
  | 'anthropic'
  | 'google'
  | 'bedrock'
  | 'ollama'
  | 'openrouter'
  | 'groq'
  | 'mistral'
  | 'deepseek'
  | 'xai'
  | 'openai-compatible';

export interface UsageOptions {
  /**
   * Who served the response, when you know it. Wins over what the shape suggests (a Groq or
   * DeepSeek body looks like any OpenAI-compatible one). Case-insensitive; also accepts the
   * aliases 'gemini', 'vertex', 'vertex-ai', 'aws', 'aws-bedrock', 'amazon-bedrock', 'x-ai',
   * 'grok', 'azure', 'azure-openai' and 'claude'.
   */
  provider?: UsageProvider | string;
  /**
   * The model the request asked for. Used only when the payload names none (AWS Bedrock Converse),
   * because the served model (a fallback, a router's pick) is the one that is billed. On Bedrock it
   * also selects the model family's counting rule.
   */
  model?: string;
}

/**
 * What a provider reported for one request, normalized. Every count is a whole number of tokens,
 * or `null` when the provider did not report it: unknown is never 0.
 *
 * Input: `inputTokens` is always the TOTAL billed input, cache reads and cache writes included,
 * whatever the provider's own convention (OpenAI, Gemini, DeepSeek... count cached tokens inside
 * their prompt count; Anthropic and Bedrock report them beside it). Each input token is billed at
 * exactly one rate, so
 * `inputTokens = uncachedInputTokens + cacheReadTokens + cacheWriteTokens` (missing parts as 0).
 *
 * Output: `outputTokens` is the total billed output, reasoning/thinking included (Gemini and xAI
 * report thoughts beside the visible output; they are added in, because they are billed at the
 * output rate). `reasoningTokens` is the part of `outputTokens` that was reasoning.
 *
 * This is the "normalized usage" calculateCost prices: it is assignable to that function's
 * (looser, all-optional) `NormalizedUsage` input as is.
 */
export interface UsageResult {
  /** Total billed input tokens: uncached + cache reads + cache writes (+ Gemini tool-use prompt). */
  inputTokens: number | null;
  /** The part of the input billed at the base input rate. */
  uncachedInputTokens: number | null;
  /** Input tokens read from the provider's prompt cache. */
  cacheReadTokens: number | null;
  /** Input tokens written to the prompt cache (all TTLs). */
  cacheWriteTokens: number | null;
  /** Of the cache writes, those with a 5-minute TTL (Anthropic, Bedrock), when the split is reported. */
  cacheWrite5mTokens: number | null;
  /** Of the cache writes, those with a 1-hour TTL (Anthropic, Bedrock), when the split is reported. */
  cacheWrite1hTokens: number | null;
  /**
   * Cache writes split by TTL exactly as reported, keyed '5m', '1h', '30m', '12h' (OpenAI's
   * prompt_cache_options TTLs)...; null when no split was reported.
   */
  cacheWriteByTtl: Readonly<Record<string, number>> | null;
  /** Total billed output tokens, reasoning included. */
  outputTokens: number | null;
  /** Reasoning ("thinking", "thoughts") tokens, a part of outputTokens. */
  reasoningTokens: number | null;
  /**
   * Gemini only: the prompt of the first hop when the SDK continued a long decode over several
   * hops (`initialPromptTokenCount` / `initial_input_tokens`). inputTokens is the sum over hops and
   * is what is billed; compare a pre-request estimate with this one.
   */
  initialInputTokens: number | null;
  /** Server-side web search requests billed per request (Anthropic server_tool_use, Gemini grounding). */
  webSearchRequests: number | null;
  /** The model that served the request, from the payload (else options.model). */
  model: string | null;
  /** Who served it: options.provider, else detected from the shape. */
  provider: UsageProvider | null;
  /**
   * Service tier the provider says it used: 'standard', 'flex', 'priority', or the provider's own
   * word lowercased ('batch', 'scale', 'provisioned', ...). OpenAI's and Bedrock's 'default' and
   * Gemini's ON_DEMAND read as 'standard'.
   */
  serviceTier: string | null;
  /** Where the provider says it ran the request, when that changes the price (Anthropic inference_geo). */
  region: string | null;
  /** Anthropic's `speed` ('fast' is billed at a multiple), when reported. */
  speed: string | null;
  /** Cost in USD as the provider reported it (OpenRouter usage.cost, xAI cost_in_usd_ticks). */
  cost: number | null;
  /**
   * True when the provider reported the billed input. False when it reported nothing usable: a
   * stream without stream_options.include_usage, a stream cut before its usage arrived, an Ollama
   * answer without prompt_eval_count (KV-cache hit). Unknown is not zero.
   */
  available: boolean;
}

/** One piece of a response stream: bytes or text as they arrived, or an already-parsed event. */
export type UsageChunk = string | Uint8Array | ArrayBuffer | object;

export interface UsageAccumulator {
  /**
   * Feeds the next piece of a stream: SSE, NDJSON, a JSON array of chunks, or AWS event-stream
   * frames (Bedrock), split anywhere, even inside a UTF-8 character or a binary frame. A plain
   * object is taken as one parsed event (an SDK's stream item: a Bedrock ConverseStream event, an
   * OpenAI chunk, an Anthropic event...). Garbage never throws; wrong argument types throw
   * TokenmeterError ERR_INVALID_ARGUMENT.
   */
  push(chunk: UsageChunk): void;
  /** The usage seen so far (call it at the end; calling it earlier is harmless). */
  result(): UsageResult;
}

/** A pass-through Transform: bytes go out unchanged; the usage is read on the way. */
export interface UsageStream extends Transform {
  /** The usage seen so far. */
  usage(): UsageResult;
  on(event: 'usage', listener: (usage: UsageResult) => void): this;
  on(event: string | symbol, listener: (...args: any[]) => void): this;
  once(event: 'usage', listener: (usage: UsageResult) => void): this;
  once(event: string | symbol, listener: (...args: any[]) => void): this;
}

/**
 * The usage of a whole response: an object, a JSON string or bytes. A string or bytes that are not
 * one JSON document are read as a stream transcript (SSE, NDJSON, event-stream frames). An array
 * is read as a list of stream chunks (Gemini's non-SSE stream).
 */
export declare function extractUsage(response: object | string | Uint8Array | ArrayBuffer, options?: UsageOptions): UsageResult;

/** Reads usage from a stream fed piece by piece; memory stays bounded whatever the stream's length. */
export declare function createUsageAccumulator(options?: UsageOptions): UsageAccumulator;

/** A Transform that passes bytes through unchanged and emits 'usage' once the input ends. */
export declare function createUsageStream(options?: UsageOptions): UsageStream;
