// OpenAI Responses API (also served by xAI, Azure, OpenRouter and Bedrock's openai/v1 route).
// input_tokens is inclusive of cached reads and writes, like Chat Completions. A stream has no
// [DONE]: response.created carries usage: null, and the terminal response.completed /
// .incomplete / .failed event carries the final response with its usage.
import { Evidence, type UsageState } from '../state';
import { emptyReading, ttlMap, type NormalizeContext, type Reading } from '../reading';
import { normalizeServiceTier } from '../service-tier';
import { count, isRecord, record, text, type Json } from '../values';
import { additiveReasoning, reportedCost } from './openai-common';

export function applyOpenAIResponses(event: Json, state: UsageState): boolean {
  const type = text(event.type);
  let response: Json | undefined;
  if (type !== null && type.startsWith('response.')) {
    response = record(event, 'response');
    if (response === undefined) return true; // output_text.delta and friends: nothing to read
  } else if (event.object === 'response') {
    response = event;
  } else {
    return false;
  }
  state.noteModel(response.model);
  state.noteServiceTier(response.service_tier);
  const model = text(response.model);
  if (model !== null && /^grok/i.test(model)) state.noteProvider('xai', Evidence.ModelName);
  else if (model !== null && !model.includes('/') && /^(gpt-|o[1-9]|codex-|computer-use-)/i.test(model)) state.noteProvider('openai', Evidence.ModelName);
  else state.noteProvider('openai-compatible', Evidence.Generic);
  const usage = record(response, 'usage');
  if (usage !== undefined) state.takeUsage('openai-responses', usage, 'merge');
  return true;
}

export function normalizeOpenAIResponses(usage: Json, { state, provider }: NormalizeContext): Reading {
  const reading = emptyReading();
  const inputDetails = record(usage, 'input_tokens_details');
  const outputDetails = record(usage, 'output_tokens_details');
  reading.input = count(usage.input_tokens);
  reading.cacheRead = count(inputDetails?.cached_tokens);
  reading.cacheWrite = count(inputDetails?.cache_write_tokens);
  // The TTL split (openai-node 7.50+) sits beside the write count; accept it at either level.
  const ttl = record(inputDetails, 'cache_write_tokens_details') ?? record(usage, 'cache_write_tokens_details');
  if (ttl !== undefined) {
    reading.writeByTtl = ttlMap([
      ['30m', count(ttl.ttl_30m_tokens)],
      ['12h', count(ttl.ttl_12h_tokens)],
    ]);
  }
  reading.reasoning = count(outputDetails?.reasoning_tokens);
  reading.output = additiveReasoning(count(usage.output_tokens), reading.reasoning, reading.input, count(usage.total_tokens), provider);
  reading.cost = reportedCost(usage);
  reading.serviceTier = normalizeServiceTier(state.serviceTier);
  return reading;
}

/** A bare { input_tokens, output_tokens } usage names no dialect; these fields say Responses. */
export function looksLikeResponsesUsage(usage: Json): boolean {
  return isRecord(usage.input_tokens_details) || isRecord(usage.output_tokens_details) || 'total_tokens' in usage;
}
