// API keys: which header carries the key for each endpoint, and checking it against the
// configured list or predicate.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { ApiKeyCheck, CountEndpoint } from '../../types/express';
import { headerValue, type HeaderRecord } from './headers';

/** The key a request presents: Anthropic's x-api-key (else a bearer token), OpenAI's bearer token. */
export function presentedKey(endpoint: CountEndpoint, headers: HeaderRecord): string | null {
  if (endpoint === 'anthropic') {
    const key = headerValue(headers, 'x-api-key');
    if (key !== undefined && key !== '') return key;
  }
  // Anthropic's SDK sends `Authorization: Bearer` when given an auth token instead of a key.
  const match = /^Bearer\s+(\S+)\s*$/i.exec(headerValue(headers, 'authorization') ?? '');
  return match ? match[1] : null;
}

function digest(key: string): Buffer {
  return createHash('sha256').update(key, 'utf8').digest();
}

/**
 * A checker for `apiKeys`, or null when authentication is off. Listed keys are compared as
 * SHA-256 digests with timingSafeEqual, against every entry (no early exit), so neither a key's
 * length nor how much of it matched shows in the response time.
 */
export function keyChecker(apiKeys: readonly string[] | ApiKeyCheck | undefined): ((key: string) => Promise<boolean>) | null {
  if (apiKeys === undefined) return null;
  if (typeof apiKeys === 'function') return async (key) => (await apiKeys(key)) === true;
  const digests = apiKeys.map(digest);
  return async (key) => {
    const presented = digest(key);
    let found = false;
    for (const d of digests) found = timingSafeEqual(d, presented) || found;
    return found;
  };
}
