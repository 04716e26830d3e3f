// A leak soak of the native paths from JavaScript: the same mix of calls (sync and async encodes,
// request counts from Buffers and objects, errors thrown from native code, aborted async calls)
// runs in rounds; once warm, resident memory must stop growing. A leak of a couple of hundred bytes per
// native call would add tens of MB over the measured rounds. (The C++ suite and the fuzzers run under
// LeakSanitizer; this covers the binding's own allocations: handles, workers, error objects.)
import * as v8 from 'node:v8';
import * as vm from 'node:vm';

import { countRequest, countRequestAsync, getEncoding, TokenmeterError } from '../../lib';

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

const enc = getEncoding('o200k_base');
const body = Buffer.from(
  JSON.stringify({
    model: 'gpt-4o',
    messages: [
      { role: 'system', content: 'You are terse.' },
      { role: 'user', content: 'Summarize: ' + 'lorem ipsum dolor sit amet, '.repeat(40) },
    ],
    tools: [{ type: 'function', function: { name: 'f', parameters: { type: 'object', properties: { a: { type: 'string' } } } } }],
  }),
);

async function round(calls: number): Promise<void> {
  for (let i = 0; i < calls; i++) {
    enc.encode(`text number ${i} with some words`);
    countRequest(body);
    try {
      countRequest('{"messages": [');
    } catch (error) {
      if (!(error instanceof TokenmeterError)) throw error;
    }
    if (i % 10 === 0) {
      const controller = new AbortController();
      const pending = enc.countAsync('x'.repeat(100_000), undefined, undefined, { signal: controller.signal });
      controller.abort();
      await pending.catch(() => undefined);
      await Promise.all([countRequestAsync(body), enc.encodeAsync(`async ${i}`)]);
    }
  }
}

function settledRss(): number {
  for (let i = 0; i < 3; i++) gc();
  return process.memoryUsage().rss;
}

test('resident memory stops growing over rounds of native calls', async () => {
  await round(5_000); // warm-up: caches, pools, JIT
  const start = settledRss();
  for (let r = 0; r < 4; r++) await round(10_000);
  const growth = settledRss() - start;
  console.log(`soak: 40,000 rounds (about 130,000 native calls) after warm-up, RSS growth ${(growth / 1e6).toFixed(1)} MB`);
  expect(growth).toBeLessThan(24e6);
}, 120_000);
