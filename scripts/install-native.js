#!/usr/bin/env node
// The package's install step: use a prebuilt addon shipped for this platform if it loads,
// otherwise compile one from source with cmake-js (no download: package.json's
// "binary.napi_versions" makes cmake-js use the node-api-headers package).
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..');
const prebuilt = path.join(root, 'prebuilds', `${process.platform}-${process.arch}`, 'tokenmeter.node');

if (!process.env.TOKENMETER_BUILD_FROM_SOURCE && fs.existsSync(prebuilt)) {
  try {
    require(prebuilt);
    console.log(`tokenmeter: using prebuilt ${path.relative(root, prebuilt)}`);
    process.exit(0);
  } catch (error) {
    console.log(`tokenmeter: prebuilt addon does not load here (${error.message}); building from source`);
  }
}

const cmakeJs = require.resolve('cmake-js/bin/cmake-js', { paths: [root] });
const result = spawnSync(process.execPath, [cmakeJs, 'compile', '--directory', root], { stdio: 'inherit' });
process.exit(result.status === null ? 1 : result.status);
