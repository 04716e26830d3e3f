// Compile-time checks (ts-jest and `npm run test:types` type-check this file): the implementation
// matches the public declarations in types/express.d.ts, and the middleware's structural type is
// accepted by Express's own typings (@types/express) wherever a handler goes.
import express from 'express';
import * as lib from '../../lib/express';
import type * as declared from '../../types/express';

const implementation: typeof declared = lib;

it('the middleware mounts in a typed Express app', () => {
  const app = express();
  app.use(implementation.countTokensRouter({ apiKeys: ['k'], maxBodyBytes: 1024, onCount: (info) => void info.result.inputTokens }));
  app.use('/gateway', implementation.countTokensRouter());
  const router = express.Router();
  router.use(implementation.countTokensRouter());
  app.use(router);
  expect(typeof implementation.handleCountTokens).toBe('function');
});
