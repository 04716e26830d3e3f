// Counting chat requests: countRequest (a whole body) and countTokens (messages + tools). The
// rules live in C++ (addon/src/chat/) and in data/chat-models.json; this layer only shapes the
// call: one native crossing per count, the body passed as JSON text or bytes.
import type {
  AsyncCountOptions,
  CountOptions,
  CountResult,
  EncodingName,
  RequestBody,
} from '../types';
import { withAbort } from './abort';
import { ensureChatRules } from './chat-rules';
import { TokenmeterError } from './errors';
import { native, type CancelToken } from './native';

/** What the addon returns (before calibration). */
interface NativeCount extends Omit<CountResult, 'rawTokens' | 'calibration' | 'encoding'> {
  encoding: string;
  calibration: number;
}

const NATIVE_OPTION_KEYS = ['model', 'api', 'provider', 'imageSizes', 'defaultImageSize', 'defaultPdfPages'] as const;

/** The options the addon reads (it rejects unknown types itself). */
function nativeOptions(options: CountOptions | undefined): Record<string, unknown> | undefined {
  if (options === undefined || options === null) return undefined;
  if (typeof options !== 'object') throw new TokenmeterError('ERR_INVALID_ARGUMENT', 'options must be an object');
  const out: Record<string, unknown> = {};
  for (const key of NATIVE_OPTION_KEYS) if (options[key] !== undefined) out[key] = options[key];
  return out;
}

/** A body as the addon takes it: JSON text or UTF-8 bytes. */
function bodyText(body: RequestBody): string | Uint8Array {
  if (typeof body === 'string' || body instanceof Uint8Array) return body;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new TokenmeterError('ERR_INVALID_REQUEST', 'a request body must be an object, a JSON string or a Buffer');
  }
  try {
    return JSON.stringify(body);
  } catch (error) {
    // cycles, BigInt, or nesting deep enough to overflow JSON.stringify's stack
    throw new TokenmeterError('ERR_INVALID_REQUEST', `the request body cannot be serialized as JSON: ${(error as Error).message}`);
  }
}

function finish(count: NativeCount, options: CountOptions | undefined): CountResult {
  const raw = count.inputTokens;
  // options.calibration was checked by checkCalibration before the count; a rule's own factor is
  // checked where the rules are loaded (model_rules.cc).
  const factor = count.exact || options?.calibration === false ? 1 : (options?.calibration ?? count.calibration);
  return {
    inputTokens: factor === 1 ? raw : Math.round(raw * factor),
    exact: count.exact,
    estimated: count.estimated,
    api: count.api,
    model: count.model,
    encoding: count.encoding as EncodingName,
    rules: count.rules,
    rawTokens: raw,
    calibration: factor,
    breakdown: count.breakdown,
  };
}

function checkCalibration(options: CountOptions | undefined): void {
  const c = options?.calibration;
  if (c !== undefined && c !== false && (typeof c !== 'number' || !(c > 0 && c < 100))) {
    throw new TokenmeterError('ERR_INVALID_ARGUMENT', 'options.calibration must be a number in (0, 100) or false');
  }
}

export function countRequest(body: RequestBody, options?: CountOptions): CountResult {
  checkCalibration(options);
  ensureChatRules();
  return finish(native.countRequest(bodyText(body), nativeOptions(options)) as NativeCount, options);
}

export function countRequestAsync(body: RequestBody, options?: AsyncCountOptions): Promise<CountResult> {
  try {
    checkCalibration(options);
    ensureChatRules();
    const text = bodyText(body);
    const native_options = nativeOptions(options);
    return withAbort(options, (cancel: CancelToken | undefined) =>
      native.countRequestAsync(text, native_options, cancel) as Promise<NativeCount>,
    ).then((count) => finish(count, options));
  } catch (error) {
    return Promise.reject(error);
  }
}

/** The body countTokens(messages, tools, options) stands for. */
function messagesBody(messages: readonly unknown[], tools: readonly unknown[] | undefined, options?: CountOptions): object {
  if (!Array.isArray(messages)) throw new TokenmeterError('ERR_INVALID_REQUEST', 'messages must be an array');
  if (tools !== undefined && tools !== null && !Array.isArray(tools)) {
    throw new TokenmeterError('ERR_INVALID_REQUEST', 'tools must be an array');
  }
  const body: Record<string, unknown> = { messages };
  if (options?.model !== undefined) body.model = options.model;
  if (options?.system !== undefined) body.system = options.system;
  if (tools !== undefined && tools !== null && tools.length > 0) body.tools = tools;
  if (options?.toolChoice !== undefined) body.tool_choice = options.toolChoice;
  return body;
}

export function countTokens(messages: readonly unknown[], tools?: readonly unknown[], options?: CountOptions): CountResult {
  return countRequest(messagesBody(messages, tools, options), options);
}

export function countTokensAsync(
  messages: readonly unknown[],
  tools?: readonly unknown[],
  options?: AsyncCountOptions,
): Promise<CountResult> {
  try {
    return countRequestAsync(messagesBody(messages, tools, options), options);
  } catch (error) {
    return Promise.reject(error);
  }
}
