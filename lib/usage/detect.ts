// Who served an OpenAI-compatible payload. Many providers speak the Chat Completions dialect, and
// they differ in what they bill (DeepSeek's cache hits, xAI's separate reasoning count), so the
// result names the provider. Fields only one provider sends decide first; the model name is a
// weaker hint (a "vendor/model" name is a router's, never the vendor's own API).
import type { UsageProvider } from '../../types/usage';
import { Evidence } from './state';
import { isRecord, record, text, type Json } from './values';

const MISTRAL_MODEL = /^(mistral|magistral|codestral|devstral|pixtral|ministral|voxtral|open-mi[sx]tral)/i;
const OPENAI_MODEL = /^(gpt-|chatgpt-|o[1-9](-|$)|codex-|computer-use-|ft:(gpt|o[1-9])|text-davinci|davinci|babbage)/i;

export function detectCompatibleProvider(event: Json, usage: Json | undefined): [UsageProvider, Evidence] {
  if (isRecord(event.x_groq) || (usage !== undefined && ('queue_time' in usage || 'prompt_time' in usage))) {
    return ['groq', Evidence.Marker];
  }
  if (usage !== undefined && ('prompt_cache_hit_tokens' in usage || 'prompt_cache_miss_tokens' in usage)) {
    return ['deepseek', Evidence.Marker];
  }
  const id = text(event.id);
  if ((typeof event.provider === 'string' && id?.startsWith('gen-')) || (usage !== undefined && ('is_byok' in usage || 'cost_details' in usage))) {
    return ['openrouter', Evidence.Marker];
  }
  if (usage !== undefined && ('num_sources_used' in usage || 'cost_in_usd_ticks' in usage)) return ['xai', Evidence.Marker];
  const model = text(event.model);
  if (model !== null && !model.includes('/')) {
    if (/^grok/i.test(model)) return ['xai', Evidence.ModelName];
    if (/^deepseek/i.test(model)) return ['deepseek', Evidence.ModelName];
    if (MISTRAL_MODEL.test(model)) return ['mistral', Evidence.ModelName];
    if (OPENAI_MODEL.test(model)) return ['openai', Evidence.ModelName];
  }
  return ['openai-compatible', Evidence.Generic];
}

/** The usage object an OpenAI-compatible event carries, if any (Groq streams put it in x_groq). */
export function compatibleUsage(event: Json): Json | undefined {
  return record(event, 'usage') ?? record(record(event, 'x_groq'), 'usage');
}
