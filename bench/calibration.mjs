// Does calibration cut the error of inexact estimates? Replays (request, reported usage) pairs
// through a TokenChecker and compares the median absolute error of the raw estimates with that of
// the calibrated ones (each estimate uses only what was learned from the pairs before it).
//
// The "provider" here is simulated, because no public set of real Claude requests with their
// reported usage exists: it tokenizes the same texts with a vocabulary tokenmeter does not use for
// Claude (r50k_base, 50k tokens, the size class of Claude's) and adds Anthropic-style framing. What
// that gives is a realistic mismatch: a ratio that depends on the content (prose, code, JSON, logs),
// not a constant, which is what the calibrator has to cope with.
//
// Run: npm run build && node bench/calibration.mjs [--pairs=N]
import { createRng } from './chat-request.mjs';
import { Calibrator, TokenChecker, getEncoding } from '../esm/index.mjs';

const pairs = Number((process.argv.find((a) => a.startsWith('--pairs=')) ?? '--pairs=400').split('=')[1]);
const r50k = getEncoding('r50k_base');
const rng = createRng(11);

const SAMPLES = [
  'The deployment retries every record twice before it logs a timeout error. ',
  'function parseConfig(raw) { return JSON.parse(raw).items.map((x) => x.id); }\n',
  '{"orderId": 48213, "status": "shipped", "items": [{"sku": "A-19", "qty": 2}]}\n',
  '2026-11-23T10:15:02Z WARN worker-3 cache miss key=session:8812 latency_ms=412\n',
  'SELECT user_id, COUNT(*) FROM orders WHERE created_at > NOW() - INTERVAL 7 DAY GROUP BY 1;\n',
  'Bitte prüfen Sie die Konfiguration, bevor Sie den Dienst neu starten. ',
];

function text() {
  let s = '';
  const n = 3 + rng.int(40);
  for (let i = 0; i < n; i++) s += SAMPLES[rng.int(SAMPLES.length)];
  return s;
}

function request() {
  const messages = [];
  const turns = 1 + rng.int(6);
  for (let i = 0; i < turns; i++) {
    messages.push({ role: 'user', content: text() });
    if (i < turns - 1) messages.push({ role: 'assistant', content: text() });
  }
  return { model: 'claude-sonnet-4-5', system: text(), messages };
}

// The simulated provider's count: its own tokenizer over the texts, plus framing.
function reported(req) {
  let n = 8 + r50k.countOrdinary(req.system);
  for (const m of req.messages) n += 4 + r50k.countOrdinary(m.content);
  return n;
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

const calibrator = new Calibrator({ minSamples: 5 });
const checker = new TokenChecker({ calibrator, tolerance: 0.05 });
const rawErrors = [];
const calibratedErrors = [];
let ok = 0;
for (let i = 0; i < pairs; i++) {
  const req = request();
  const actual = reported(req);
  const check = checker.begin(req, { provider: 'anthropic' });
  rawErrors.push(Math.abs(check.estimate.rawTokens - actual) / actual);
  calibratedErrors.push(Math.abs(check.estimate.inputTokens - actual) / actual);
  const result = check.complete({
    id: `msg_${i}`, type: 'message', role: 'assistant', model: 'claude-sonnet-4-5-20250929', content: [],
    usage: { input_tokens: actual, output_tokens: 1 },
  });
  if (result.status === 'ok') ok++;
}
const stats = calibrator.stats(calibrator.keys()[0]);
const pct = (x) => `${(x * 100).toFixed(2)} %`;
console.log(`calibration replay: ${pairs} simulated Anthropic requests (claude-sonnet-4-5)`);
console.log(`  median |error| of raw estimates:        ${pct(median(rawErrors))}`);
console.log(`  median |error| of calibrated estimates: ${pct(median(calibratedErrors))}  (online: each estimate uses only earlier pairs)`);
console.log(`  checks within 5 % tolerance: ${ok}/${pairs}`);
console.log(`  learned factor ${stats.factor.toFixed(4)}, spread ${pct(stats.spread)}, ${stats.samples} samples in window`);
