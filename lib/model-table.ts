// Model name -> encoding name.
//
// Source: tiktoken's own table (openai/tiktoken, tiktoken/model.py: MODEL_TO_ENCODING and
// MODEL_PREFIX_TO_ENCODING) and the model list of the `tiktoken` npm package
// (model_to_encoding.json, v1.0.22). Where the two differ, model.py wins: davinci-002 and
// babbage-002 are cl100k_base (js-tiktoken says p50k_base / r50k_base, which is wrong).
//
// Lookup order:
//   1. an optional `openai/` provider prefix is removed (gateways such as OpenRouter send it);
//   2. fine-tunes resolve through their base model: `ft:<base>:org:suffix:id`, and the legacy
//      `<base>:ft-org-date` form;
//   3. exact names;
//   4. pattern rules: the most specific rule (longest prefix + suffix) that matches wins.
// Names are case-sensitive, as in tiktoken.
//
// Prefix rules end in '-' or '.' on purpose so that a family never swallows a neighbour: `o1-`
// matches o1-mini but not o10, `gpt-4-` matches gpt-4-turbo but not gpt-4o or gpt-4.1, `gpt-5-` and
// `gpt-5.` match gpt-5-mini and gpt-5.1 but not gpt-50. (tiktoken's bare `gpt-5` prefix would.)
import type { EncodingName, ModelLookupOptions } from '../types';
import { TokenmeterError } from './errors';

export const ENCODING_NAMES: readonly EncodingName[] = Object.freeze([
  'r50k_base',
  'p50k_base',
  'p50k_edit',
  'cl100k_base',
  'o200k_base',
  'o200k_harmony',
]);

/** Exact model names. */
export const MODEL_TO_ENCODING: Readonly<Record<string, EncodingName>> = Object.freeze({
  // reasoning
  o1: 'o200k_base',
  o3: 'o200k_base',
  'o4-mini': 'o200k_base',
  // chat
  'gpt-5': 'o200k_base',
  'gpt-4.5': 'o200k_base',
  'gpt-4.1': 'o200k_base',
  'gpt-4o': 'o200k_base',
  'chatgpt-4o-latest': 'o200k_base',
  'gpt-4': 'cl100k_base',
  'gpt-3.5-turbo': 'cl100k_base',
  'gpt-3.5': 'cl100k_base', // common shorthand, as in tiktoken
  'gpt-35-turbo': 'cl100k_base', // Azure deployment name
  // open-weight
  'gpt-oss': 'o200k_harmony',
  // base
  'davinci-002': 'cl100k_base',
  'babbage-002': 'cl100k_base',
  // embeddings
  'text-embedding-ada-002': 'cl100k_base',
  'text-embedding-3-small': 'cl100k_base',
  'text-embedding-3-large': 'cl100k_base',
  // text (deprecated)
  'text-davinci-003': 'p50k_base',
  'text-davinci-002': 'p50k_base',
  'text-davinci-001': 'r50k_base',
  'text-curie-001': 'r50k_base',
  'text-babbage-001': 'r50k_base',
  'text-ada-001': 'r50k_base',
  davinci: 'r50k_base',
  curie: 'r50k_base',
  babbage: 'r50k_base',
  ada: 'r50k_base',
  // code (deprecated)
  'code-davinci-002': 'p50k_base',
  'code-davinci-001': 'p50k_base',
  'code-cushman-002': 'p50k_base',
  'code-cushman-001': 'p50k_base',
  'davinci-codex': 'p50k_base',
  'cushman-codex': 'p50k_base',
  // edit (deprecated)
  'text-davinci-edit-001': 'p50k_edit',
  'code-davinci-edit-001': 'p50k_edit',
  // old embeddings (deprecated)
  'text-similarity-davinci-001': 'r50k_base',
  'text-similarity-curie-001': 'r50k_base',
  'text-similarity-babbage-001': 'r50k_base',
  'text-similarity-ada-001': 'r50k_base',
  'text-search-davinci-doc-001': 'r50k_base',
  'text-search-curie-doc-001': 'r50k_base',
  'text-search-babbage-doc-001': 'r50k_base',
  'text-search-ada-doc-001': 'r50k_base',
  'code-search-babbage-code-001': 'r50k_base',
  'code-search-ada-code-001': 'r50k_base',
  // GPT-2: tiktoken's `gpt2` encoding has the same ranks, pattern and special token as r50k_base,
  // which is the one tokenmeter ships.
  gpt2: 'r50k_base',
  'gpt-2': 'r50k_base',
});

export interface ModelPatternRule {
  /** The model name starts with this... */
  readonly prefix: string;
  /** ...and ends with this (may be empty). */
  readonly suffix: string;
  readonly encoding: EncodingName;
}

const rule = (prefix: string, encoding: EncodingName, suffix = ''): ModelPatternRule => Object.freeze({ prefix, suffix, encoding });

