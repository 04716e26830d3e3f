// The unknownModel policy. An unpriced call must never look free: by default it throws; 'warn'
// returns null (cost unknown) and says so once per model; 'zero' is an explicit opt-in to $0,
// and even then the result is flagged.
import type { TokenmeterErrorCode } from '../../types';
import type { UnknownPricePolicy } from '../../types/cost';
import { TokenmeterError } from '../errors';
import { onReset } from './table';

/** Not yet in TokenmeterErrorCode's union (types/index.d.ts); the cast goes once it is. */
export const ERR_UNKNOWN_PRICE = 'ERR_UNKNOWN_PRICE' as TokenmeterErrorCode;
export const WARNING_CODE = 'TOKENMETER_UNKNOWN_PRICE';

const POLICIES: readonly UnknownPricePolicy[] = ['throw', 'warn', 'zero'];
const warned = new Set<string>();
onReset(() => warned.clear());

export function checkPolicy(policy: unknown): UnknownPricePolicy {
  if (policy === undefined) return 'throw';
  if (!POLICIES.includes(policy as UnknownPricePolicy)) {
    throw new TokenmeterError('ERR_INVALID_ARGUMENT', `options.unknownModel must be 'throw', 'warn' or 'zero', got ${String(policy)}`);
  }
  return policy as UnknownPricePolicy;
}

/** Applies the policy: throws, or warns once for this model and returns null, or returns zero(). */
export function unknownPrice<T>(policy: UnknownPricePolicy, model: string, reason: string, zero: () => T): T | null {
  if (policy === 'throw') throw new TokenmeterError(ERR_UNKNOWN_PRICE, reason);
  if (policy === 'zero') return zero();
  if (!warned.has(model)) {
    warned.add(model);
    process.emitWarning(`${reason}; cost reported as null`, { code: WARNING_CODE, type: 'TokenmeterWarning' });
  }
  return null;
}
