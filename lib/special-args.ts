// tiktoken's (allowedSpecial, disallowedSpecial) arguments, normalized for the addon.
import type { SpecialTokenSet } from '../types';
import type { NativeSpecial } from './native';
import { TokenmeterError } from './errors';

function toNative(value: SpecialTokenSet | undefined, argument: string): NativeSpecial {
  if (value === undefined) return undefined;
  if (value === 'all') return true;
  if (Array.isArray(value)) return value as string[];
  if (value instanceof Set) return [...value];
  throw new TokenmeterError('ERR_INVALID_ARGUMENT', `${argument} must be 'all', an array or a Set of special-token strings`);
}

/** allowedSpecial: default none. */
export function allowedArg(value: SpecialTokenSet | undefined): NativeSpecial {
  return toNative(value, 'allowedSpecial');
}

/** disallowedSpecial: default 'all' (every special token that is not allowed). */
export function disallowedArg(value: SpecialTokenSet | undefined): NativeSpecial {
  return toNative(value, 'disallowedSpecial');
}
