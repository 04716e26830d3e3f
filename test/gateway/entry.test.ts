// The 'tokenmeter/express' entry point, resolved through package.json "exports" the way users
// load it: require() gets the compiled CommonJS, import gets esm/express.mjs with named exports.
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

const ROOT = path.join(__dirname, '..', '..');
const NAMES = ['countTokensRouter', 'handleCountTokens', 'createRequestListener', 'createServer'];

function node(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe("'tokenmeter/express'", () => {
  it('require() gives the functions', () => {
    const script = `const m = require('tokenmeter/express'); console.log(JSON.stringify(${JSON.stringify(NAMES)}.map((n) => typeof m[n])))`;
    const { status, stdout, stderr } = node(['-e', script]);
    expect(stderr).toBe('');
    expect(status).toBe(0);
    expect(JSON.parse(stdout)).toEqual(NAMES.map(() => 'function'));
  });

  it('import gives the same functions as named exports, and the module as default', () => {
    const script = [
      "import * as m from 'tokenmeter/express';",
      "import { createRequire } from 'node:module';",
      "const cjs = createRequire(process.cwd() + '/').call(null, 'tokenmeter/express');",
      `console.log(JSON.stringify(${JSON.stringify(NAMES)}.map((n) => typeof m[n] === 'function' && m[n] === cjs[n] && m.default[n] === cjs[n])));`,
    ].join('\n');
    const { status, stdout, stderr } = node(['--input-type=module', '-e', script]);
    expect(stderr).toBe('');
    expect(status).toBe(0);
    expect(JSON.parse(stdout)).toEqual(NAMES.map(() => true));
  });

  it('loading it does not load Express (an optional peer, needed only by the app itself)', () => {
    const script = "require('tokenmeter/express'); console.log(Object.keys(require.cache).some((f) => /node_modules[\\\\/]express[\\\\/]/.test(f)))";
    expect(node(['-e', script]).stdout.trim()).toBe('false');
  });
});
