// Lets a plain `node` child process require the library's TypeScript sources directly (the tests
// must exercise lib/, not a dist/ build that may be stale). Types are not checked here: Jest's
// ts-jest and `npm run test:types` do that. Each file is transpiled on its own, as tsconfig's
// isolatedModules already requires.
'use strict';
const fs = require('node:fs');
const ts = require('typescript');

require.extensions['.ts'] = (module, filename) => {
  const { outputText } = ts.transpileModule(fs.readFileSync(filename, 'utf8'), {
    fileName: filename,
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
  });
  module._compile(outputText, filename);
};
