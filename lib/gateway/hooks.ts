// Calling user hooks without letting them break or delay a request: a throw or a rejection
// becomes a process warning.
import { warn } from '../server/count';

export function callHook<A>(name: string, hook: ((arg: A) => unknown) | undefined, arg: A): void {
  if (hook === undefined) return;
  try {
    const result = hook(arg) as { then?: unknown } | undefined;
    if (result && typeof result.then === 'function') (result as Promise<unknown>).then(undefined, (error) => warn(`tokenmeter: ${name} failed`, error));
  } catch (error) {
    warn(`tokenmeter: ${name} failed`, error);
  }
}
