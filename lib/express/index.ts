// 'tokenmeter/express': the count_tokens endpoints for Express (countTokensRouter), without a
// framework (handleCountTokens), and as a standalone node:http server (createServer); the gateway
// kit (tokenBudget, usageRecorder, createProxy) for apps that proxy or serve generation calls.
export { countTokensRouter } from './router';
export { createRequestListener, createServer, handleCountTokens } from '../server/index';
export { createProxy, parseBudgetRule, tokenBudget, usageRecorder } from '../gateway';
