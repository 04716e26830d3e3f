// Turns what a response's events left in the state into the public result.
import type { UsageResult } from '../../types/usage';
import type { ResolvedOptions } from './options';
import { emptyReading, toResult, type NormalizeContext, type Reading } from './reading';
import { normalizeAnthropic } from './shapes/anthropic';
import { normalizeBedrock, normalizeInvocationMetrics } from './shapes/bedrock';
import { normalizeGemini } from './shapes/gemini';
import { normalizeGeminiInteractions } from './shapes/gemini-interactions';
import { normalizeOllama } from './shapes/ollama';
import { normalizeOpenAIChat } from './shapes/openai-chat';
import { normalizeOpenAIResponses } from './shapes/openai-responses';
import type { ShapeKind, UsageState } from './state';
import type { Json } from './values';

const NORMALIZERS: Record<ShapeKind, (usage: Json, context: NormalizeContext) => Reading> = {
  'openai-chat': normalizeOpenAIChat,
  'openai-responses': normalizeOpenAIResponses,
  anthropic: normalizeAnthropic,
  gemini: normalizeGemini,
  'gemini-interactions': normalizeGeminiInteractions,
  bedrock: normalizeBedrock,
  ollama: normalizeOllama,
};

export function finalize(state: UsageState, options: ResolvedOptions): UsageResult {
  // The served model is the billed one (a fallback model, a router's choice); the requested one
  // only fills in when the payload names none (Bedrock Converse).
  const model = state.model ?? options.model;
  const provider = options.provider ?? state.provider;
  const context: NormalizeContext = { state, provider, model };
  let reading = state.kind === null ? emptyReading() : NORMALIZERS[state.kind](state.usage, context);
  if (reading.input === null && state.invocationMetrics !== null) {
    reading = { ...normalizeInvocationMetrics(state.invocationMetrics), serviceTier: reading.serviceTier };
  }
  return toResult(reading, model, provider);
}
