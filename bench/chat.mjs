#!/usr/bin/env node
// Chat request counting benchmark: how many realistic gpt-4o requests per second tokenmeter counts
// (countRequest / countRequestAsync / countTokens) against the chat-counting APIs of
// openai-chat-tokens, gpt-tokenizer and ai-tokenizer, and how much event-loop lag countRequestAsync
// causes while it counts a 5 MB body. Request generator: chat-request.mjs.
//
//   node bench/chat.mjs                 full run (~45 s), writes bench/CHAT-RESULTS.md
//   node bench/chat.mjs --quick         smoke run (~12 s), prints the tables only
//   node bench/chat.mjs --out=FILE      write the Markdown report here instead
//   node bench/chat.mjs --note="TEXT"   add a sentence about the run (e.g. a shared machine)
//
// bench/run.mjs calls runChatBench() at its end. Uses the built package: `npm run build:ts` first.
import { createRequire } from 'node:module';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

import { largeRequest, realisticRequest } from './chat-request.mjs';
import { mdTable, sig, textTable } from './lib/format.mjs';
import { libraryVersion } from './lib/libraries.mjs';
import { cpuModel } from './lib/machine.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '..');
const require = createRequire(import.meta.url);

const MODEL = 'gpt-4o';
const BAR_RATIO = 5; // the issue: every tokenmeter form ≥ 5x the fastest competitor
const BAR_LAG_P99_MS = 5; // the issue: p99 event-loop lag < 5 ms during countRequestAsync
const LAG_RESOLUTION_MS = 1;
// Enough concurrent countRequestAsync calls to keep every libuv pool thread busy, as a server would.
const ASYNC_IN_FLIGHT = 64;

const PROFILES = {
  // Rounds are interleaved across cases, so a burst of load from other work on the machine
  // slows every case in that round instead of one library; the median drops such rounds.
  full: { mode: 'full', warmupMs: 300, rounds: 7, roundMs: 400, largeBytes: 5e6, lagMs: 3000, idleMs: 1000 },
  quick: { mode: 'quick', warmupMs: 80, rounds: 3, roundMs: 120, largeBytes: 5e6, lagMs: 1000, idleMs: 400 },
};

// ---------------------------------------------------------------------------------------------
// Clock and result sink

const nowMs = () => Number(process.hrtime.bigint()) / 1e6;
let sink = 0;
/** Folds a result into a global so the engine cannot drop a call whose value is unused. */
const consume = (n) => {
  sink = (sink + (typeof n === 'number' ? n : 1)) | 0;
};
const minorGc = () => globalThis.gc?.({ type: 'minor' });

function median(values) {
  const s = [...values].sort((a, b) => a - b);
  const n = s.length;
  return n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
}

// ---------------------------------------------------------------------------------------------
// Competitor adapters. Each library takes its own message shape; the conversion runs once, before
// timing (a caller would build that shape anyway), so only each library's counting is timed.

/** Text of a Chat Completions content (string or parts); images have no place in a string. */
function textOf(content) {
  if (typeof content === 'string' || content == null) return content ?? '';
  return content.filter((p) => p.type === 'text').map((p) => p.text).join('\n');
}

/** Every string the request's messages carry (text, tool-call arguments, tool results), joined. */
function requestText(body) {
  const parts = [];
  for (const m of body.messages) {
    parts.push(textOf(m.content));
    for (const call of m.tool_calls ?? []) parts.push(call.function.arguments);
  }
  return parts.join('\n');
}

/**
 * The legacy `functions` request shape that openai-chat-tokens and gpt-tokenizer's
 * countChatCompletionTokens take: string content only, one `function_call` per assistant message,
 * tool results as role 'function' with the function name.
 */
function toLegacyFunctions(body) {
  const callNames = new Map();
  const messages = body.messages.map((m) => {
    if (m.role === 'assistant' && m.tool_calls?.length) {
      const { id, function: call } = m.tool_calls[0]; // the generator makes one call per message
      callNames.set(id, call.name);
      return { role: 'assistant', content: textOf(m.content), function_call: { name: call.name, arguments: call.arguments } };
    }
    if (m.role === 'tool') return { role: 'function', name: callNames.get(m.tool_call_id), content: textOf(m.content) };
    return { role: m.role, content: textOf(m.content) };
  });
  const functions = body.tools?.map((t) => t.function);
  return functions?.length ? { messages, functions } : { messages };
}

