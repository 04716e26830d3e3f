// Load figure for the count_tokens endpoint: requests per second and p99 latency with a ~1 KB and
// a ~200 KB body, tokenmeter's server (`createServer`, native count on a worker thread) against
// the same endpoint done the usual JavaScript way (JSON.parse on the event loop, then js-tiktoken
// o200k over the message text), plus the event-loop lag of the server process during the 200 KB
// run. Each server runs in a child process (so the load generator does not share its event loop);
// autocannon drives it over loopback.
//
//   npm run build:ts && node bench/gateway.mjs            (BENCH_SECONDS=8 per case by default)
//
// The child reports its monitorEventLoopDelay histogram when the parent asks, reset before each case.
import { fork } from 'node:child_process';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createRequire } from 'node:module';
import * as http from 'node:http';
import os from 'node:os';

const require = createRequire(import.meta.url);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const PATH = '/v1/chat/completions/count_tokens';

// ---------------------------------------------------------------------------------------------
// Child: one server, and its event-loop lag on request.

/** The js-tiktoken variant: what a gateway without tokenmeter would write. */
function jsTiktokenListener() {
  const { Tiktoken } = require('js-tiktoken/lite');
  const o200k = require('js-tiktoken/ranks/o200k_base');
  const encoder = new Tiktoken(o200k.default ?? o200k);
  const text = (content) => (typeof content === 'string' ? content : Array.isArray(content) ? content.map((p) => p.text ?? '').join('') : '');
  return (req, res) => {
    const parts = [];
    req.on('data', (c) => parts.push(c));
    req.on('end', () => {
      let body;
      try {
        body = JSON.parse(Buffer.concat(parts).toString('utf8'));
      } catch {
        res.writeHead(400).end();
        return;
      }
      // OpenAI's chat framing: 3 tokens per message, the role, the content, 3 for the reply priming.
      let tokens = 3;
      for (const m of body.messages ?? []) tokens += 3 + encoder.encode(m.role ?? '').length + encoder.encode(text(m.content)).length;
      const answer = JSON.stringify({ object: 'response.input_tokens', input_tokens: tokens });
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(answer) });
      res.end(answer);
    });
  };
}

async function child(kind) {
  const lag = monitorEventLoopDelay({ resolution: 1 }) // 1 ms: the histogram includes its sampling interval;
  lag.enable();
  const listener = kind === 'tokenmeter' ? require('../dist/lib/server/index.js').createRequestListener() : jsTiktokenListener();
  const server = http.createServer(listener);
  server.keepAliveTimeout = 30_000;
  server.listen(0, '127.0.0.1', () => process.send({ port: server.address().port }));
  process.on('message', (message) => {
    if (message === 'reset') {
      lag.reset();
      process.send({ reset: true });
    } else if (message === 'lag') {
      process.send({ lag: { p50: lag.percentile(50) / 1e6, p99: lag.percentile(99) / 1e6, max: lag.max / 1e6 } });
    } else if (message === 'exit') {
      server.close();
      process.exit(0);
    }
  });
}

// ---------------------------------------------------------------------------------------------
// Parent: bodies, the runs, the table.

/** Deterministic English-like text of about `bytes` bytes. */
function prose(bytes, seed) {
  const words = ['the', 'gateway', 'counts', 'tokens', 'before', 'a', 'request', 'reaches', 'its', 'provider', 'and', 'budget', 'limits', 'apply', 'per', 'key', 'user', 'route', 'window', 'cost', 'in', 'dollars', 'streaming', 'answers', 'pass', 'through', 'unbuffered', 'while', 'usage', 'is', 'read', 'from', 'final', 'events', '2026', 'naïve', 'café'];
  let out = '';
  let x = seed;
  while (out.length < bytes) {
    x = (x * 1103515245 + 12345) % 2147483648;
    out += words[x % words.length] + (x % 17 === 0 ? '. ' : ' ');
  }
  return out.slice(0, bytes);
}

function chatBody(bytes) {
  const turns = Math.max(2, Math.round(bytes / 4000));
  const each = Math.round((bytes - 200) / (turns + 1));
  const messages = [{ role: 'system', content: prose(each, 7) }];
  for (let i = 0; i < turns; i++) messages.push({ role: i % 2 ? 'assistant' : 'user', content: prose(each, 100 + i) });
  return JSON.stringify({ model: 'gpt-4o', messages });
}

function ask(proc, message, key) {
  return new Promise((resolve) => {
    const onMessage = (m) => {
      if (m[key] !== undefined) {
        proc.off('message', onMessage);
        resolve(m[key]);
      }
    };
    proc.on('message', onMessage);
    proc.send(message);
  });
}

async function startChild(kind) {
  const proc = fork(new URL(import.meta.url), ['--child', kind], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const port = await new Promise((resolve) => proc.once('message', (m) => resolve(m.port)));
  return { proc, port };
}

async function load(port, body) {
  const autocannon = require('autocannon');
  const result = await autocannon({
    url: `http://127.0.0.1:${port}${PATH}`,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
    connections: CONNECTIONS,
    duration: SECONDS,
  });
  const non2xx = result.non2xx + result.errors + result.timeouts;
  if (non2xx > 0) throw new Error(`${non2xx} failed requests`);
  return { rps: result.requests.average, p99: result.latency.p99, p50: result.latency.p50, total: result.requests.total };
}

async function parent() {
  const bodies = [
    ['~1 KB', chatBody(1024)],
    ['~200 KB', chatBody(200 * 1024)],
  ];
  const rows = [];
  for (const kind of ['tokenmeter', 'js-tiktoken']) {
    const { proc, port } = await startChild(kind);
    try {
      for (const [label, body] of bodies) {
        // A short warm-up so JIT and the worker pool are not part of the figure.
        await fetch(`http://127.0.0.1:${port}${PATH}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body }).then((r) => r.text());
        await ask(proc, 'reset', 'reset');
        const run = await load(port, body);
        const lag = await ask(proc, 'lag', 'lag');
        rows.push({ server: kind, body: `${label} (${Buffer.byteLength(body)} B)`, ...run, lag });
        console.error(`${kind} ${label}: ${run.rps.toFixed(0)} req/s, p99 ${run.p99} ms, loop lag p99 ${lag.p99.toFixed(1)} ms`);
      }
    } finally {
      proc.send('exit');
    }
  }
  const cpus = os.cpus();
  console.log(`node ${process.version}, ${cpus.length} cores (${cpus[0]?.model ?? 'unknown'}), ${new Date().toISOString()}`);
  console.log(`autocannon ${require('autocannon/package.json').version}, ${CONNECTIONS} connections, ${SECONDS} s per case, POST ${PATH}`);
  console.log('');
  console.log('| server | body | req/s | p50 ms | p99 ms | requests | server loop lag p50 / p99 / max ms |');
  console.log('|---|---|---:|---:|---:|---:|---|');
  for (const r of rows) {
    console.log(`| ${r.server} | ${r.body} | ${r.rps.toFixed(0)} | ${r.p50} | ${r.p99} | ${r.total} | ${r.lag.p50.toFixed(1)} / ${r.lag.p99.toFixed(1)} / ${r.lag.max.toFixed(1)} |`);
  }
}

if (process.argv[2] === '--child') child(process.argv[3]);
else parent().catch((error) => {
  console.error(error);
  process.exit(1);
});
