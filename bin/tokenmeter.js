#!/usr/bin/env node
// tokenmeter command line.
//   tokenmeter count [--model M | --encoding E] [--text] [--json] [file|-]   count a text or a request body
//   tokenmeter serve [--port N] [--host H] [--api-key K ...]                the count_tokens server
//   tokenmeter price MODEL [--provider P] [--json]                          the price row that applies
//   tokenmeter encodings                                                    list the shipped encodings
'use strict';
const fs = require('node:fs');
const tokenmeter = require('..');

const USAGE = [
  'usage: tokenmeter count [--model M | --encoding E] [--text] [--json] [file|-]',
  '       tokenmeter serve [--port N] [--host H] [--api-key KEY ...] [--upstream P=URL ...] ... (serve --help)',
  '       tokenmeter price MODEL [--provider P] [--json]',
  '       tokenmeter encodings',
  '',
  'count: a file that is a request body (a JSON object with "messages", or "input"/"instructions")',
  '       is counted as an OpenAI or Anthropic request; anything else as text. --text forces text,',
  '       as does --encoding. --model overrides the body\'s model (text default: gpt-4o).',
  '       A request body of a priced model also shows its estimated input cost.',
].join('\n');

function usage(code) {
  (code === 0 ? console.log : console.error)(USAGE);
  process.exit(code);
}

function parse(argv) {
  const options = { json: false, text: false, files: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--json') options.json = true;
    else if (arg === '--text') options.text = true;
    else if (arg === '--model' || arg === '--encoding') {
      if (i + 1 >= argv.length) usage(2);
      options[arg.slice(2)] = argv[++i];
    } else if (arg === '-h' || arg === '--help') usage(0);
    else if (arg.startsWith('--')) usage(2);
    else options.files.push(arg);
  }
  return options;
}

/**
 * Whether a file's text is a chat request body: a JSON object with Chat Completions / Anthropic
 * `messages` or Responses `input` / `instructions`. JSON.parse here only decides the mode; the
 * count itself parses the bytes in C++.
 */
