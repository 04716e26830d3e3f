// Collecting a request body into one Buffer, with a size limit. Bodies go to the counter as raw
// bytes (no JSON.parse on the event loop), so no body-parser middleware is involved.
import type { Readable } from 'node:stream';

export type BodyResult = { body: Buffer } | { tooLarge: true } | { aborted: true };

export function collectBody(stream: Readable, limit: number): Promise<BodyResult> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let ended = false;
    const onData = (chunk: Buffer | string) => {
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
      size += bytes.length;
      // Past the limit, keep reading but drop the bytes: answering 413 in the middle of the upload
      // would leave the client writing into a socket we stopped reading (it sees EPIPE or a
      // reset, not our answer). This is what body-parser does too.
      if (size > limit) chunks.length = 0;
      else chunks.push(bytes);
    };
    const finish = (result: BodyResult) => {
      if (ended) return;
      ended = true;
      stream.off('data', onData);
      resolve(result);
    };
    stream.on('data', onData);
    stream.once('end', () => finish(size > limit ? { tooLarge: true } : { body: Buffer.concat(chunks, size) }));
    stream.once('error', () => finish({ aborted: true }));
    // 'close' before 'end': the client went away mid-body.
    stream.once('close', () => finish({ aborted: true }));
  });
}
