// Counting one body that passed the header checks: the raw bytes go to countRequestAsync, which
// parses the JSON in C++ on a worker thread, so a large body never blocks the event loop. Native
// errors about the body become 400/413 answers; only our own faults are 500s.
import type { CountEndpoint, CountInfo, CountTokensResponse } from '../../types/express';
import type { CountResult } from '../../types';
import { countRequestAsync } from '../chat';
import { countAnswer, errorAnswer } from './answers';
import { tooLargeMessage } from './checks';
import type { Settings } from './options';

/** An answer, plus what the metrics need when the counter ran. */
export interface CountOutcome {
  response: CountTokensResponse;
  /** Set when the body reached the counter (whatever it answered). */
  count?: { seconds: number; inputTokens: number | null };
}

/** Codes that mean the body is at fault (its JSON, shape, images or text), not the server. */
export const BAD_BODY: ReadonlySet<string> = new Set(['ERR_INVALID_JSON', 'ERR_INVALID_REQUEST', 'ERR_INVALID_IMAGE', 'ERR_INVALID_UTF8', 'ERR_UNKNOWN_MODEL']);

/** Chat Completions and Anthropic require a model; OpenAI's input_tokens endpoint does not. */
const MODEL_REQUIRED: Readonly<Record<CountEndpoint, boolean>> = { anthropic: true, chat: true, responses: false };

/** An error's message; read as a property because errors from another realm fail instanceof. */
export function messageOf(error: unknown): string {
  const message = (error as { message?: unknown } | null)?.message;
  return typeof message === 'string' ? message : String(error);
}

export function warn(what: string, error: unknown): void {
  process.emitWarning(`${what}: ${messageOf(error)}`, 'TokenmeterWarning');
}

/** The answer for a failed count. */
function failure(endpoint: CountEndpoint, error: unknown, requestId: string): CountTokensResponse {
  const code = (error as { code?: unknown } | null)?.code;
  const message = messageOf(error);
  if (typeof code === 'string' && BAD_BODY.has(code)) return errorAnswer(endpoint, 400, message, requestId);
  // The counter's own input limit (setLimits' maxInputBytes), when it is below maxBodyBytes.
  if (code === 'ERR_INPUT_TOO_LARGE') return errorAnswer(endpoint, 413, message, requestId);
  warn(`tokenmeter: counting request ${requestId} failed`, error);
  return errorAnswer(endpoint, 500, 'internal error while counting the request', requestId);
}

/** Runs the hook without letting it delay or break the answer. */
function notify(settings: Settings, info: CountInfo): void {
  if (settings.onCount === undefined) return;
  try {
    const pending = settings.onCount(info);
    if (pending && typeof pending.then === 'function') pending.then(undefined, (error) => warn('tokenmeter: onCount failed', error));
  } catch (error) {
    warn('tokenmeter: onCount failed', error);
  }
}

export async function countBody(
  endpoint: CountEndpoint,
  body: Uint8Array | string,
  settings: Settings,
  requestId: string,
  apiKey: string | null,
): Promise<CountOutcome> {
  const size = typeof body === 'string' ? Buffer.byteLength(body, 'utf8') : body.byteLength;
  if (size > settings.maxBodyBytes) {
    return { response: errorAnswer(endpoint, 413, tooLargeMessage(settings.maxBodyBytes), requestId) };
  }
  const started = process.hrtime.bigint();
  const elapsed = () => Number(process.hrtime.bigint() - started) / 1e9;
  let result: CountResult;
  try {
    result = await countRequestAsync(body, { api: endpoint });
  } catch (error) {
    return { response: failure(endpoint, error, requestId), count: { seconds: elapsed(), inputTokens: null } };
  }
  const seconds = elapsed();
  // The native count reads `model` leniently (null when absent or empty); the APIs do not.
  if (MODEL_REQUIRED[endpoint] && result.model === null) {
    const message = endpoint === 'anthropic' ? 'model: Field required' : 'you must provide a model parameter';
    return { response: errorAnswer(endpoint, 400, message, requestId), count: { seconds, inputTokens: null } };
  }
  notify(settings, { endpoint, requestId, apiKey, result, durationMs: seconds * 1000 });
  return { response: countAnswer(endpoint, result.inputTokens, requestId), count: { seconds, inputTokens: result.inputTokens } };
}
