#!/usr/bin/env node
// tokenmeter command line.
//   tokenmeter count [--model M | --encoding E] [--json] [file|-]   count the tokens of a text file
//   tokenmeter encodings                                          list the shipped encodings
'use strict';
const fs = require('node:fs');
const tokenmeter = require('..');

function usage(code) {
  console.error('usage: tokenmeter count [--model M | --encoding E] [--json] [file|-]\n       tokenmeter encodings');
  process.exit(code);
}

function parse(argv) {
  const options = { json: false, files: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--json') options.json = true;
    else if (arg === '--model' || arg === '--encoding') {
      if (i + 1 >= argv.length) usage(2);
      options[arg.slice(2)] = argv[++i];
    } else if (arg === '-h' || arg === '--help') usage(0);
    else if (arg.startsWith('--')) usage(2);
    else options.files.push(arg);
  }
  return options;
}

async function count(options) {
  const encoding = options.encoding
    ? tokenmeter.getEncoding(options.encoding)
    : tokenmeter.encodingForModel(options.model ?? 'gpt-4o');
  const files = options.files.length ? options.files : ['-'];
  const results = [];
  for (const file of files) {
    const bytes = file === '-' ? fs.readFileSync(0) : fs.readFileSync(file);
    // Files are counted as they are: special-token strings in them are plain text.
    const text = bytes.toString('utf8');
    const started = process.hrtime.bigint();
    const tokens = await encoding.countOrdinaryAsync(text);
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    results.push({ file, encoding: encoding.name, tokens, bytes: bytes.length, ms: Math.round(ms * 100) / 100 });
  }
  if (options.json) console.log(JSON.stringify(results.length === 1 ? results[0] : results));
  else for (const r of results) console.log(`${r.tokens}\t${r.file}\t(${r.encoding}, ${r.bytes} bytes, ${r.ms} ms)`);
}

async function main() {
  const [command, ...rest] = process.argv.slice(2);
  if (command === 'count') return count(parse(rest));
  if (command === 'encodings') return console.log(tokenmeter.listEncodings().join('\n'));
  usage(command ? 2 : 0);
}

main().catch((error) => {
  console.error(`tokenmeter: ${error.code ? `${error.code}: ` : ''}${error.message}`);
  process.exit(1);
});
