// The checks made from the headers alone, before a body is read: the API key, the content type
// and encoding, and a declared length over the limit. A client refused here never gets to
// upload (or make us buffer) its body.
import type { CountEndpoint, CountTokensResponse } from '../../types/express';
import { errorAnswer } from './answers';
import { presentedKey } from './auth';
import { headerValue, type HeaderRecord } from './headers';
import type { Settings } from './options';

export type HeaderCheck = { refusal: CountTokensResponse } | { refusal: null; apiKey: string | null };

/** Why the content type is refused, or null: JSON only, in UTF-8 (the encoding JSON mandates). */
function contentTypeProblem(headers: HeaderRecord): string | null {
  const value = headerValue(headers, 'content-type');
  if (value === undefined || value.trim() === '') return 'content-type must be application/json';
  const [type, ...parameters] = value.split(';');
  if (type.trim().toLowerCase() !== 'application/json') {
    return `content-type ${type.trim()} is not supported: send application/json`;
  }
  for (const parameter of parameters) {
    const eq = parameter.indexOf('=');
    if (eq === -1 || parameter.slice(0, eq).trim().toLowerCase() !== 'charset') continue;
    const charset = parameter.slice(eq + 1).trim().replace(/^"|"$/g, '').toLowerCase();
    if (charset !== 'utf-8' && charset !== 'utf8') return `charset ${charset} is not supported: send UTF-8`;
  }
  // The body goes to the counter as it arrives; compressed bodies are not unpacked.
  const encoding = headerValue(headers, 'content-encoding');
  if (encoding !== undefined && encoding.trim() !== '' && encoding.trim().toLowerCase() !== 'identity') {
    return `content-encoding ${encoding.trim()} is not supported: send the body uncompressed`;
  }
  return null;
}

export function tooLargeMessage(limit: number): string {
  return `request body is larger than the limit of ${limit} bytes`;
}

export async function checkHeaders(
  endpoint: CountEndpoint,
  headers: HeaderRecord,
  settings: Settings,
  requestId: string,
): Promise<HeaderCheck> {
  const apiKey = presentedKey(endpoint, headers);
  if (settings.checkKey !== null) {
    const header = endpoint === 'anthropic' ? 'x-api-key' : 'Authorization: Bearer';
    if (apiKey === null) {
      return { refusal: errorAnswer(endpoint, 401, `${header} header is required`, requestId) };
    }
    if (!(await settings.checkKey(apiKey))) {
      return { refusal: errorAnswer(endpoint, 401, `invalid ${endpoint === 'anthropic' ? 'x-api-key' : 'API key'}`, requestId, { code: 'invalid_api_key' }) };
    }
  }
  const typeProblem = contentTypeProblem(headers);
  if (typeProblem !== null) return { refusal: errorAnswer(endpoint, 415, typeProblem, requestId) };
  const declared = Number(headerValue(headers, 'content-length'));
  if (Number.isFinite(declared) && declared > settings.maxBodyBytes) {
    return { refusal: errorAnswer(endpoint, 413, tooLargeMessage(settings.maxBodyBytes), requestId) };
  }
  return { refusal: null, apiKey };
}
