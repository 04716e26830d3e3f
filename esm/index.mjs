// ESM entry: the CommonJS build re-exported by name.
import cjs from '../dist/lib/index.js';

export const {
  getEncoding,
  encodingForModel,
  getEncodingNameForModel,
  listEncodings,
  setLimits,
  Tiktoken,
  TokenmeterError,
  AbortError,
  countRequest,
  countRequestAsync,
  countTokens,
  countTokensAsync,
  setModelRules,
  resetModelRules,
  getModelRules,
} = cjs;
export default cjs;
