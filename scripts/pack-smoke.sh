#!/usr/bin/env bash
# `npm pack`, install the tarball into an empty project, and use it from CommonJS and ESM there:
# proves the published package builds from source and works with nothing from this checkout.
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
tarball=$(npm pack --silent --pack-destination "$work" | tail -n 1)
cd "$work"
npm init -y >/dev/null
npm install --no-audit --no-fund "./$tarball" >/dev/null
node -e "
const t = require('tokenmeter');
const ids = Array.from(t.getEncoding('cl100k_base').encode('hello world'));
if (JSON.stringify(ids) !== '[15339,1917]') { console.error('unexpected ids', ids); process.exit(1); }
console.log('pack smoke (CommonJS): hello world ->', ids);
const chat = t.countTokens([{ role: 'user', content: 'hello' }], [], { model: 'gpt-4o' });
if (chat.inputTokens !== 8 || !chat.exact) { console.error('unexpected chat count', chat); process.exit(1); }
console.log('pack smoke (CommonJS): chat request [user: hello] on gpt-4o ->', chat.inputTokens);
"
node --input-type=module -e "
import { encodingForModel, countRequestAsync } from 'tokenmeter';
import { getEncoding } from 'tokenmeter/js-tiktoken';
const n = encodingForModel('gpt-4o').count('hello world');
const ids = getEncoding('cl100k_base').encode('hello world');
if (n !== 2 || !Array.isArray(ids) || ids.join() !== '15339,1917') { console.error('unexpected', n, ids); process.exit(1); }
console.log('pack smoke (ESM): gpt-4o count =', n, ', js-tiktoken entry ->', ids);
const body = Buffer.from(JSON.stringify({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hello' }] }));
const chat = await countRequestAsync(body);
if (chat.inputTokens !== 8) { console.error('unexpected chat count', chat); process.exit(1); }
console.log('pack smoke (ESM): countRequestAsync(Buffer) ->', chat.inputTokens);
"
