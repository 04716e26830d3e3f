// Building answers in each provider's format: the success bodies, the two error shapes and
// their status -> type tables, and the headers every answer carries. Clients (the official
// SDKs among them) branch on these types, so they follow the providers' documented values.
import type { CountEndpoint, CountTokensResponse } from '../../types/express';

/** Anthropic's error type for a status (its table; other 4xx are invalid_request_error). */
function anthropicErrorType(status: number): string {
  switch (status) {
    case 401: return 'authentication_error';
    case 403: return 'permission_error';
    case 404: return 'not_found_error';
    case 413: return 'request_too_large';
    case 429: return 'rate_limit_error';
    case 529: return 'overloaded_error';
    default: return status >= 500 ? 'api_error' : 'invalid_request_error';
  }
}

/**
 * OpenAI answers client errors (401 included) as invalid_request_error, its own faults as
 * server_error, and a rate limit on tokens (the gateway's budgets) as type 'tokens'.
 */
function openaiErrorType(status: number): string {
  if (status === 429) return 'tokens';
  return status >= 500 ? 'server_error' : 'invalid_request_error';
}

function respond(
  endpoint: CountEndpoint,
  status: number,
  payload: unknown,
  requestId: string,
  extraHeaders?: Record<string, string>,
): CountTokensResponse {
  const headers: Record<string, string> = { 'content-type': 'application/json', 'request-id': requestId };
  // OpenAI's SDKs read the id from x-request-id; Anthropic's from request-id.
  if (endpoint !== 'anthropic') headers['x-request-id'] = requestId;
  return { status, headers: { ...headers, ...extraHeaders }, body: JSON.stringify(payload) };
}

/** The success answer: exactly `{"input_tokens":N}` (Anthropic) or OpenAI's input_tokens object. */
export function countAnswer(endpoint: CountEndpoint, inputTokens: number, requestId: string): CountTokensResponse {
  const payload =
    endpoint === 'anthropic'
      ? { input_tokens: inputTokens }
      : { object: 'response.input_tokens', input_tokens: inputTokens };
  return respond(endpoint, 200, payload, requestId);
}

export interface ErrorDetails {
  /** OpenAI's `code` (e.g. 'invalid_api_key'); null by default. Anthropic's shape has none. */
  code?: string | null;
  headers?: Record<string, string>;
}

/** An error in the endpoint's provider shape. */
export function errorAnswer(
  endpoint: CountEndpoint,
  status: number,
  message: string,
  requestId: string,
  details: ErrorDetails = {},
): CountTokensResponse {
  const payload =
    endpoint === 'anthropic'
      ? { type: 'error', error: { type: anthropicErrorType(status), message }, request_id: requestId }
      : { error: { message, type: openaiErrorType(status), param: null, code: details.code ?? null } };
  return respond(endpoint, status, payload, requestId, details.headers);
}
