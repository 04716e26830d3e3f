// One binary for every Node and Electron version: the addon may import only Node-API functions
// and C/C++ runtime symbols, never V8 (v8::), libuv (uv_) or Node internals (node::).
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';

const addonPath = path.join(__dirname, '..', 'build', 'Release', 'tokenmeter.node');

function undefinedSymbols(): string[] {
  const out = execFileSync('nm', ['-D', '--undefined-only', addonPath], { encoding: 'utf8' });
  return out
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.length > 0)
    .map((line) => line.split(/\s+/).pop() as string);
}

describe('addon ABI', () => {
  const symbols = undefinedSymbols();

  it('imports Node-API functions', () => {
    expect(symbols.filter((s) => s.startsWith('napi_')).length).toBeGreaterThan(10);
  });

  it('imports nothing from V8, libuv or Node internals', () => {
    const runtime = /@(GLIBC|GLIBCXX|CXXABI|GCC)_/;
    const foreign = symbols.filter((s) => !s.startsWith('napi_') && !s.startsWith('node_api_') && !runtime.test(s));
    // Weak symbols without a version (e.g. __gmon_start__, _ITM_*) are optional linker hooks.
    const strong = foreign.filter((s) => !/^(__gmon_start__|_ITM_\w+|__cxa_finalize)$/.test(s));
    expect(strong).toEqual([]);
    expect(symbols.some((s) => s.startsWith('_ZN2v8') || s.startsWith('uv_') || s.startsWith('_ZN4node'))).toBe(false);
  });
});
