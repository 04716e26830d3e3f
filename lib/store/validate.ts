// Argument checks shared by every store. A bad argument is a bug in the caller, so it throws
// ERR_INVALID_ARGUMENT at once, also through a resilient wrapper (which must never mistake it for a
// backend outage and buffer it).
import { TokenmeterError } from '../errors';

export function invalid(message: string): TokenmeterError {
  return new TokenmeterError('ERR_INVALID_ARGUMENT', message);
}

export function isInvalidArgument(err: unknown): boolean {
  return err instanceof TokenmeterError && err.code === 'ERR_INVALID_ARGUMENT';
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A whole number >= 0 (tokens, limits) or a caller bug. */
export function wholeNumber(value: unknown, what: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw invalid(`${what} must be a whole number >= 0, got ${String(value)}`);
  }
  return value;
}

export function optionalString(value: unknown, what: string): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') throw invalid(`${what} must be a string or null, got ${typeof value}`);
  return value;
}

/** A clock option: a function returning ms since the epoch. */
export function clockOption(now: unknown): () => number {
  if (now === undefined) return Date.now;
  if (typeof now !== 'function') throw invalid('now must be a function returning milliseconds since the epoch');
  return now as () => number;
}

/** A time as ms since the epoch: a number, a Date, or a string Date.parse reads. */
export function timeValue(value: unknown, what: string): number {
  const ms =
    typeof value === 'number' ? value : value instanceof Date ? value.getTime() : typeof value === 'string' ? Date.parse(value) : NaN;
  if (!Number.isFinite(ms)) throw invalid(`${what} must be a time (ms since the epoch, a Date or a date string), got ${String(value)}`);
  return Math.floor(ms);
}

/** A positive whole number option with a default. */
export function positiveOption(value: unknown, fallback: number, what: string): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value <= 0) {
    throw invalid(`${what} must be a whole number > 0, got ${String(value)}`);
  }
  return value;
}
