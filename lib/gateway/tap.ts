// Reading the usage from a response as it is written, without holding it back: res.write and
// res.end are wrapped so each chunk is fed to a usage accumulator and then written on at once.
// The accumulator reads SSE split anywhere and plain JSON bodies alike, in bounded memory.
import type { ServerResponse } from 'node:http';
import type { UsageResult } from '../../types/usage';
import { createUsageAccumulator } from '../usage';

export interface ResponseTap {
  /** Resolves once, when the response finished or the connection closed first. */
  ended: Promise<{ usage: UsageResult; status: number; completed: boolean }>;
}

type Write = ServerResponse['write'];
type End = ServerResponse['end'];

export function tapResponse(res: ServerResponse, provider: string, model: string | undefined): ResponseTap {
  const accumulator = createUsageAccumulator({ provider, model });
  const feed = (chunk: unknown, encoding: unknown) => {
    if (chunk === undefined || chunk === null || typeof chunk === 'function') return;
    try {
      if (typeof chunk === 'string') accumulator.push(Buffer.from(chunk, typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8'));
      else if (chunk instanceof Uint8Array) accumulator.push(chunk);
    } catch {
      // Reading usage must never break the answer; a chunk we cannot read just adds nothing.
    }
  };
  const write = res.write as (...args: unknown[]) => boolean;
  const end = res.end as (...args: unknown[]) => ServerResponse;
  res.write = function (this: ServerResponse, ...args: unknown[]) {
    feed(args[0], args[1]);
    return write.apply(this, args);
  } as Write;
  res.end = function (this: ServerResponse, ...args: unknown[]) {
    feed(args[0], args[1]);
    return end.apply(this, args);
  } as End;
  const ended = new Promise<{ usage: UsageResult; status: number; completed: boolean }>((resolve) => {
    let done = false;
    const finish = (completed: boolean) => {
      if (done) return;
      done = true;
      resolve({ usage: accumulator.result(), status: res.headersSent ? res.statusCode : 0, completed });
    };
    res.once('finish', () => finish(true));
    // 'close' before 'finish': the client went away mid-answer; what was read so far is kept.
    res.once('close', () => finish(res.writableFinished));
  });
  return { ended };
}
