// calculateCost's options, checked; and the usage's own words for tier, region and speed, which
// win or lose against the options by one rule: what the response reports is what was billed.
import type { CostOptions, ServiceTier } from '../../types/cost';
import { TokenmeterError } from '../errors';

const TIERS: readonly ServiceTier[] = ['standard', 'flex', 'priority'];

export function nonEmpty(v: unknown): string | null {
  return typeof v === 'string' && v.trim() !== '' ? v : null;
}

export function checkOptions(options: unknown): CostOptions {
  if (options === undefined || options === null) return {};
  if (typeof options !== 'object') throw new TokenmeterError('ERR_INVALID_ARGUMENT', 'options must be an object');
  const o = options as CostOptions;
  if (o.serviceTier !== undefined && !TIERS.includes(o.serviceTier)) {
    throw new TokenmeterError('ERR_INVALID_ARGUMENT', `options.serviceTier must be 'standard', 'flex' or 'priority', got ${String(o.serviceTier)}`);
  }
  if (o.batch !== undefined && typeof o.batch !== 'boolean') throw new TokenmeterError('ERR_INVALID_ARGUMENT', 'options.batch must be a boolean');
  if (o.speed !== undefined && o.speed !== 'standard' && o.speed !== 'fast') {
    throw new TokenmeterError('ERR_INVALID_ARGUMENT', `options.speed must be 'standard' or 'fast', got ${String(o.speed)}`);
  }
  for (const key of ['model', 'provider', 'region'] as const) {
    if (o[key] !== undefined && o[key] !== null && typeof o[key] !== 'string') {
      throw new TokenmeterError('ERR_INVALID_ARGUMENT', `options.${key} must be a string`);
    }
  }
  return o;
}

/** A tier the response reports, in our words; null for names we do not price (then the options decide). */
export function reportedTier(value: unknown): ServiceTier | 'batch' | null {
  if (typeof value !== 'string') return null;
  const v = value.toLowerCase();
  if (['default', 'standard', 'auto', 'on_demand', 'ondemand'].includes(v)) return 'standard';
  if (v === 'flex' || v === 'priority' || v === 'batch') return v;
  return null;
}
