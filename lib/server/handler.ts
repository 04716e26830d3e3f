// handleCountTokens: the count endpoints with no HTTP framework, for callers that already hold
// the body (a serverless handler, a framework of their own). The Express middleware and the
// standalone server run the same two steps, split around reading the body.
import type { CountEndpoint, CountTokensOptions, CountTokensResponse } from '../../types/express';
import { TokenmeterError } from '../errors';
import { errorAnswer } from './answers';
import { checkHeaders } from './checks';
import { countBody, warn, type CountOutcome } from './count';
import type { HeaderRecord } from './headers';
import type { Settings } from './options';
import { resolveOptions } from './options';
import { newRequestId } from './request-id';

const ENDPOINTS: readonly CountEndpoint[] = ['anthropic', 'chat', 'responses'];

/** Header checks, then the count; a throwing key check (our configuration's fault) is a 500. */
export async function checkAndCount(
  endpoint: CountEndpoint,
  readBody: () => Promise<Uint8Array | string | CountTokensResponse>,
  headers: HeaderRecord,
  settings: Settings,
  requestId: string,
): Promise<CountOutcome> {
  let apiKey: string | null;
  try {
    const check = await checkHeaders(endpoint, headers, settings, requestId);
    if (check.refusal !== null) return { response: check.refusal };
    apiKey = check.apiKey;
  } catch (error) {
    warn('tokenmeter: the apiKeys check failed', error);
    return { response: errorAnswer(endpoint, 500, 'internal error while checking the API key', requestId) };
  }
  const body = await readBody();
  if (typeof body === 'object' && !(body instanceof Uint8Array)) return { response: body };
  return countBody(endpoint, body, settings, requestId, apiKey);
}

export async function handleCountTokens(
  endpoint: CountEndpoint,
  body: Uint8Array | string,
  headers: HeaderRecord,
  options?: CountTokensOptions,
): Promise<CountTokensResponse> {
  if (!ENDPOINTS.includes(endpoint)) {
    throw new TokenmeterError('ERR_INVALID_ARGUMENT', `endpoint must be one of ${ENDPOINTS.join(', ')}`);
  }
  if (typeof body !== 'string' && !(body instanceof Uint8Array)) {
    throw new TokenmeterError('ERR_INVALID_ARGUMENT', 'body must be the raw request body: a Buffer, Uint8Array or string');
  }
  if (typeof headers !== 'object' || headers === null) {
    throw new TokenmeterError('ERR_INVALID_ARGUMENT', 'headers must be an object of header names and values');
  }
  const settings = resolveOptions(options);
  const outcome = await checkAndCount(endpoint, async () => body, headers, settings, newRequestId());
  return outcome.response;
}
