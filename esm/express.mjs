// ESM entry of 'tokenmeter/express'.
import cjs from '../dist/lib/express/index.js';

export const { countTokensRouter, handleCountTokens, createRequestListener, createServer } = cjs;
export default cjs;
