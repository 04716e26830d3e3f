// The gateway server's public pieces (re-exported by 'tokenmeter/express'), and the CLI's.
export { handleCountTokens } from './handler';
export { createRequestListener, createServer } from './server';
export { DEFAULT_HOST, DEFAULT_LEDGER_FILE, DEFAULT_PORT, SERVE_USAGE, ServeUsageError, defaultLedger, parseServeArgs } from './config';
export { closeGracefully, listen, serverUrl } from './listen';