/**
 * A Zod v4-shaped stand-in for a JSON schema. ai-tokenizer's `count` walks `schema._def` (Zod's
 * internals: type, shape, element, entries) and counts 0 tokens for anything else, including the
 * AI SDK's `jsonSchema()` wrapper. Its users define tools with Zod, so it gets what Zod would build.
 */
function zodLike(schema) {
  const node = schema.description ? { description: schema.description } : {};
  if (schema.type === 'object') {
    const shape = Object.fromEntries(Object.entries(schema.properties ?? {}).map(([k, v]) => [k, zodLike(v)]));
    node._def = { type: 'object', shape };
  } else if (schema.type === 'array') node._def = { type: 'array', element: zodLike(schema.items ?? {}) };
  else if (schema.enum) node._def = { type: 'enum', entries: Object.fromEntries(schema.enum.map((v) => [v, v])) };
  else node._def = { type: schema.type === 'integer' ? 'number' : schema.type };
  return node;
}

/** AI SDK 5 ModelMessage[] and ToolSet, the input of ai-tokenizer's `count`. */
function toAiSdk(body) {
  const callNames = new Map();
  const part = (p) =>
    p.type === 'text' ? { type: 'text', text: p.text } : { type: 'image', image: p.image_url.url, mediaType: 'image/png' };
  const messages = body.messages.map((m) => {
    if (m.role === 'assistant' && m.tool_calls?.length) {
      const calls = m.tool_calls.map((c) => {
        callNames.set(c.id, c.function.name);
        return { type: 'tool-call', toolCallId: c.id, toolName: c.function.name, input: JSON.parse(c.function.arguments) };
      });
      return { role: 'assistant', content: [...(m.content ? [{ type: 'text', text: m.content }] : []), ...calls] };
    }
    if (m.role === 'tool') {
      const output = { type: 'json', value: JSON.parse(m.content) };
      return { role: 'tool', content: [{ type: 'tool-result', toolCallId: m.tool_call_id, toolName: callNames.get(m.tool_call_id), output }] };
    }
    return { role: m.role, content: typeof m.content === 'string' ? m.content : m.content.map(part) };
  });
  const tools = Object.fromEntries(
    (body.tools ?? []).map((t) => [t.function.name, { description: t.function.description, inputSchema: zodLike(t.function.parameters) }]),
  );
  return { messages, tools };
}

// ---------------------------------------------------------------------------------------------
// The cases: `prepare` builds a library's input from the Chat Completions body (untimed), `count`
// (sync) or `countAsync` is what is timed and returns the input token count.

