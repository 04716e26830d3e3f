// What complete() was given, as a normalized usage: a response body (extractUsage reads it), a
// usage accumulator's result, or an already-normalized usage object.
import type { UsageResult } from '../../types/usage';
import { once } from '../lazy';

// The usage readers load with the first completed check, not with the package.
const usage = once(() => require('../usage') as typeof import('../usage'));

export type ActualUsage = UsageResult;

function isNormalized(value: unknown): value is UsageResult {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { available?: unknown }).available === 'boolean' &&
    'inputTokens' in value &&
    'outputTokens' in value
  );
}

export function normalizeActual(responseOrUsage: unknown, provider: string | undefined, model: string | null): ActualUsage {
  if (isNormalized(responseOrUsage)) return responseOrUsage;
  return usage().extractUsage(responseOrUsage as object, { provider, model: model ?? undefined });
}
