// The paths of the count endpoints, as the providers name them. One table, read by the Express
// middleware and by the standalone server, so both serve exactly the same URLs.
import type { CountEndpoint } from '../../types/express';

export const COUNT_PATHS: Readonly<Record<string, CountEndpoint>> = {
  '/v1/messages/count_tokens': 'anthropic',
  '/v1/chat/completions/count_tokens': 'chat',
  '/v1/responses/input_tokens': 'responses',
};

/** The path part of a request URL (no query string), without a trailing slash. */
export function pathOf(url: string | undefined): string {
  let path = url ?? '/';
  const query = path.search(/[?#]/);
  if (query !== -1) path = path.slice(0, query);
  // '/v1/messages/count_tokens/' is the same endpoint, as Express's non-strict routing has it.
  if (path.length > 1 && path.endsWith('/')) path = path.slice(0, -1);
  return path;
}

/** Which count endpoint a path names, or undefined. */
export function endpointOf(path: string): CountEndpoint | undefined {
  return Object.prototype.hasOwnProperty.call(COUNT_PATHS, path) ? COUNT_PATHS[path] : undefined;
}

/**
 * Whose error shape answers a request to `path` that no endpoint serves: OpenAI's under its
 * prefixes, Anthropic's elsewhere (its shape carries a request_id, useful for any 404).
 */
export function errorStyleOf(path: string): CountEndpoint {
  return path.startsWith('/v1/chat/') || path.startsWith('/v1/responses') ? 'chat' : 'anthropic';
}
