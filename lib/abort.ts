// AbortSignal support for the async calls.
import type { AsyncCallOptions } from '../types';

/** What an aborted call rejects with: name 'AbortError', code 'ABORT_ERR', like Node's own. */
export class AbortError extends Error {
  readonly code = 'ABORT_ERR';
  constructor(message = 'The operation was aborted', options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'AbortError';
  }
}

/**
 * Settles with `work` unless `options.signal` aborts first, in which case it rejects at once with
 * an AbortError (the native work, already queued, finishes and its result is dropped).
 */
export function withAbort<T>(options: AsyncCallOptions | undefined, start: () => Promise<T>): Promise<T> {
  const signal = options?.signal;
  if (signal === undefined) return start();
  if (signal.aborted) return Promise.reject(new AbortError(undefined, { cause: signal.reason }));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new AbortError(undefined, { cause: signal.reason }));
    signal.addEventListener('abort', onAbort, { once: true });
    start().then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
