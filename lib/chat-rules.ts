// The per-model counting rules the native chat counter uses: data/chat-models.json as shipped,
// with the caller's overrides merged in (setModelRules), plus the model -> encoding table of
// model-table.ts, so the native side resolves encodings exactly as getEncodingNameForModel does.
import * as fs from 'node:fs';
import * as path from 'node:path';

import type { ModelRulesData } from '../types';
import { TokenmeterError } from './errors';
import { MODEL_PATTERN_RULES, MODEL_TO_ENCODING } from './model-table';
import { native, packageRoot, vocabDir } from './native';

type RuleEntry = NonNullable<ModelRulesData['models']>[number];

let shipped: ModelRulesData | undefined;
let current: ModelRulesData | undefined;
let installed = false;

function shippedRules(): ModelRulesData {
  if (shipped === undefined) {
    const file = path.join(packageRoot, 'data', 'chat-models.json');
    shipped = JSON.parse(fs.readFileSync(file, 'utf8')) as ModelRulesData;
  }
  return shipped;
}

function encodingTable(): string {
  return JSON.stringify({ exact: MODEL_TO_ENCODING, patterns: MODEL_PATTERN_RULES });
}

function install(rules: ModelRulesData): void {
  native.setChatRules(JSON.stringify(rules), encodingTable(), vocabDir);
  current = rules;
  installed = true;
}

/** Makes sure the native side has rules before a count. */
export function ensureChatRules(): void {
  if (!installed) install(current ?? shippedRules());
}

function merge(base: ModelRulesData, overrides: ModelRulesData): ModelRulesData {
  const models: RuleEntry[] = [...(base.models ?? [])];
  for (const entry of overrides.models ?? []) {
    if (typeof entry !== 'object' || entry === null || typeof entry.match !== 'string') {
      throw new TokenmeterError('ERR_INVALID_ARGUMENT', 'each models[] override needs a string `match`');
    }
    const at = models.findIndex((m) => m.match === entry.match);
    if (at >= 0) models[at] = entry;
    else models.push(entry);
  }
  return { ...base, defaults: { ...(base.defaults ?? {}), ...(overrides.defaults ?? {}) }, models };
}

export function setModelRules(overrides: ModelRulesData): void {
  if (typeof overrides !== 'object' || overrides === null) {
    throw new TokenmeterError('ERR_INVALID_ARGUMENT', 'setModelRules expects an object { defaults?, models? }');
  }
  if (overrides.models !== undefined && !Array.isArray(overrides.models)) {
    throw new TokenmeterError('ERR_INVALID_ARGUMENT', 'setModelRules: models must be an array');
  }
  install(merge(current ?? shippedRules(), overrides)); // throws (and keeps the old rules) if malformed
}

export function resetModelRules(): void {
  install(shippedRules());
}

export function getModelRules(): ModelRulesData {
  return structuredClone(current ?? shippedRules());
}
