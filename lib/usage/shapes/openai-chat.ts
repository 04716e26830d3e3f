// OpenAI Chat Completions and every server that copies it (OpenRouter, Groq, Mistral, DeepSeek,
// xAI, vLLM, Ollama's /v1...). prompt_tokens is inclusive: cached reads and (GPT-5.6+) cache
// writes are inside it. Streams carry usage once, in an extra final chunk, and only when the
// request set stream_options.include_usage (Mistral and OpenRouter always send it; Groq also puts
// it in x_groq.usage; xAI in the second-to-last chunk): the latest report wins.
import { compatibleUsage, detectCompatibleProvider } from '../detect';
import { emptyReading, ttlMap, type NormalizeContext, type Reading } from '../reading';
import { normalizeServiceTier } from '../service-tier';
import type { UsageState } from '../state';
import { count, isRecord, record, type Json } from '../values';
import { additiveReasoning, reportedCost } from './openai-common';

export function applyOpenAIChat(event: Json, state: UsageState): boolean {
  const usage = compatibleUsage(event);
  const isChat =
    event.object === 'chat.completion' ||
    event.object === 'chat.completion.chunk' ||
    Array.isArray(event.choices) ||
    isRecord(event.x_groq) ||
    (usage !== undefined && ('prompt_tokens' in usage || 'completion_tokens' in usage));
  if (!isChat) return false;
  state.noteModel(event.model);
  state.noteServiceTier(event.service_tier);
  const [provider, evidence] = detectCompatibleProvider(event, usage);
  state.noteProvider(provider, evidence);
  if (usage !== undefined) {
    // xAI reports its cost in ticks beside the usage on some endpoints; keep it with the usage.
    const extra = typeof event.cost_in_usd_ticks === 'number' ? { cost_in_usd_ticks: event.cost_in_usd_ticks } : {};
    state.takeUsage('openai-chat', { ...usage, ...extra }, 'merge');
  }
  return true;
}

export function normalizeOpenAIChat(usage: Json, { state, provider }: NormalizeContext): Reading {
  const reading = emptyReading();
  const promptDetails = record(usage, 'prompt_tokens_details') ?? record(usage, 'prompt_token_details');
  const completionDetails = record(usage, 'completion_tokens_details');
  // DeepSeek reports cache hits at the top level (prompt_tokens = hit + miss); a miss is an
  // ordinary uncached token, not a cache write. Mistral's schema also knows num_cached_tokens.
  const hit = count(usage.prompt_cache_hit_tokens);
  const miss = count(usage.prompt_cache_miss_tokens);
  reading.input = count(usage.prompt_tokens) ?? (hit !== null && miss !== null ? hit + miss : null);
  reading.cacheRead = hit ?? count(promptDetails?.cached_tokens) ?? count(usage.num_cached_tokens);
  reading.cacheWrite = count(promptDetails?.cache_write_tokens);
  const ttl = record(promptDetails, 'cache_write_tokens_details');
  if (ttl !== undefined) {
    reading.writeByTtl = ttlMap([
      ['30m', count(ttl.ttl_30m_tokens)],
      ['12h', count(ttl.ttl_12h_tokens)],
    ]);
  }
  reading.reasoning = count(completionDetails?.reasoning_tokens) ?? count(usage.reasoning_tokens);
  reading.output = additiveReasoning(count(usage.completion_tokens), reading.reasoning, reading.input, count(usage.total_tokens), provider);
  reading.cost = reportedCost(usage);
  reading.serviceTier = normalizeServiceTier(usage.service_tier ?? state.serviceTier);
  return reading;
}
