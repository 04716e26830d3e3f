// One count exchange over node:http objects, shared by the Express middleware and the
// standalone server: method check, header checks, reading the body, counting, and writing the
// answer. It never throws for anything a client sends.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CountEndpoint, CountTokensResponse } from '../../types/express';
import { errorAnswer } from './answers';
import { collectBody } from './body';
import { tooLargeMessage } from './checks';
import type { CountOutcome } from './count';
import { checkAndCount } from './handler';
import type { Settings } from './options';
import { newRequestId } from './request-id';

/** A request object that an earlier middleware may have read already (express.json, express.raw). */
type MaybeParsed = IncomingMessage & { body?: unknown };

/**
 * The body an earlier middleware consumed, or undefined when the stream is still unread. Raw and
 * text parsers leave the bytes; a JSON parser leaves an object, which is serialized again (on
 * this thread: mount the endpoints before express.json() to keep parsing off the event loop).
 */
function earlierBody(req: MaybeParsed): Uint8Array | string | undefined {
  if (!req.readableEnded) return undefined;
  const { body } = req;
  if (body instanceof Uint8Array || typeof body === 'string') return body;
  if (body === undefined || body === null) return '';
  return JSON.stringify(body);
}

async function readBody(
  endpoint: CountEndpoint,
  req: MaybeParsed,
  settings: Settings,
  requestId: string,
): Promise<Uint8Array | string | CountTokensResponse> {
  const earlier = earlierBody(req);
  if (earlier !== undefined) return earlier;
  const read = await collectBody(req, settings.maxBodyBytes);
  if ('body' in read) return read.body;
  if ('tooLarge' in read) return errorAnswer(endpoint, 413, tooLargeMessage(settings.maxBodyBytes), requestId);
  // The client is gone; this answer is written to a closed socket, which Node ignores.
  return errorAnswer(endpoint, 400, 'the request body was not received completely', requestId);
}

/** The answer to a request on a count endpoint (not yet written). */
export async function answerCount(endpoint: CountEndpoint, req: IncomingMessage, settings: Settings): Promise<CountOutcome> {
  const requestId = newRequestId();
  if (req.method !== 'POST') {
    const message = `${req.method} is not allowed on this endpoint: use POST`;
    return { response: errorAnswer(endpoint, 405, message, requestId, { headers: { allow: 'POST' } }) };
  }
  return checkAndCount(endpoint, () => readBody(endpoint, req, settings, requestId), req.headers, settings, requestId);
}

/** Writes an answer, unless something else already answered. */
export function send(res: ServerResponse, response: CountTokensResponse): void {
  if (res.headersSent || res.writableEnded) return;
  res.statusCode = response.status;
  for (const [name, value] of Object.entries(response.headers)) res.setHeader(name, value);
  res.setHeader('content-length', Buffer.byteLength(response.body, 'utf8'));
  res.end(response.body);
}