async function loadCases() {
  const tm = require(path.join(ROOT, 'dist/lib/index.js'));
  const oct = require('openai-chat-tokens');
  const gpt = await import('gpt-tokenizer/model/gpt-4o');
  const { default: Tokenizer, models } = await import('ai-tokenizer');
  const o200k = await import('ai-tokenizer/encoding/o200k_base');
  const { count: aiCount } = await import('ai-tokenizer/sdk');
  const aiModel = models[`openai/${MODEL}`];
  const aiTokenizer = new Tokenizer(o200k);
  const opts = { model: MODEL };
  const bytes = (body) => Buffer.from(JSON.stringify(body));

  const tokenmeter = [
    { id: 'tm-object', label: 'tokenmeter countRequest(object)', prepare: (b) => b, count: (b) => tm.countRequest(b, opts).inputTokens },
    { id: 'tm-buffer', label: 'tokenmeter countRequest(Buffer)', prepare: bytes, count: (b) => tm.countRequest(b, opts).inputTokens },
    {
      id: 'tm-async',
      label: `tokenmeter countRequestAsync(Buffer), ${ASYNC_IN_FLIGHT} in flight`,
      prepare: bytes,
      countAsync: (b) => tm.countRequestAsync(b, opts).then((r) => r.inputTokens),
    },
    {
      id: 'tm-tokens',
      label: 'tokenmeter countTokens(messages, tools)',
      prepare: (b) => b,
      count: (b) => tm.countTokens(b.messages, b.tools, { ...opts, toolChoice: b.tool_choice }).inputTokens,
    },
  ];
  const competitors = [
    { id: 'openai-chat-tokens', label: 'openai-chat-tokens promptTokensEstimate', prepare: toLegacyFunctions, count: (p) => oct.promptTokensEstimate(p) },
    { id: 'gpt-tokenizer', label: 'gpt-tokenizer countChatCompletionTokens', prepare: toLegacyFunctions, count: (p) => gpt.countChatCompletionTokens(p) },
    {
      id: 'ai-tokenizer',
      label: 'ai-tokenizer sdk count',
      prepare: toAiSdk,
      count: (p) => aiCount({ tokenizer: aiTokenizer, model: aiModel, messages: p.messages, tools: p.tools }).total,
    },
  ];
  // Both keep a 100k-piece merge cache, so counting the same request again is nearly all cache hits.
  // A server sees new text too; these rows empty the cache before every call (their worst case).
  // Informational: the bar compares against the warm rows above.
  const cold = [
    { ...competitors[1], id: 'gpt-tokenizer-cold', label: 'gpt-tokenizer, merge cache emptied per call', count: (p) => (gpt.clearMergeCache(), gpt.countChatCompletionTokens(p)) },
    { ...competitors[2], id: 'ai-tokenizer-cold', label: 'ai-tokenizer, merge cache emptied per call', count: (p) => (aiTokenizer.mergeCache.clear(), competitors[2].count(p)) },
  ];
  for (const c of tokenmeter) c.tokenmeter = true;
  for (const c of cold) c.informational = true;
  // For scale, not in the table: the BPE work alone, one count() over all the request's text.
  const enc = tm.getEncoding('o200k_base');
  const floor = { id: 'tm-text-only', label: 'tokenmeter count() of the request text alone', prepare: requestText, count: (t) => enc.count(t) };
  return { tm, opts, cases: [...tokenmeter, ...competitors, ...cold], floor };
}

/** The case's token count for one body, through the sync or async path. */
async function countOnce(c, body) {
  const input = c.prepare(body);
  return c.count ? c.count(input) : await c.countAsync(input);
}

// ---------------------------------------------------------------------------------------------
// Throughput

/** Calls per second of a sync count over one round of `ms`. */
function syncRound(count, input, ms) {
  let n = 0;
  let elapsed;
  const t0 = nowMs();
  do {
    consume(count(input));
    n++;
  } while ((elapsed = nowMs() - t0) < ms);
  return (n * 1000) / elapsed;
}

/**
 * Completions per second with `concurrency` calls in flight: each completion starts the next until
 * `ms` have passed, then the round ends when the last one lands (the drain is part of the time).
 */
function asyncRound(countAsync, input, ms, concurrency) {
  return new Promise((resolve, reject) => {
    const t0 = nowMs();
    let done = 0;
    let inFlight = 0;
    const launch = () => {
      inFlight++;
      countAsync(input).then((n) => {
        consume(n);
        done++;
        inFlight--;
        if (nowMs() - t0 < ms) launch();
        else if (inFlight === 0) resolve((done * 1000) / (nowMs() - t0));
      }, reject);
    };
    for (let i = 0; i < concurrency; i++) launch();
  });
}

async function timeRound(c, input, ms) {
  minorGc();
  return c.count ? syncRound(c.count, input, ms) : asyncRound(c.countAsync, input, ms, ASYNC_IN_FLIGHT);
}

/** Warm-up, then `rounds` rounds interleaved across cases; ops/s per case: median, min, max. */
async function measureThroughput(cases, body, profile, progress) {
  const inputs = new Map(cases.map((c) => [c.id, c.prepare(body)]));
  for (const c of cases) await timeRound(c, inputs.get(c.id), profile.warmupMs); // JIT, caches, thread pool
  const samples = new Map(cases.map((c) => [c.id, []]));
  for (let r = 0; r < profile.rounds; r++) {
    for (const c of cases) samples.get(c.id).push(await timeRound(c, inputs.get(c.id), profile.roundMs));
    progress(`round ${r + 1}/${profile.rounds}: ${cases.map((c) => `${c.id} ${Math.round(samples.get(c.id)[r])}`).join(', ')} ops/s`);
  }
  return new Map(cases.map((c) => {
    const s = samples.get(c.id);
    return [c.id, { median: median(s), min: Math.min(...s), max: Math.max(...s) }];
  }));
}

