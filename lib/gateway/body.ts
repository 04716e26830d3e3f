// Reading a generation request's body once, for the counter, and handing it on: the raw bytes as
// `req.rawBody` (the proxy forwards them untouched) and `req.body` parsed only when someone reads
// it, so a gateway that merely forwards never JSON.parses a large body on the event loop.
import type { IncomingMessage } from 'node:http';
import { collectBody, type BodyResult } from '../server/body';

type Exposed = IncomingMessage & { rawBody?: Buffer; body?: unknown; _body?: boolean };

/** The body an earlier middleware left (express.raw / express.json), as bytes; undefined when the stream is unread. */
function earlierBody(req: Exposed): Buffer | undefined {
  if (req.rawBody instanceof Buffer) return req.rawBody;
  if (!req.readableEnded) return undefined;
  const { body } = req;
  if (body instanceof Uint8Array) return Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  if (typeof body === 'string') return Buffer.from(body, 'utf8');
  return Buffer.from(body === undefined || body === null ? '' : JSON.stringify(body), 'utf8');
}

function expose(req: Exposed, body: Buffer): void {
  req.rawBody = body;
  let parsed: unknown;
  let done = false;
  Object.defineProperty(req, 'body', {
    configurable: true,
    enumerable: true,
    get() {
      if (!done) {
        done = true;
        try {
          parsed = JSON.parse(body.toString('utf8'));
        } catch {
          parsed = body; // not JSON: the handler gets the bytes, as express.raw would give them
        }
      }
      return parsed;
    },
    set(value: unknown) {
      done = true;
      parsed = value;
    },
  });
  // body-parser 1.x skips a request whose _body is set (2.x skips a finished stream): no second read.
  req._body = true;
}

export async function readRequestBody(req: IncomingMessage, limit: number): Promise<BodyResult> {
  const earlier = earlierBody(req as Exposed);
  if (earlier !== undefined) {
    if (!(req as Exposed).rawBody) (req as Exposed).rawBody = earlier;
    return earlier.length > limit ? { tooLarge: true } : { body: earlier };
  }
  const read = await collectBody(req, limit);
  if ('body' in read) expose(req as Exposed, read.body);
  return read;
}

/** The bytes readRequestBody kept, for the proxy. */
export function rawBodyOf(req: IncomingMessage): Buffer | undefined {
  return (req as Exposed).rawBody;
}
