// Model -> encoding table. Needs no native addon: it imports only lib/model-table and lib/errors.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { EncodingName } from '../types';
import { TokenmeterError } from '../lib/errors';
import { ENCODING_NAMES, MODEL_PATTERN_RULES, MODEL_TO_ENCODING, getEncodingNameForModel } from '../lib/model-table';

/** Runs `fn`, which must throw; returns the error so its code and message can be checked. */
function thrown(fn: () => unknown): TokenmeterError {
  try {
    fn();
  } catch (error) {
    return error as TokenmeterError;
  }
  throw new Error('expected a throw, but the call returned');
}

describe('the model list of the tiktoken npm package (model_to_encoding.json)', () => {
  // The reference's own data file, read at test time: every model it knows must map the same way.
  const file = path.join(path.dirname(require.resolve('tiktoken')), 'model_to_encoding.json');
  const reference = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, string>;
  // tiktoken's `gpt2` encoding is r50k_base under another name (same ranks, pattern and special).
  const cases = Object.entries(reference).map(([model, encoding]) => [model, encoding === 'gpt2' ? 'r50k_base' : encoding]);

  it('has a useful number of models', () => {
    expect(cases.length).toBeGreaterThan(100);
  });

  it.each(cases)('%s -> %s', (model, encoding) => {
    expect(getEncodingNameForModel(model)).toBe(encoding);
  });
});

describe('families, dated snapshots and lookalikes', () => {
  it.each<[string, EncodingName]>([
    ['gpt-4o', 'o200k_base'],
    ['gpt-4o-2024-08-06', 'o200k_base'],
    ['gpt-4o-mini', 'o200k_base'], // gpt-4o- must beat gpt-4-... it does not even match gpt-4-
    ['gpt-4o-mini-2024-07-18', 'o200k_base'],
    ['gpt-4.1', 'o200k_base'],
    ['gpt-4.1-mini-2025-04-14', 'o200k_base'],
    ['gpt-4.1-nano', 'o200k_base'],
    ['gpt-4.5-preview-2025-02-27', 'o200k_base'],
    ['gpt-5', 'o200k_base'],
    ['gpt-5-mini', 'o200k_base'],
    ['gpt-5-nano-2025-08-07', 'o200k_base'],
    ['gpt-5-chat-latest', 'o200k_base'],
    ['gpt-5.1', 'o200k_base'],
    ['gpt-5.1-codex-mini', 'o200k_base'],
    ['chatgpt-4o-latest', 'o200k_base'],
    ['o1', 'o200k_base'],
    ['o1-mini', 'o200k_base'],
    ['o1-pro-2025-03-19', 'o200k_base'],
    ['o3', 'o200k_base'],
    ['o3-mini-2025-01-31', 'o200k_base'],
    ['o3-pro', 'o200k_base'],
    ['o4-mini', 'o200k_base'],
    ['o4-mini-2025-04-16', 'o200k_base'],
    ['o4-mini-deep-research', 'o200k_base'],
    ['gpt-oss-120b', 'o200k_harmony'],
    ['gpt-oss-20b', 'o200k_harmony'],
    ['gpt-4', 'cl100k_base'],
    ['gpt-4-0613', 'cl100k_base'],
    ['gpt-4-32k-0314', 'cl100k_base'],
    ['gpt-4-turbo-2024-04-09', 'cl100k_base'],
    ['gpt-3.5-turbo', 'cl100k_base'],
    ['gpt-3.5-turbo-16k-0613', 'cl100k_base'],
    ['gpt-3.5', 'cl100k_base'],
    ['gpt-35-turbo', 'cl100k_base'],
    ['gpt-35-turbo-16k', 'cl100k_base'],
    ['text-embedding-3-small', 'cl100k_base'],
    ['text-embedding-3-large', 'cl100k_base'],
    ['text-embedding-ada-002', 'cl100k_base'],
    ['davinci-002', 'cl100k_base'], // tiktoken's answer (js-tiktoken disagrees and is wrong)
    ['babbage-002', 'cl100k_base'],
    ['text-davinci-003', 'p50k_base'],
    ['text-davinci-002', 'p50k_base'],
    ['code-davinci-002', 'p50k_base'],
    ['code-cushman-001', 'p50k_base'],
    ['davinci-codex', 'p50k_base'],
    ['text-davinci-edit-001', 'p50k_edit'],
    ['code-davinci-edit-001', 'p50k_edit'],
    ['text-davinci-001', 'r50k_base'],
    ['text-curie-001', 'r50k_base'],
    ['davinci', 'r50k_base'],
    ['ada', 'r50k_base'],
    ['text-similarity-babbage-001', 'r50k_base'],
    ['text-search-ada-doc-001', 'r50k_base'],
    ['text-search-ada-query-001', 'r50k_base'],
    ['code-search-ada-code-001', 'r50k_base'],
    ['gpt2', 'r50k_base'],
  ])('%s -> %s', (model, encoding) => {
    expect(getEncodingNameForModel(model)).toBe(encoding);
  });

  // Names that share a prefix with a known family but are not in it. A prefix rule that fired on
  // these would silently pick a plausible but unverified encoding.
  it.each([
    'o10',
    'o1x',
    'o30-mini',
    'o4',
    'o4-maxi',
    'gpt-50',
    'gpt-5o',
    'gpt-4x',
    'gpt-4.2',
    'gpt-4oo',
    'gpt',
    'gpt-',
    'chatgpt',
    'GPT-4o', // case-sensitive, like tiktoken
    'Gpt-4',
    ' gpt-4o',
    'gpt-4o ',
    'text-embedding-3',
    'claude-3-opus',
    'llama-3-70b',
    '',
  ])('%j is unknown', (model) => {
    expect(thrown(() => getEncodingNameForModel(model)).code).toBe('ERR_UNKNOWN_MODEL');
  });
});

