// Request ids for the `request-id` header and Anthropic's error body: `req_` and 24 hex digits,
// random, so ids from several server processes never collide and reveal no request count.
import { randomBytes } from 'node:crypto';

export function newRequestId(): string {
  return `req_${randomBytes(12).toString('hex')}`;
}
