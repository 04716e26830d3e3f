// Child process for the cold-start section: `node --expose-gc coldstart-child.mjs <library|none> <encoding>`.
// Times import + encoding load + first encode of a short string in a fresh process, and the resident
// memory they add. Prints one JSON line.
import { performance } from 'node:perf_hooks';

import { libraryById } from './libraries.mjs';

const [libId, encoding] = process.argv.slice(2);
const gc = typeof globalThis.gc === 'function' ? globalThis.gc : () => {};

// Baseline after node has booted and this tiny module graph is loaded, before the library.
gc();
const before = process.memoryUsage();
const t0 = performance.now();

// libraryById().load() does the require() itself, so the import is on the clock.
const adapter = libId === 'none' ? { encode: () => [] } : libraryById(libId).load(encoding);
const t1 = performance.now();
const ids = adapter.encode('Hello, world! Cold start 123.');
const t2 = performance.now();

gc();
const after = process.memoryUsage();
process.stdout.write(
  JSON.stringify({
    bootMs: t0, // process start to here (node itself plus this module)
    loadMs: t1 - t0,
    firstEncodeMs: t2 - t1,
    totalMs: t2 - t0,
    tokens: ids.length,
    rssDelta: after.rss - before.rss,
    heapDelta: after.heapUsed - before.heapUsed,
    externalDelta: after.external - before.external, // includes ArrayBuffers (WASM memory, typed arrays)
    rssAfter: after.rss,
  }) + '\n',
);
