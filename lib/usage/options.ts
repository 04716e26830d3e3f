// Checks and resolves the options every usage entry point takes.
import type { UsageOptions, UsageProvider } from '../../types/usage';
import { TokenmeterError } from '../errors';
import { isRecord } from './values';

export interface ResolvedOptions {
  provider: UsageProvider | null;
  model: string | null;
}

const PROVIDERS: readonly UsageProvider[] = [
  'openai',
  'anthropic',
  'google',
  'bedrock',
  'ollama',
  'openrouter',
  'groq',
  'mistral',
  'deepseek',
  'xai',
  'openai-compatible',
];

/** Names people commonly use for the same providers. */
const ALIASES: Record<string, UsageProvider> = {
  gemini: 'google',
  vertex: 'google',
  'vertex-ai': 'google',
  'google-vertex': 'google',
  aws: 'bedrock',
  'aws-bedrock': 'bedrock',
  'amazon-bedrock': 'bedrock',
  'x-ai': 'xai',
  grok: 'xai',
  azure: 'openai',
  'azure-openai': 'openai',
  claude: 'anthropic',
};

export function resolveOptions(options: unknown, caller: string): ResolvedOptions {
  if (options === undefined || options === null) return { provider: null, model: null };
  if (!isRecord(options)) {
    throw new TokenmeterError('ERR_INVALID_ARGUMENT', `${caller}: options must be an object such as { provider: 'openai' }`);
  }
  const { provider, model } = options as UsageOptions;
  return { provider: resolveProvider(provider, caller), model: resolveModel(model, caller) };
}

function resolveProvider(value: unknown, caller: string): UsageProvider | null {
  if (value === undefined || value === null) return null;
  if (typeof value === 'string') {
    const name = value.trim().toLowerCase();
    if ((PROVIDERS as readonly string[]).includes(name)) return name as UsageProvider;
    if (ALIASES[name] !== undefined) return ALIASES[name];
  }
  throw new TokenmeterError(
    'ERR_INVALID_ARGUMENT',
    `${caller}: options.provider must be one of ${PROVIDERS.map((p) => `'${p}'`).join(', ')} (got ${describe(value)})`,
  );
}

function resolveModel(value: unknown, caller: string): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') {
    throw new TokenmeterError('ERR_INVALID_ARGUMENT', `${caller}: options.model must be a string (got ${describe(value)})`);
  }
  return value.length > 0 ? value : null;
}

export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  return typeof value;
}