describe('provider prefix', () => {
  it.each<[string, EncodingName]>([
    ['openai/gpt-4o', 'o200k_base'],
    ['openai/gpt-4o-mini-2024-07-18', 'o200k_base'],
    ['openai/o3-mini', 'o200k_base'],
    ['openai/gpt-3.5-turbo', 'cl100k_base'],
    ['openai/gpt-oss-120b', 'o200k_harmony'],
    ['openai/ft:gpt-4o-2024-08-06:acme::abc123', 'o200k_base'],
  ])('%s -> %s', (model, encoding) => {
    expect(getEncodingNameForModel(model)).toBe(encoding);
  });

  it.each(['openai/', 'OpenAI/gpt-4o', 'azure/gpt-4o', 'openai/openai/gpt-4o', 'openai//gpt-4o'])('%j is unknown', (model) => {
    expect(thrown(() => getEncodingNameForModel(model)).code).toBe('ERR_UNKNOWN_MODEL');
  });
});

describe('fine-tuned models resolve through their base model', () => {
  it.each<[string, EncodingName]>([
    ['ft:gpt-4o-mini-2024-07-18:org::id', 'o200k_base'],
    ['ft:gpt-4o-2024-08-06:my-org:custom-suffix:9yGx1Abc', 'o200k_base'],
    ['ft:gpt-4.1-2025-04-14:org:name:id', 'o200k_base'],
    ['ft:gpt-4.1-nano-2025-04-14:org::id:ckpt-step-100', 'o200k_base'],
    ['ft:gpt-4-0613:org::id', 'cl100k_base'],
    ['ft:gpt-3.5-turbo-0613:org:custom:id', 'cl100k_base'],
    ['ft:gpt-3.5-turbo-1106:personal::8abc', 'cl100k_base'],
    ['ft:davinci-002:org::id', 'cl100k_base'],
    ['ft:babbage-002:org::id', 'cl100k_base'],
    ['ft:gpt-4o', 'o200k_base'], // no org part at all
    ['curie:ft-personal-2023-01-01-00-00-00', 'r50k_base'], // legacy fine-tune naming
    ['davinci:ft-acme:my-model-2022-12-01-10-00-00', 'r50k_base'],
  ])('%s -> %s', (model, encoding) => {
    expect(getEncodingNameForModel(model)).toBe(encoding);
  });

  it.each(['ft:unknown-model:org::id', 'ft:', 'ft::org', 'ft:GPT-4o:org::id', 'gpt-4o:ft-x', 'mystery:ft-org-2023'])(
    '%j is unknown',
    (model) => {
      const error = thrown(() => getEncodingNameForModel(model));
      expect(error.code).toBe('ERR_UNKNOWN_MODEL');
      expect(error.message).toContain(JSON.stringify(model)); // names the full model, not only its base
    },
  );

  it('does not treat a colon elsewhere as a fine-tune', () => {
    // Only `ft:` at the start or `:ft-` after the base marks a fine-tune.
    expect(thrown(() => getEncodingNameForModel('gpt-4o:latest')).code).toBe('ERR_UNKNOWN_MODEL');
  });
});