// ---------------------------------------------------------------------------------------------
// What each library counts: the same request without its tools, and without its image. A count
// that does not change ignores that part of the request.

function withoutTools(body) {
  const { tools, tool_choice, ...rest } = body;
  return rest;
}

function withoutImage(body) {
  const messages = body.messages.map((m) =>
    Array.isArray(m.content) ? { ...m, content: m.content.filter((p) => p.type !== 'image_url') } : m,
  );
  return { ...body, messages };
}

async function coverage(cases, body) {
  const out = new Map();
  for (const c of cases) {
    const full = await countOnce(c, body);
    out.set(c.id, { tokens: full, tools: full - (await countOnce(c, withoutTools(body))), image: full - (await countOnce(c, withoutImage(body))) });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Event-loop lag

/** Event-loop delay while `work()` runs; the histogram includes the timer period, removed here. */
async function lagDuring(work) {
  minorGc();
  const h = monitorEventLoopDelay({ resolution: LAG_RESOLUTION_MS });
  h.enable();
  const t0 = nowMs();
  const calls = await work();
  const ms = nowMs() - t0;
  h.disable();
  const lag = (ns) => Math.max(0, ns / 1e6 - LAG_RESOLUTION_MS);
  return { calls, ms, samples: h.count, p50: lag(h.percentile(50)), p99: lag(h.percentile(99)), max: lag(h.max) };
}

const idle = (ms) => () => new Promise((resolve) => setTimeout(() => resolve(0), ms));

/** countRequestAsync back to back, `inFlight` at a time, for `ms`; resolves to the calls made. */
function asyncBackToBack(tm, buffer, opts, ms, inFlight, expected) {
  return new Promise((resolve, reject) => {
    const t0 = nowMs();
    let calls = 0;
    let running = 0;
    const launch = () => {
      running++;
      tm.countRequestAsync(buffer, opts).then((r) => {
        if (r.inputTokens !== expected) return reject(new Error(`countRequestAsync gave ${r.inputTokens}, countRequest ${expected}`));
        calls++;
        running--;
        if (nowMs() - t0 < ms) launch();
        else if (running === 0) resolve(calls);
      }, reject);
    };
    for (let i = 0; i < inFlight; i++) launch();
  });
}

/**
 * Sync countRequest for `ms`, one call per setImmediate: the loop turns between calls, as in a
 * server that counts on the main thread, so the probe sees each call as one long block.
 */
function syncEachTick(tm, buffer, opts, ms) {
  return new Promise((resolve) => {
    const t0 = nowMs();
    let calls = 0;
    const step = () => {
      consume(tm.countRequest(buffer, opts).inputTokens);
      calls++;
      if (nowMs() - t0 < ms) setImmediate(step);
      else resolve(calls);
    };
    setImmediate(step);
  });
}

async function measureLag(tm, opts, profile, progress) {
  const body = largeRequest(profile.largeBytes);
  const buffer = Buffer.from(JSON.stringify(body));
  const expected = tm.countRequest(buffer, opts).inputTokens; // also warms the rules and the pool
  await tm.countRequestAsync(buffer, opts);
  const rows = [];
  const run = async (label, work) => {
    const r = await lagDuring(work);
    rows.push({ label, ...r });
    progress(`lag ${label}: ${r.calls} calls, p50 ${sig(r.p50)} ms, p99 ${sig(r.p99)} ms, max ${sig(r.max)} ms`);
  };
  await run('idle (noise floor)', idle(profile.idleMs));
  await run('countRequestAsync, 1 in flight', () => asyncBackToBack(tm, buffer, opts, profile.lagMs, 1, expected));
  await run('countRequestAsync, 4 in flight', () => asyncBackToBack(tm, buffer, opts, profile.lagMs, 4, expected));
  await run('countRequest (sync), one per tick', () => syncEachTick(tm, buffer, opts, profile.lagMs));
  return { bytes: buffer.length, messages: body.messages.length, tokens: expected, rows };
}

// ---------------------------------------------------------------------------------------------
// Report


/** How this process was started; a --note's text is in the report already, so it is elided here. */
function commandLine() {
  const args = process.argv.slice(2).map((a) => (a.startsWith('--note=') ? '--note=…' : a));
  return ['node', path.relative(ROOT, process.argv[1]), ...args].join(' ');
}

const load = () => os.loadavg().map((x) => x.toFixed(2)).join(' / ');
const int = (x) => Math.round(x).toLocaleString('en-US');
const verdict = (met) => (met ? 'PASS' : 'FAIL');

function describeRequest(body) {
  const json = JSON.stringify(body);
  const count = (pred) => body.messages.filter(pred).length;
  const image = body.messages.flatMap((m) => (Array.isArray(m.content) ? m.content : [])).find((p) => p.type === 'image_url');
  return (
    `${body.messages.length} messages (1 system, ${count((m) => m.role === 'user')} user, ${count((m) => m.role === 'assistant')} assistant ` +
    `of which ${count((m) => m.tool_calls)} tool calls, ${count((m) => m.role === 'tool')} tool results), ${body.tools.length} tools with nested schemas, ` +
    `one 512x512 PNG (${sig(image.image_url.url.length / 1024)} KB data URL); ${sig(json.length / 1024)} KB of JSON`
  );
}

/** The competitor case with the highest median ops/s among `cases`. */
function fastestOf(cases, stats) {
  return cases.reduce((a, b) => (stats.get(a.id).median >= stats.get(b.id).median ? a : b));
}

function throughputRows(cases, stats, cov) {
  const fastest = fastestOf(cases.filter((c) => !c.tokenmeter && !c.informational), stats);
  const fastestCold = fastestOf(cases.filter((c) => c.informational), stats);
  const best = stats.get(fastest.id).median;
  const rows = cases.map((c) => {
    const s = stats.get(c.id);
    const { tokens, tools, image } = cov.get(c.id);
    const ratio = s.median / best;
    const vs = c.tokenmeter ? `${sig(ratio)}x ${verdict(ratio >= BAR_RATIO)}` : c === fastest ? 'fastest competitor' : `${sig(ratio)}x`;
    return [c.label, `${int(s.median)} (${int(s.min)}–${int(s.max)})`, vs, int(tokens), tools ? `+${tools}` : 'ignored', image ? `+${image}` : 'ignored'];
  });
  const slowestTm = Math.min(...cases.filter((c) => c.tokenmeter).map((c) => stats.get(c.id).median));
  return { rows, fastest, minRatio: slowestTm / best, fastestCold, minRatioCold: slowestTm / stats.get(fastestCold.id).median };
}

const THROUGHPUT_HEADER = ['call', 'ops/s median (min–max)', `vs fastest competitor (bar ≥ ${BAR_RATIO}x)`, 'input tokens', 'tools', 'image'];
const LAG_HEADER = ['while', 'calls', 'wall ms / calls', 'probe samples', 'p50 ms', 'p99 ms', 'max ms'];

function lagRows(lag) {
  return lag.rows.map((r) => [r.label, r.calls || '—', r.calls ? sig(r.ms / r.calls) : '—', r.samples, sig(r.p50), sig(r.p99), sig(r.max)]);
}

const COMPETITOR_NOTES = [
  '- **openai-chat-tokens** `promptTokensEstimate({ messages, functions })`: the legacy `functions` shape only — string ' +
    'content, one `function_call` per assistant message, results as role `function`; no images. It always counts with ' +
    'js-tiktoken **cl100k_base**, not gpt-4o\'s o200k_base.',
  '- **gpt-tokenizer** `countChatCompletionTokens` (from `gpt-tokenizer/model/gpt-4o`, o200k_base): the same rules as ' +
    'openai-chat-tokens (a port of them, src/functionCalling.ts), the same legacy shape, no images. `encodeChat` / ' +
    '`countTokens(chat)` count messages only (no tools at all).',
  '- **ai-tokenizer** `count({ tokenizer, model, messages, tools })` from `ai-tokenizer/sdk`: AI SDK 5 `ModelMessage`s ' +
    '(tool-call / tool-result parts; tool results are counted as `JSON.stringify` of the whole `{type, value}` output) ' +
    'and per-model constants from its models table. Images count a flat 85 tokens whatever their size. Tool schemas are ' +
    'only counted when they are **Zod** schemas (it walks `schema._def`); a plain JSON schema or the AI SDK\'s ' +
    '`jsonSchema()` counts 0, so the bench hands it Zod-shaped equivalents of the JSON schemas.',
  '- Each library\'s own input shape is built once before timing; only counting is timed. gpt-tokenizer and ' +
    'ai-tokenizer keep a merge cache across calls, so counting the same request repeatedly is their best case (every piece cached after the warm-up); the ' +
    '"merge cache emptied per call" rows show the other end, text never seen before. A server counting resent ' +
    'conversation history sits in between.',
];

function renderMarkdown(run, req, thr, lag) {
  const { rows, fastest, minRatio } = thr;
  const lagAsync = lag.rows.find((r) => r.label === 'countRequestAsync, 1 in flight');
  const lines = [
    '# Chat request counting benchmark',
    '',
    `- Command: \`${run.command}\` (${run.mode} profile, ${sig(run.seconds)} s)`,
    `- Date: ${run.date}; Node ${process.version}; ${run.cores} cores, ${run.cpu}; load average ${run.loadStart} at start, ${run.loadEnd} at end`,
    `- Libraries: ${run.versions}`,
    ...(run.note ? [`- Note: ${run.note}`] : []),
    '',
    '## 1. Requests per second: one realistic gpt-4o request',
    '',
    `Request (seeded, \`bench/chat-request.mjs\`): ${describeRequest(req.body)}. tokenmeter: ${req.tm.inputTokens} input tokens ` +
      `(messages ${req.tm.breakdown.messages}, system ${req.tm.breakdown.system}, tools ${req.tm.breakdown.tools}, images ${req.tm.breakdown.images}, ` +
      `overhead ${req.tm.breakdown.overhead}; ${req.tm.exact ? 'exact' : `estimate: ${req.tm.estimated.join(', ')}`}).`,
    '',
    `Method: ${run.profile.warmupMs} ms warm-up per call, then ${run.profile.rounds} rounds of ${run.profile.roundMs} ms per call, ` +
      'interleaved (round 1 of every call, then round 2, ...); ops/s is the median round. countRequestAsync keeps ' +
      `${ASYNC_IN_FLIGHT} calls in flight (libuv pool: ${process.env.UV_THREADPOOL_SIZE ?? 4} threads). ` +
      '"tools" / "image": how many tokens the count drops when the request goes without its tools / its image.',
    '',
    mdTable(THROUGHPUT_HEADER, rows),
    '',
    `Slowest tokenmeter form: **${sig(minRatio)}x** the fastest competitor (${fastest.label}); bar ≥ ${BAR_RATIO}x: **${verdict(minRatio >= BAR_RATIO)}**. ` +
      `Against the fastest competitor with its merge cache emptied before each call (${thr.fastestCold.label}; informational, ` +
      `text it has not seen): ${sig(thr.minRatioCold)}x.`,
    '',
    `For scale: one \`count()\` over the request's text alone (${sig(thr.floor.bytes / 1024)} KB: message text, tool-call ` +
      `arguments and results; no JSON, tool schemas or rules) runs at ${int(thr.floor.opsPerSec)} ops/s in the same rounds; ` +
      'the rest of countRequest\'s time goes to JSON parsing, tool-schema rendering, the image header and per-message rules.',
    '',
    'Competitors\' chat APIs:',
    '',
    ...COMPETITOR_NOTES,
    '',
    `## 2. Event-loop lag while countRequestAsync counts a ${sig(lag.bytes / 1e6)} MB Buffer body`,
    '',
    `Body: ${lag.messages} messages (the same generator, more turns), ${int(lag.tokens)} tokens. Probe: ` +
      `\`monitorEventLoopDelay({ resolution: ${LAG_RESOLUTION_MS} })\`, minus the ${LAG_RESOLUTION_MS} ms period, over ` +
      `${run.profile.lagMs / 1000} s of back-to-back calls per row; the sync row runs one countRequest per setImmediate, ` +
      'as a server counting on the main thread would.',
    '',
    mdTable(LAG_HEADER, lagRows(lag)),
    '',
    `p99 lag during countRequestAsync (1 in flight): **${sig(lagAsync.p99)} ms**; bar < ${BAR_LAG_P99_MS} ms: **${verdict(lagAsync.p99 < BAR_LAG_P99_MS)}**.`,
    '',
  ];
  return lines.join('\n');
}

// ---------------------------------------------------------------------------------------------
// Entry

/**
 * Runs both measurements and prints them; writes Markdown to `outFile`, or to
 * bench/CHAT-RESULTS.md when `write` is set.
 */
export async function runChatBench({ quick = false, write = !quick, outFile = null, note = '' } = {}) {
  const profile = quick ? PROFILES.quick : PROFILES.full;
  const progress = (m) => console.error(`[chat] ${m}`);
  const started = nowMs();
  const loadStart = load();
  globalThis.gc?.(); // whatever ran before (bench/run.mjs sections) should not be collected on our clock

  const { tm, opts, cases, floor } = await loadCases();
  const body = realisticRequest(1, MODEL);
  const tmResult = tm.countRequest(body, opts);
  const cov = await coverage(cases, body);
  const mismatched = cases.filter((c) => c.tokenmeter && cov.get(c.id).tokens !== tmResult.inputTokens);
  if (mismatched.length) throw new Error(`tokenmeter forms disagree: ${mismatched.map((c) => `${c.id} ${cov.get(c.id).tokens}`).join(', ')} vs ${tmResult.inputTokens}`);

  progress(`${profile.mode} run; load average ${loadStart}`);
  const stats = await measureThroughput([...cases, floor], body, profile, progress);
  const thr = throughputRows(cases, stats, cov);
  thr.floor = { bytes: Buffer.byteLength(requestText(body)), opsPerSec: stats.get(floor.id).median };
  const lag = await measureLag(tm, opts, profile, progress);

  const run = {
    mode: profile.mode,
    profile,
    command: commandLine(),
    date: new Date().toISOString(),
    cores: os.cpus().length,
    cpu: cpuModel(),
    loadStart,
    loadEnd: load(),
    seconds: (nowMs() - started) / 1000,
    versions: ['openai-chat-tokens', 'gpt-tokenizer', 'ai-tokenizer', 'js-tiktoken'].map((p) => `${p} ${libraryVersion(p)}`).join(', '),
    note,
  };

  console.log(`\nChat request counting (${MODEL}): ${describeRequest(body)}`);
  console.log(textTable(THROUGHPUT_HEADER, thr.rows));
  console.log(`slowest tokenmeter form ${sig(thr.minRatio)}x the fastest competitor (${thr.fastest.id}): ${verdict(thr.minRatio >= BAR_RATIO)} (bar ≥ ${BAR_RATIO}x); ` +
    `${sig(thr.minRatioCold)}x ${thr.fastestCold.id} (informational)`);
  console.log(`for scale: count() of the request text alone (${sig(thr.floor.bytes / 1024)} KB) ${int(thr.floor.opsPerSec)} ops/s`);
  console.log(`\nEvent-loop lag, ${sig(lag.bytes / 1e6)} MB Buffer body (${int(lag.tokens)} tokens)`);
  console.log(textTable(LAG_HEADER, lagRows(lag)));
  const p99 = lag.rows.find((r) => r.label === 'countRequestAsync, 1 in flight').p99;
  console.log(`countRequestAsync p99 lag ${sig(p99)} ms: ${verdict(p99 < BAR_LAG_P99_MS)} (bar < ${BAR_LAG_P99_MS} ms); ${sig(run.seconds)} s`);

  const target = outFile ?? (write ? path.join(HERE, 'CHAT-RESULTS.md') : null);
  if (target) {
    fs.writeFileSync(target, renderMarkdown(run, { body, tm: tmResult }, thr, lag));
    progress(`wrote ${path.relative(process.cwd(), target) || target}`);
  }
  if (sink === 0.5) console.log(''); // keeps every consumed result observable
}

function parseCli(argv) {
  const options = { quick: false, outFile: null, note: '' };
  for (const arg of argv) {
    if (arg === '--quick') options.quick = true;
    else if (arg.startsWith('--out=')) options.outFile = arg.slice('--out='.length);
    else if (arg.startsWith('--note=')) options.note = arg.slice('--note='.length);
    else {
      console.error(`unknown option ${arg}\nusage: node bench/chat.mjs [--quick] [--out=FILE] [--note=TEXT]`);
      process.exit(2);
    }
  }
  return options;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await runChatBench(parseCli(process.argv.slice(2)));
}
