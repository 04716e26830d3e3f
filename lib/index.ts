// tokenmeter's public entry point. The names match js-tiktoken's (getEncoding, encodingForModel,
// getEncodingNameForModel, Tiktoken), so switching is a change of import.
import type { Encoding, EncodingName, Limits, ModelLookupOptions } from '../types';
import { loadEncoding, Tiktoken } from './encoding';
import { TokenmeterError } from './errors';
import { getEncodingNameForModel } from './model-table';
import { deferred, once } from './lazy';
import { native } from './native';

export type * from '../types';
export { AbortError } from './abort';
export { countRequest, countRequestAsync, countTokens, countTokensAsync } from './chat';
export { getModelRules, resetModelRules, setModelRules } from './chat-rules';
export { Calibrator, beginCheck, beginCheckAsync, Check, defaultChecker, TokenChecker } from './check';
export { Tiktoken, TokenmeterError, getEncodingNameForModel };

// Loaded on first use (see lazy.ts). Types come from the modules themselves.
const cost = once(() => require('./cost') as typeof import('./cost'));
const usage = once(() => require('./usage') as typeof import('./usage'));
const server = once(() => require('./server/index') as typeof import('./server/index'));
const store = once(() => require('./store') as typeof import('./store'));

export const addCosts = deferred(() => cost().addCosts);
export const calculateCost = deferred(() => cost().calculateCost);
export const createCostAccumulator = deferred(() => cost().createCostAccumulator);
export const estimateCost = deferred(() => cost().estimateCost);
export const estimateCostFromTokens = deferred(() => cost().estimateCostFromTokens);
export const getPrice = deferred(() => cost().getPrice);
export const loadPrices = deferred(() => cost().loadPrices);
export const resetPrices = deferred(() => cost().resetPrices);

export const createUsageAccumulator = deferred(() => usage().createUsageAccumulator);
export const createUsageStream = deferred(() => usage().createUsageStream);
export const extractUsage = deferred(() => usage().extractUsage);

export const createRequestListener = deferred(() => server().createRequestListener);
export const createServer = deferred(() => server().createServer);
export const handleCountTokens = deferred(() => server().handleCountTokens);

export const createMemoryBudgets = deferred(() => store().createMemoryBudgets);
export const createMemoryLedger = deferred(() => store().createMemoryLedger);
export const createPostgresLedger = deferred(() => store().createPostgresLedger);
export const createRedisBudgets = deferred(() => store().createRedisBudgets);
export const createSqliteBudgets = deferred(() => store().createSqliteBudgets);
export const createSqliteLedger = deferred(() => store().createSqliteLedger);
export const createStores = deferred(() => store().createStores);
export const resilient = deferred(() => store().resilient);

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
