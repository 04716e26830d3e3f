// ESM entry of 'tokenmeter/express'.
import cjs from '../dist/lib/express/index.js';

export const {
  countTokensRouter,
  handleCountTokens,
  createRequestListener,
  createServer,
  createProxy,
  parseBudgetRule,
  tokenBudget,
  usageRecorder,
} = cjs;
export default cjs;