function isRequestBody(text) {
  if (!/^\s*\{/.test(text)) return false;
  let value;
  try {
    value = JSON.parse(text);
  } catch {
    return false;
  }
  return Array.isArray(value.messages) || 'input' in value || 'instructions' in value;
}

function elapsedMs(started) {
  return Math.round((Number(process.hrtime.bigint() - started) / 1e6) * 100) / 100;
}

async function countText(file, bytes, options) {
  const encoding = options.encoding
    ? tokenmeter.getEncoding(options.encoding)
    : tokenmeter.encodingForModel(options.model ?? 'gpt-4o');
  // Files are counted as they are: special-token strings in them are plain text.
  const started = process.hrtime.bigint();
  const tokens = await encoding.countOrdinaryAsync(bytes.toString('utf8'));
  return { kind: 'text', file, encoding: encoding.name, tokens, bytes: bytes.length, ms: elapsedMs(started) };
}

async function countBody(file, bytes, options) {
  const started = process.hrtime.bigint();
  const result = await tokenmeter.countRequestAsync(bytes, options.model ? { model: options.model } : undefined);
  return {
    kind: 'request',
    file,
    api: result.api,
    model: result.model,
    encoding: result.encoding,
    tokens: result.inputTokens,
    exact: result.exact,
    estimated: result.estimated,
    breakdown: result.breakdown,
    rawTokens: result.rawTokens,
    calibration: result.calibration,
    bytes: bytes.length,
    ms: elapsedMs(started),
    estimatedCostUsd: inputCost(result),
  };
}

/** The input's cost at the model's price (output unknown before the call), or null when unpriced. */
function inputCost(result) {
  if (!result.model) return null;
  try {
    const estimate = tokenmeter.estimateCostFromTokens(result.inputTokens, { model: result.model, exact: result.exact, unknownModel: 'zero' });
    return estimate && !estimate.price.unknown ? estimate.total : null;
  } catch {
    return null;
  }
}

/** The human-readable lines for one result. */
function describe(r) {
  if (r.kind === 'text') return [`${r.tokens}\t${r.file}\t(${r.encoding}, ${r.bytes} bytes, ${r.ms} ms)`];
  const how = r.exact ? 'exact' : `estimate: ${r.estimated.join(', ')}`;
  const calibrated = r.calibration === 1 ? '' : `, ${r.rawTokens} x ${r.calibration} calibration`;
  const parts = Object.entries(r.breakdown).map(([part, n]) => `${part} ${n}`).join(', ');
  return [
    `${r.tokens}\t${r.file}\t(${r.api} request, model ${r.model ?? 'unspecified'}, ${r.encoding}, ${how}${calibrated}, ${r.ms} ms)`,
    `\tbreakdown: ${parts}`,
    ...(r.estimatedCostUsd === null ? [] : [`\testimated input cost: $${r.estimatedCostUsd.toFixed(6)} (output not included)`]),
  ];
}

async function count(options) {
  const files = options.files.length ? options.files : ['-'];
  const results = [];
  for (const file of files) {
    const bytes = file === '-' ? fs.readFileSync(0) : fs.readFileSync(file);
    const asRequest = !options.text && !options.encoding && isRequestBody(bytes.toString('utf8'));
    results.push(await (asRequest ? countBody : countText)(file, bytes, options));
  }
  if (options.json) console.log(JSON.stringify(results.length === 1 ? results[0] : results));
  else for (const r of results) console.log(describe(r).join('\n'));
}

async function serve(argv) {
  const server = require('../dist/lib/server/index.js');
  if (argv.includes('-h') || argv.includes('--help')) {
    console.log(server.SERVE_USAGE);
    return;
  }
  let config;
  try {
    config = server.parseServeArgs(argv, process.env);
  } catch (error) {
    if (!(error instanceof server.ServeUsageError)) throw error;
    console.error(`tokenmeter serve: ${error.message}\n${server.SERVE_USAGE}`);
    process.exit(2);
  }
  if (config.prices) tokenmeter.loadPrices(fs.readFileSync(config.prices, 'utf8'));
  if (config.options.ledger === undefined) {
    const ledger = server.defaultLedger();
    config.options.ledger = ledger.spec;
    if (!ledger.persistent) console.error('tokenmeter serve: better-sqlite3 is not installed; usage is kept in memory only (--ledger to choose)');
  }
  const http = server.createServer(config.options);
  // Handlers first, then the address: whoever reads the printed line may signal at once.
  let stopping = false;
  const stop = (signal) => {
    if (stopping) return; // a second signal while closing: the deadline in closeGracefully applies
    stopping = true;
    console.error(`tokenmeter serve: ${signal}, closing`);
    server.closeGracefully(http).then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  const address = await server.listen(http, config.port, config.host);
  // The one line on stdout: scripts and tests read the address (and a port-0 pick) from it.
  console.log(server.serverUrl(address));
}

/** `tokenmeter price MODEL`: the resolved price row, rates in USD per million tokens. */
function price(argv) {
  let json = false;
  let provider;
  const models = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--json') json = true;
    else if (argv[i] === '--provider' && i + 1 < argv.length) provider = argv[++i];
    else if (argv[i] === '-h' || argv[i] === '--help') usage(0);
    else if (argv[i].startsWith('--')) usage(2);
    else models.push(argv[i]);
  }
  if (models.length !== 1) usage(2);
  const row = tokenmeter.getPrice(models[0], provider ? { provider } : undefined);
  if (row === null) {
    console.error(`tokenmeter price: no price for "${models[0]}"${provider ? ` from ${provider}` : ''}`);
    process.exit(1);
  }
  if (json) return console.log(JSON.stringify(row));
  const rates = Object.entries(row.rates).filter(([, v]) => v !== null).map(([k, v]) => `${k} $${v}`);
  console.log(`${row.model}\t(${row.provider}) USD per million tokens: ${rates.join(', ')}`);
  for (const tier of row.longContext) {
    const tierRates = Object.entries(tier.rates).filter(([, v]) => v !== null).map(([k, v]) => `${k} $${v}`);
    console.log(`\tabove ${tier.aboveInputTokens} input tokens: ${tierRates.join(', ')}`);
  }
  const valid = row.validFrom || row.validTo ? `, valid ${row.validFrom ?? '...'} to ${row.validTo ?? '...'}` : '';
  console.log(`\tsource: ${row.source}${row.checked ? `, checked ${row.checked}` : ''}${valid}`);
}

async function main() {
  const [command, ...rest] = process.argv.slice(2);
  if (command === 'count') return count(parse(rest));
  if (command === 'serve') return serve(rest);
  if (command === 'price') return price(rest);
  if (command === 'encodings') return console.log(tokenmeter.listEncodings().join('\n'));
  if (command === '-h' || command === '--help') usage(0);
  usage(command ? 2 : 0);
}

main().catch((error) => {
  const where = error.syscall === 'listen' ? `cannot listen on ${error.address}:${error.port}: ` : '';
  console.error(`tokenmeter: ${where}${error.code ? `${error.code}: ` : ''}${error.message}`);
  process.exit(1);
});
