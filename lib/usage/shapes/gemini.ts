// Google Gemini generateContent / streamGenerateContent (AI Studio and Vertex AI share the
// shape). promptTokenCount is inclusive of cachedContentTokenCount. The SDK defines
// totalTokenCount as four disjoint buckets: prompt + candidates + toolUsePrompt + thoughts, so
// tool-use prompt tokens (what a built-in tool fed back) are input, and thoughts are output
// billed at the output rate (Gemini pricing: "output price (including thinking tokens)").
// Streams repeat usageMetadata with running totals (the first may be partial); the latest wins.
import { Evidence, type UsageState } from '../state';
import { emptyReading, type Reading } from '../reading';
import { normalizeServiceTier } from '../service-tier';
import { count, record, type Json } from '../values';

export function applyGemini(event: Json, state: UsageState): boolean {
  const metadata = record(event, 'usageMetadata');
  if (metadata === undefined && !Array.isArray(event.candidates) && !('modelVersion' in event) && !('promptFeedback' in event)) {
    return false;
  }
  state.noteModel(event.modelVersion);
  state.noteProvider('google', Evidence.Shape);
  if (metadata !== undefined) state.takeUsage('gemini', metadata, 'merge');
  return true;
}

export function normalizeGemini(usage: Json): Reading {
  const reading = emptyReading();
  const prompt = count(usage.promptTokenCount);
  const toolUse = count(usage.toolUsePromptTokenCount);
  const thoughts = count(usage.thoughtsTokenCount);
  const total = count(usage.totalTokenCount);
  let candidates = count(usage.candidatesTokenCount);
  // The API leaves zero counts out (proto3 defaults); the total still accounts for them.
  if (candidates === null && total !== null && prompt !== null) {
    candidates = Math.max(0, total - prompt - (toolUse ?? 0) - (thoughts ?? 0));
  }
  reading.input = prompt === null ? null : prompt + (toolUse ?? 0);
  reading.cacheRead = count(usage.cachedContentTokenCount);
  // Gemini has no cache-write count: explicit caches bill storage per token-hour instead.
  reading.output = candidates === null ? null : candidates + (thoughts ?? 0);
  reading.reasoning = thoughts;
  reading.initialInput = count(usage.initialPromptTokenCount);
  reading.serviceTier = normalizeServiceTier(usage.trafficType);
  return reading;
}
