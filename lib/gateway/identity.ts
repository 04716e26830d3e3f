// Who a call is for: the API key (as an id: the ledger and the budget keys must never hold the
// secret), the user and the run. Defaults read headers; options replace each reader.
import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { MeteringOptions } from '../../types/gateway';
import { presentedKey } from '../server/auth';
import { headerValue } from '../server/headers';
import type { GenerationRoute } from './routes';

export interface Identity {
  key: string | null;
  user: string | null;
  runId: string | null;
}

/** A stable, non-reversible id for a key: enough digits to tell keys apart, too few to matter if leaked. */
export function defaultKeyId(key: string): string {
  return `key_${createHash('sha256').update(key, 'utf8').digest('hex').slice(0, 12)}`;
}

function nonEmpty(value: string | null | undefined): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
}

export function identify(req: IncomingMessage, route: GenerationRoute, options: MeteringOptions): Identity {
  const secret = presentedKey(route.api, req.headers);
  const key = secret === null ? null : options.keyId ? nonEmpty(options.keyId(secret, req)) : defaultKeyId(secret);
  const user = nonEmpty(options.user ? options.user(req) : headerValue(req.headers, 'x-user-id'));
  const runId = nonEmpty(options.runId ? options.runId(req) : headerValue(req.headers, 'x-run-id'));
  return { key, user, runId };
}
