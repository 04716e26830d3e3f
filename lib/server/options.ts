// Checking the endpoints' options once, when the middleware or server is made, so a typo in the
// configuration fails at start-up rather than as a 500 on the first request.
import type { CountTokensOptions, CountInfo } from '../../types/express';
import { TokenmeterError } from '../errors';
import { keyChecker } from './auth';

/** Anthropic's documented request size limit, the default for ours. */
export const DEFAULT_MAX_BODY_BYTES = 32 * 1024 * 1024;

export interface Settings {
  checkKey: ((key: string) => Promise<boolean>) | null;
  maxBodyBytes: number;
  onCount: ((info: CountInfo) => void | Promise<void>) | undefined;
}

function invalid(message: string): never {
  throw new TokenmeterError('ERR_INVALID_ARGUMENT', message);
}

export function resolveOptions(options: CountTokensOptions | undefined): Settings {
  if (options === undefined || options === null) options = {};
  if (typeof options !== 'object') invalid('options must be an object');
  const { apiKeys, maxBodyBytes = DEFAULT_MAX_BODY_BYTES, onCount } = options;
  if (apiKeys !== undefined && typeof apiKeys !== 'function') {
    if (!Array.isArray(apiKeys) || !apiKeys.every((k) => typeof k === 'string' && k !== '')) {
      invalid('options.apiKeys must be an array of non-empty strings or a function (key) => boolean');
    }
  }
  if (!Number.isSafeInteger(maxBodyBytes) || maxBodyBytes < 1) {
    invalid('options.maxBodyBytes must be a positive integer');
  }
  if (onCount !== undefined && typeof onCount !== 'function') invalid('options.onCount must be a function');
  return { checkKey: keyChecker(apiKeys), maxBodyBytes, onCount };
}
