// Routes one parsed event (a body, a stream chunk, an SDK stream item) to the shape that reads it.
// The order matters only where shapes share field names: provider-specific shapes are tried
// before the OpenAI-compatible one, which is the most permissive.
import { applyAnthropic, isAnthropicUsage } from './shapes/anthropic';
import { applyBedrock, applyInvocationMetrics } from './shapes/bedrock';
import { applyGemini } from './shapes/gemini';
import { applyGeminiInteractions } from './shapes/gemini-interactions';
import { applyOllama } from './shapes/ollama';
import { applyOpenAIChat } from './shapes/openai-chat';
import { applyOpenAIResponses, looksLikeResponsesUsage } from './shapes/openai-responses';
import { Evidence, type UsageState } from './state';
import { isRecord, record, type Json } from './values';
import type { UsageProvider } from '../../types/usage';

const SHAPES: Array<(event: Json, state: UsageState) => boolean> = [
  applyBedrock,
  applyAnthropic,
  applyOpenAIResponses,
  applyGeminiInteractions,
  applyGemini,
  applyOllama,
  applyOpenAIChat,
];

/** Applies a parsed JSON value: an object is one event, an array a list of them (Gemini's array stream). */
export function applyDocument(value: unknown, state: UsageState, hint: UsageProvider | null): void {
  if (Array.isArray(value)) {
    for (const item of value) if (isRecord(item)) applyEvent(item, state, hint);
  } else if (isRecord(value)) {
    applyEvent(value, state, hint);
  }
}

export function applyEvent(event: Json, state: UsageState, hint: UsageProvider | null): void {
  applyInvocationMetrics(event, state);
  for (const shape of SHAPES) if (shape(event, state)) return;
  applyBareUsage(event, state, hint);
}

/**
 * A body reduced to { usage: { input_tokens, output_tokens } } (a proxy's or a log's) names no
 * dialect. Anthropic's and Responses' counts agree when nothing was cached, so the choice only
 * matters with cache fields, which do name it; otherwise the provider hint decides.
 */
function applyBareUsage(event: Json, state: UsageState, hint: UsageProvider | null): void {
  const usage = record(event, 'usage');
  if (usage === undefined || !('input_tokens' in usage || 'output_tokens' in usage)) return;
  state.noteModel(event.model);
  const anthropic = isAnthropicUsage(usage) || (!looksLikeResponsesUsage(usage) && (hint === 'anthropic' || hint === 'bedrock'));
  if (anthropic) {
    state.noteProvider('anthropic', Evidence.Generic);
    state.takeUsage('anthropic', usage, 'merge');
  } else {
    state.noteProvider('openai-compatible', Evidence.Generic);
    state.takeUsage('openai-responses', usage, 'merge');
  }
}
