// What the numbers were measured on: machine, Node, library versions, and how busy the machine was.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';

import { LIBRARIES, ROOT, libraryVersion } from './libraries.mjs';

export function cpuModel() {
  try {
    const line = fs.readFileSync('/proc/cpuinfo', 'utf8').split('\n').find((l) => l.startsWith('model name'));
    if (line) return line.split(':').slice(1).join(':').trim();
  } catch {
    // not Linux
  }
  return os.cpus()[0]?.model ?? 'unknown';
}

function gitRevision() {
  try {
    const rev = execFileSync('git', ['-C', ROOT, 'rev-parse', '--short', 'HEAD'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    const dirty = execFileSync('git', ['-C', ROOT, 'status', '--porcelain'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    return dirty ? `${rev} + uncommitted changes` : rev;
  } catch {
    return 'unknown';
  }
}

/** Load average, kept at the start and end of a run: a busy machine makes every ratio noisier. */
export function loadAverage() {
  return os.loadavg().map((x) => x.toFixed(2)).join(' / ');
}

export function describeMachine() {
  let addonDate = 'missing';
  try {
    addonDate = fs.statSync(`${ROOT}/build/Release/tokenmeter.node`).mtime.toISOString();
  } catch {
    // reported as missing
  }
  return {
    date: new Date().toISOString(),
    cpu: cpuModel(),
    cores: os.availableParallelism?.() ?? os.cpus().length,
    ramGiB: (os.totalmem() / 2 ** 30).toFixed(1),
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    v8: process.versions.v8,
    revision: gitRevision(),
    addonDate,
    versions: LIBRARIES.map((l) => ({ id: l.id, version: libraryVersion(l.pkg) })),
  };
}
