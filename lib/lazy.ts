// Parts of the package a program may never use (the gateway server, stores, cost tables, usage
// readers) are loaded on first call rather than when tokenmeter is imported: loading them all
// eagerly took about 50 ms of a cold start whose job is usually just counting tokens.

/** A loader that runs `load` once, on the first call, and returns its result every time. */
export function once<T>(load: () => T): () => T {
  let loaded: { value: T } | undefined;
  return () => (loaded ??= { value: load() }).value;
}

/** A function that forwards every call to the one `get` returns, fetched when first called. */
export function deferred<F extends (...args: never[]) => unknown>(get: () => F): F {
  return function (this: unknown, ...args: Parameters<F>) {
    return get().apply(this, args);
  } as F;
}
