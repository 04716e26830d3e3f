// 'tokenmeter/express': the count_tokens endpoints for Express (countTokensRouter), without a
// framework (handleCountTokens), and as a standalone node:http server (createServer).
export { countTokensRouter } from './router';
export { createRequestListener, createServer, handleCountTokens } from '../server/index';