/** Families and dated snapshots. Order does not matter: the most specific match wins. */
export const MODEL_PATTERN_RULES: readonly ModelPatternRule[] = Object.freeze([
  rule('gpt-5-', 'o200k_base'), // gpt-5-mini, gpt-5-nano-2025-08-07, gpt-5-chat-latest
  rule('gpt-5.', 'o200k_base'), // gpt-5.1, gpt-5.1-codex
  rule('gpt-4.5-', 'o200k_base'), // gpt-4.5-preview
  rule('gpt-4.1-', 'o200k_base'), // gpt-4.1-mini-2025-04-14
  rule('gpt-4o-', 'o200k_base'), // gpt-4o-2024-08-06, gpt-4o-mini
  rule('chatgpt-4o-', 'o200k_base'),
  rule('o1-', 'o200k_base'), // o1-mini, o1-preview-2024-09-12
  rule('o3-', 'o200k_base'), // o3-mini-2025-01-31
  rule('o4-mini-', 'o200k_base'),
  rule('gpt-oss-', 'o200k_harmony'), // gpt-oss-20b, gpt-oss-120b
  rule('gpt-4-', 'cl100k_base'), // gpt-4-0613, gpt-4-32k, gpt-4-turbo
  rule('gpt-3.5-turbo-', 'cl100k_base'),
  rule('gpt-35-turbo-', 'cl100k_base'),
  rule('text-embedding-3-', 'cl100k_base'),
  rule('code-davinci-', 'p50k_base'),
  rule('code-cushman-', 'p50k_base'),
  rule('text-', 'p50k_edit', '-edit-001'),
  rule('code-', 'p50k_edit', '-edit-001'),
  rule('text-', 'r50k_base', '-001'), // text-curie-001 and other GPT-3 era models
  rule('text-similarity-', 'r50k_base'),
  rule('text-search-', 'r50k_base'),
  rule('code-search-', 'r50k_base'),
]);

const PROVIDER_PREFIX = 'openai/';
const LEGACY_FINE_TUNE_BASES: readonly string[] = ['ada', 'babbage', 'curie', 'davinci'];

function matchRule(model: string): EncodingName | undefined {
  let best: ModelPatternRule | undefined;
  for (const r of MODEL_PATTERN_RULES) {
    const matches =
      model.length >= r.prefix.length + r.suffix.length && model.startsWith(r.prefix) && model.endsWith(r.suffix);
    if (matches && (!best || r.prefix.length + r.suffix.length > best.prefix.length + best.suffix.length)) best = r;
  }
  return best?.encoding;
}

/** The model a fine-tune was trained from, or undefined if `model` is not a fine-tune name. */
function fineTuneBase(model: string): string | undefined {
  if (model.startsWith('ft:')) {
    const end = model.indexOf(':', 3);
    return end === -1 ? model.slice(3) : model.slice(3, end); // ft:<base>:<org>:<suffix>:<id>
  }
  // Legacy (2022) fine-tunes: `davinci:ft-org-2022-12-01-10-00-00`; only the four GPT-3 bases had them.
  const colon = model.indexOf(':');
  const base = model.slice(0, colon);
  if (colon > 0 && model.startsWith('ft-', colon + 1) && LEGACY_FINE_TUNE_BASES.includes(base)) return base;
  return undefined;
}

function lookup(model: string): EncodingName | undefined {
  if (Object.prototype.hasOwnProperty.call(MODEL_TO_ENCODING, model)) return MODEL_TO_ENCODING[model];
  return matchRule(model);
}

/** The encoding `model` uses; unknown models throw ERR_UNKNOWN_MODEL unless `options.fallback` is set. */
export function getEncodingNameForModel(model: string, options?: ModelLookupOptions): EncodingName {
  if (typeof model !== 'string') {
    throw new TokenmeterError('ERR_INVALID_ARGUMENT', `model must be a string, got ${model === null ? 'null' : typeof model}`);
  }
  const fallback = options?.fallback;
  if (fallback !== undefined && !ENCODING_NAMES.includes(fallback)) {
    throw new TokenmeterError(
      'ERR_UNKNOWN_ENCODING',
      `fallback ${JSON.stringify(fallback)} is not an encoding tokenmeter ships (${ENCODING_NAMES.join(', ')})`,
    );
  }

  const name = model.startsWith(PROVIDER_PREFIX) ? model.slice(PROVIDER_PREFIX.length) : model;
  const base = fineTuneBase(name);
  const found = base !== undefined ? lookup(base) : lookup(name);
  if (found !== undefined) return found;
  if (fallback !== undefined) return fallback;

  const shown = JSON.stringify(model);
  throw new TokenmeterError(
    'ERR_UNKNOWN_MODEL',
    `Unknown model ${shown}: tokenmeter cannot tell which encoding it uses. ` +
      `Pass a fallback, e.g. getEncodingNameForModel(${shown}, { fallback: 'o200k_base' }) or ` +
      `encodingForModel(${shown}, undefined, { fallback: 'o200k_base' }), or call getEncoding(name) directly.`,
  );
}
