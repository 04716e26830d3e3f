// Google's Interactions API (interactions.create): snake_case usage totals. As in
// generateContent, total_input_tokens includes total_cached_tokens, tool-use tokens are input, and
// thought tokens sit beside total_output_tokens and are billed as output. Streams end with
// interaction.completed; with automatic continuation there is one per hop, all but the last with
// status requires_continuation, and the last one's usage is summed over the hops: that one is
// billed, and the first hop's input is the one a pre-request estimate should match.
import { Evidence, type UsageState } from '../state';
import { emptyReading, type NormalizeContext, type Reading } from '../reading';
import { normalizeServiceTier } from '../service-tier';
import { count, isRecord, record, text, type Json } from '../values';

export function applyGeminiInteractions(event: Json, state: UsageState): boolean {
  const eventType = text(event.event_type);
  if (eventType !== null) {
    if (eventType.startsWith('interaction.')) {
      const interaction = record(event, 'interaction');
      if (interaction !== undefined) takeInteraction(interaction, state);
      state.noteProvider('google', Evidence.Shape);
      return true;
    }
    if (eventType.startsWith('content.') || eventType.startsWith('step.')) {
      state.noteProvider('google', Evidence.Shape);
      return true;
    }
    return false;
  }
  const usage = record(event, 'usage');
  if (event.object === 'interaction' || (usage !== undefined && 'total_input_tokens' in usage)) {
    takeInteraction(event, state);
    state.noteProvider('google', Evidence.Shape);
    return true;
  }
  return false;
}

function takeInteraction(interaction: Json, state: UsageState): void {
  state.noteModel(interaction.model);
  state.noteServiceTier(interaction.service_tier);
  const usage = record(interaction, 'usage');
  if (usage === undefined) return;
  if (interaction.status === 'requires_continuation') state.noteFirstHop(usage);
  // Each completed interaction reports its whole usage so far: replace, never add.
  state.takeUsage('gemini-interactions', usage, 'replace');
}

export function normalizeGeminiInteractions(usage: Json, { state }: NormalizeContext): Reading {
  const reading = emptyReading();
  const input = count(usage.total_input_tokens);
  const toolUse = count(usage.total_tool_use_tokens);
  // total_thought_tokens in 2026 SDKs; total_reasoning_tokens in the first releases.
  const thoughts = count(usage.total_thought_tokens) ?? count(usage.total_reasoning_tokens);
  const output = count(usage.total_output_tokens);
  reading.input = input === null ? null : input + (toolUse ?? 0);
  reading.cacheRead = count(usage.total_cached_tokens);
  reading.output = output === null ? null : output + (thoughts ?? 0);
  reading.reasoning = thoughts;
  reading.initialInput = count(usage.initial_input_tokens) ?? state.firstHopInput;
  reading.webSearch = searchCount(usage.grounding_tool_count);
  reading.serviceTier = normalizeServiceTier(usage.service_tier ?? state.serviceTier);
  return reading;
}

/** Google Search grounding is billed per query: grounding_tool_count [{ type, count }]. */
function searchCount(value: unknown): number | null {
  if (!Array.isArray(value)) return null;
  let total: number | null = null;
  for (const entry of value) {
    if (!isRecord(entry) || !/search/i.test(String(entry.type)) || /file/i.test(String(entry.type))) continue;
    const n = count(entry.count);
    if (n !== null) total = (total ?? 0) + n;
  }
  return total;
}
