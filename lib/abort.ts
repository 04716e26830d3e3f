// AbortSignal support for the async calls.
import type { AsyncCallOptions } from '../types';
import { native, type CancelToken } from './native';

/** What an aborted call rejects with: name 'AbortError', code 'ABORT_ERR', like Node's own. */
export class AbortError extends Error {
  readonly code = 'ABORT_ERR';
  constructor(message = 'The operation was aborted', options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'AbortError';
  }
}

/**
 * Runs `start` (which queues native work) and settles with its result, unless `options.signal`
 * aborts first: then the call rejects at once with an AbortError, and the native work is told to
 * stop through a cancel token (it stops at its next check and frees what it held).
 */
export function withAbort<T>(
  options: AsyncCallOptions | undefined,
  start: (cancel: CancelToken | undefined) => Promise<T>,
): Promise<T> {
  const signal = options?.signal;
  if (signal === undefined) return start(undefined);
  if (signal.aborted) return Promise.reject(new AbortError(undefined, { cause: signal.reason }));
  const token = native.createCancelToken();
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => {
      native.cancel(token);
      reject(new AbortError(undefined, { cause: signal.reason }));
    };
    signal.addEventListener('abort', onAbort, { once: true });
    const settle = () => signal.removeEventListener('abort', onAbort);
    start(token).then(
      (value) => {
        settle();
        resolve(value);
      },
      (error: unknown) => {
        settle();
        // A native ABORT_ERR after our own rejection is already accounted for.
        reject(error);
      },
    );
  });
}
