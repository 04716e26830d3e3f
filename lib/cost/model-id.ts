// Model names as responses and users spell them -> the names a price row may be filed under.
// The same model arrives as 'gpt-4o-2024-08-06', 'openai/gpt-4o', 'models/gemini-2.5-pro',
// 'us.anthropic.claude-sonnet-4-5-20250929-v1:0', 'claude-sonnet-4-5@20250929' or (OpenRouter)
// 'anthropic/claude-sonnet-4.5'. Lookup misses are the most common complaint about LiteLLM's
// table, so we try a list of progressively less specific names, most specific first: a dated
// snapshot that has its own row (gpt-4o-2024-05-13 was priced differently) still finds it.

const PROVIDERS: Record<string, string> = {
  openai: 'openai',
  anthropic: 'anthropic',
  claude: 'anthropic',
  google: 'google',
  gemini: 'google',
  'google-ai-studio': 'google',
  googleai: 'google',
  'google-genai': 'google',
  models: 'google', // 'models/gemini-…' is the Gemini API's resource name
  vertex: 'vertex',
  vertex_ai: 'vertex',
  vertexai: 'vertex',
  'vertex-ai': 'vertex',
  'google-vertex': 'vertex',
  bedrock: 'bedrock',
  bedrock_converse: 'bedrock',
  'aws-bedrock': 'bedrock',
  'amazon-bedrock': 'bedrock',
  aws: 'bedrock',
  azure: 'azure',
  'azure-openai': 'azure',
  azure_ai: 'azure',
  xai: 'xai',
  'x-ai': 'xai',
  grok: 'xai',
  mistral: 'mistral',
  mistralai: 'mistral',
  deepseek: 'deepseek',
  openrouter: 'openrouter',
};

/** A provider or platform name in its canonical spelling ('gemini' -> 'google', 'x-ai' -> 'xai'). */
export function normalizeProvider(name: string): string {
  const key = name.trim().toLowerCase();
  return PROVIDERS[key] ?? key;
}

export function isKnownProviderName(name: string): boolean {
  return Object.prototype.hasOwnProperty.call(PROVIDERS, name.trim().toLowerCase());
}

// Bedrock ids: optional geo prefix (cross-region inference profile), vendor, model, version.
const BEDROCK = /^(?:(us|eu|apac|jp|au|ca|global|us-gov)\.)?(anthropic|meta|mistral|amazon|cohere|ai21|deepseek|openai|qwen|writer|moonshot|google)\.(.+)$/;

/** Snapshot and version suffixes, least specific last. Each rule applies only to the families that use it. */
function stripSnapshot(name: string): string {
  const rules: Array<[RegExp, string, (n: string) => boolean]> = [
    [/-\d{8}$/, '', () => true], // claude-sonnet-4-5-20250929
    [/-\d{4}-\d{2}-\d{2}$/, '', () => true], // gpt-4o-2024-08-06
    [/-preview-\d{2}-(?:\d{2}|\d{4})$/, '-preview', (n) => n.startsWith('gemini-')], // gemini-2.5-flash-preview-09-2025
    [/-\d{3}$/, '', (n) => n.startsWith('gemini-')], // gemini-2.0-flash-001
    [/-\d{4}$/, '', (n) => n.startsWith('grok-')], // grok-4-0709 (gpt-3.5-turbo-0613 was priced apart: not stripped)
    [/-latest$/, '', () => true], // claude-3-7-sonnet-latest, grok-4-latest
    [/-preview$/, '', () => true], // gpt-4-turbo-preview
  ];
  for (const [pattern, replacement, applies] of rules) {
    if (applies(name) && pattern.test(name)) return name.replace(pattern, replacement);
  }
  return name;
}

export interface ModelName {
  /** Names to look up, most specific first. */
  candidates: string[];
  /** A platform the name itself reveals ('openrouter/…', Bedrock ids), or null. */
  platform: string | null;
  /** A Bedrock geo prefix ('us.', 'eu.', 'global.'), or null. */
  region: string | null;
}

export function modelCandidates(raw: string): ModelName {
  const candidates: string[] = [];
  const push = (s: string): void => {
    if (s !== '' && !candidates.includes(s)) candidates.push(s);
  };
  let name = raw.trim().toLowerCase();
  let platform: string | null = null;
  let region: string | null = null;
  push(name);

  if (name.includes('/')) {
    const parts = name.split('/');
    if (isKnownProviderName(parts[0])) platform = normalizeProvider(parts[0]);
    name = parts[parts.length - 1];
    push(name);
  }
  if (/\[[^\]]*\]$/.test(name)) {
    name = name.replace(/\[[^\]]*\]$/, ''); // Claude Code's context-size tag: claude-opus-4-6[1m]
    push(name);
  }
  const at = name.indexOf('@'); // Vertex: claude-sonnet-4-5@20250929
  if (at > 0) {
    name = name.slice(0, at);
    push(name);
  }
  const bedrock = BEDROCK.exec(name);
  if (bedrock !== null) {
    region = bedrock[1] ?? null;
    platform ??= 'bedrock';
    name = bedrock[3].replace(/-v\d+(?::\d+)?$/, '').replace(/:\d+$/, '');
    push(name);
  }
  if (name.startsWith('claude-') && name.includes('.')) {
    name = name.replace(/\./g, '-'); // OpenRouter spells claude-sonnet-4.5
    push(name);
  }
  for (let next = stripSnapshot(name); next !== name; next = stripSnapshot(name)) {
    name = next;
    push(name);
  }
  return { candidates, platform, region };
}
