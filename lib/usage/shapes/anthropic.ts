// Anthropic Messages (also Claude on Vertex, and Bedrock's InvokeModel, which wraps the same
// events). Input is ADDITIVE: input_tokens excludes cache reads and writes, so the total billed
// input is input_tokens + cache_read_input_tokens + cache_creation_input_tokens. Cache writes are
// split by TTL in cache_creation (5-minute and 1-hour writes are priced differently).
// Streams: message_start carries the input side and a placeholder output count; every
// message_delta carries CUMULATIVE counts (server tools can emit several), so the latest wins.
import { Evidence, type UsageState } from '../state';
import { emptyReading, ttlMap, type Reading } from '../reading';
import { normalizeServiceTier } from '../service-tier';
import { count, record, sumKnown, text, type Json } from '../values';

const STREAM_EVENTS = new Set(['message_stop', 'content_block_start', 'content_block_delta', 'content_block_stop', 'ping']);

export function applyAnthropic(event: Json, state: UsageState): boolean {
  const type = event.type;
  if (type === 'message_start') {
    const message = record(event, 'message');
    state.noteModel(message?.model);
    state.noteProvider('anthropic', Evidence.Shape);
    const usage = record(message, 'usage');
    if (usage !== undefined) {
      state.takeUsage('anthropic', usage, 'replace');
      state.provisionalOutput = true;
    }
    return true;
  }
  if (type === 'message_delta') {
    state.noteProvider('anthropic', Evidence.Shape);
    const usage = record(event, 'usage');
    if (usage !== undefined) {
      state.takeUsage('anthropic', usage, 'merge');
      if (count(usage.output_tokens) !== null) state.provisionalOutput = false;
    }
    return true;
  }
  const usage = record(event, 'usage');
  if (type === 'message' || (usage !== undefined && isAnthropicUsage(usage))) {
    state.noteModel(event.model);
    state.noteProvider('anthropic', Evidence.Shape);
    if (usage !== undefined) {
      state.takeUsage('anthropic', usage, 'replace');
      state.provisionalOutput = false;
    }
    return true;
  }
  if (typeof type === 'string' && STREAM_EVENTS.has(type)) {
    state.noteProvider('anthropic', Evidence.Shape);
    return true;
  }
  return false;
}

/** Fields only Anthropic's usage object has. */
export function isAnthropicUsage(usage: Json): boolean {
  return (
    'cache_creation_input_tokens' in usage ||
    'cache_read_input_tokens' in usage ||
    'cache_creation' in usage ||
    'server_tool_use' in usage
  );
}

export function normalizeAnthropic(usage: Json, { state }: { state: UsageState }): Reading {
  const reading = emptyReading();
  const uncached = count(usage.input_tokens);
  const creation = record(usage, 'cache_creation');
  const write5m = count(creation?.ephemeral_5m_input_tokens);
  const write1h = count(creation?.ephemeral_1h_input_tokens);
  reading.cacheRead = count(usage.cache_read_input_tokens);
  reading.cacheWrite = count(usage.cache_creation_input_tokens) ?? sumKnown(write5m, write1h);
  reading.input = uncached === null ? null : uncached + (reading.cacheRead ?? 0) + (reading.cacheWrite ?? 0);
  reading.uncached = uncached;
  if (creation !== undefined) {
    reading.writeByTtl = ttlMap([
      ['5m', write5m],
      ['1h', write1h],
    ]);
  }
  // Until a message_delta arrives, output_tokens is message_start's placeholder (1 or 2), not a
  // count: a stream cut there has an unknown output, not a tiny one.
  reading.output = state.provisionalOutput ? null : count(usage.output_tokens);
  reading.reasoning = count(record(usage, 'output_tokens_details')?.thinking_tokens);
  reading.webSearch = count(record(usage, 'server_tool_use')?.web_search_requests);
  reading.serviceTier = normalizeServiceTier(usage.service_tier);
  reading.region = text(usage.inference_geo);
  reading.speed = text(usage.speed);
  return reading;
}
