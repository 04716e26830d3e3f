// tokenmeter's public entry point. The names match js-tiktoken's (getEncoding, encodingForModel,
// getEncodingNameForModel, Tiktoken), so switching is a change of import.
import type { Encoding, EncodingName, Limits, ModelLookupOptions } from '../types';
import { loadEncoding, Tiktoken } from './encoding';
import { TokenmeterError } from './errors';
import { getEncodingNameForModel } from './model-table';
import { native } from './native';

export type * from '../types';
export { AbortError } from './abort';
export { countRequest, countRequestAsync, countTokens, countTokensAsync } from './chat';
export { getModelRules, resetModelRules, setModelRules } from './chat-rules';
export { Calibrator, beginCheck, beginCheckAsync, Check, defaultChecker, TokenChecker } from './check';
export {
  addCosts,
  calculateCost,
  createCostAccumulator,
  estimateCost,
  estimateCostFromTokens,
  getPrice,
  loadPrices,
  resetPrices,
} from './cost';
export { createUsageAccumulator, createUsageStream, extractUsage } from './usage';
export { createRequestListener, createServer, handleCountTokens } from './express';
export {
  createMemoryBudgets,
  createMemoryLedger,
  createPostgresLedger,
  createRedisBudgets,
  createSqliteBudgets,
  createSqliteLedger,
  createStores,
  resilient,
} from './store';
export { Tiktoken, TokenmeterError, getEncodingNameForModel };

/** The shared encoding `name` (loaded lazily, once per process); with extra special tokens, a new one. */
export function getEncoding(name: EncodingName, extendSpecialTokens?: Record<string, number>): Encoding {
  return loadEncoding(name, extendSpecialTokens);
}

/** The encoding a model uses; unknown models throw ERR_UNKNOWN_MODEL unless `options.fallback` is given. */
export function encodingForModel(
  model: string,
  extendSpecialTokens?: Record<string, number>,
  options?: ModelLookupOptions,
): Encoding {
  return loadEncoding(getEncodingNameForModel(model, options), extendSpecialTokens);
}

/**
 * Safety limits of this JavaScript environment (the main thread and each Worker have their own).
 * `maxInputBytes` (default 512 MiB): the largest text, in UTF-8 bytes, one call accepts (for a
 * batch, all its texts together); larger input fails with ERR_INPUT_TOO_LARGE before anything is
 * copied. Returns the limits now in force; call with no argument to read them.
 */
export function setLimits(limits?: Partial<Limits>): Limits {
  if (limits !== undefined && (typeof limits !== 'object' || limits === null)) {
    throw new TokenmeterError('ERR_INVALID_ARGUMENT', 'setLimits expects an object such as { maxInputBytes: 1e9 }');
  }
  return native.setLimits(limits);
}

/** Names of every shipped encoding. */
export function listEncodings(): EncodingName[] {
  return native.encodingNames() as EncodingName[];
}