describe('unknown models', () => {
  it('throw a TokenmeterError with code ERR_UNKNOWN_MODEL naming the model and the fallback option', () => {
    const error = thrown(() => getEncodingNameForModel('my-private-model-7b'));
    expect(error).toBeInstanceOf(TokenmeterError); // same realm: lib/errors is loaded by this test
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('TokenmeterError');
    expect(error.code).toBe('ERR_UNKNOWN_MODEL');
    expect(error.message).toContain('"my-private-model-7b"');
    expect(error.message).toContain('fallback');
    expect(String(error)).toMatch(/^TokenmeterError: Unknown model/);
  });

  it('use the fallback when one is given', () => {
    expect(getEncodingNameForModel('my-private-model-7b', { fallback: 'cl100k_base' })).toBe('cl100k_base');
    expect(getEncodingNameForModel('o10', { fallback: 'o200k_harmony' })).toBe('o200k_harmony');
    expect(getEncodingNameForModel('ft:mystery:org::id', { fallback: 'p50k_base' })).toBe('p50k_base');
  });

  it('ignore the fallback for known models', () => {
    expect(getEncodingNameForModel('gpt-4', { fallback: 'o200k_base' })).toBe('cl100k_base');
    expect(getEncodingNameForModel('gpt-4o', { fallback: 'r50k_base' })).toBe('o200k_base');
  });

  it('treat an explicit undefined fallback as no fallback', () => {
    expect(thrown(() => getEncodingNameForModel('mystery', { fallback: undefined })).code).toBe('ERR_UNKNOWN_MODEL');
    expect(thrown(() => getEncodingNameForModel('mystery', {})).code).toBe('ERR_UNKNOWN_MODEL');
  });
});

describe('argument checking', () => {
  it('rejects a fallback that is not a shipped encoding, even for known models', () => {
    const bad = { fallback: 'gpt2' as EncodingName };
    expect(thrown(() => getEncodingNameForModel('mystery', bad)).code).toBe('ERR_UNKNOWN_ENCODING');
    expect(thrown(() => getEncodingNameForModel('gpt-4o', bad)).code).toBe('ERR_UNKNOWN_ENCODING');
  });

  it.each([undefined, null, 42, {}, ['gpt-4o']])('rejects model %p with ERR_INVALID_ARGUMENT', (model) => {
    expect(thrown(() => getEncodingNameForModel(model as unknown as string)).code).toBe('ERR_INVALID_ARGUMENT');
  });

  it('does not match inherited object keys', () => {
    for (const model of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) {
      expect(thrown(() => getEncodingNameForModel(model)).code).toBe('ERR_UNKNOWN_MODEL');
    }
  });
});

describe('the table itself', () => {
  it('lists the six shipped encodings', () => {
    expect([...ENCODING_NAMES].sort()).toEqual(['cl100k_base', 'o200k_base', 'o200k_harmony', 'p50k_base', 'p50k_edit', 'r50k_base']);
  });

  it('maps only to shipped encodings', () => {
    for (const encoding of [...Object.values(MODEL_TO_ENCODING), ...MODEL_PATTERN_RULES.map((r) => r.encoding)]) {
      expect(ENCODING_NAMES).toContain(encoding);
    }
  });

  it('is frozen', () => {
    expect(Object.isFrozen(MODEL_TO_ENCODING)).toBe(true);
    expect(Object.isFrozen(MODEL_PATTERN_RULES)).toBe(true);
    expect(MODEL_PATTERN_RULES.every((r) => Object.isFrozen(r))).toBe(true);
  });

  // A rule shadowed by a more specific one for every name it matches would be dead data.
  it.each(MODEL_PATTERN_RULES.map((r) => [`${r.prefix}*${r.suffix}`, r] as const))('rule %s is reachable', (_label, r) => {
    expect(getEncodingNameForModel(`${r.prefix}zz9${r.suffix}`)).toBe(r.encoding);
  });

  it('the most specific pattern wins', () => {
    expect(getEncodingNameForModel('text-curie-edit-001')).toBe('p50k_edit'); // -edit-001 beats -001
    expect(getEncodingNameForModel('code-davinci-edit-002')).toBe('p50k_base'); // not an edit-001 name
    expect(getEncodingNameForModel('text-embedding-3-small-001')).toBe('cl100k_base'); // long prefix beats text-*-001
  });
});
