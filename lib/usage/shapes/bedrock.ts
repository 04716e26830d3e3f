// AWS Bedrock Converse and ConverseStream. Per the AWS contract, input is ADDITIVE like
// Anthropic's: inputTokens counts only what was neither read from nor written to the cache, and
// total input = inputTokens + cacheReadInputTokens + cacheWriteInputTokens. cacheDetails splits
// the writes by TTL. A stream reports usage once, in the metadata event after messageStop.
//
// Exception, per model family: OpenAI- and xAI-family models on Bedrock have reported an
// inputTokens that already contains the cached tokens (opencode#47296, bifrost#6942 measured
// inputTokens 4995 = 2 fresh + 4993 written), and AWS has fixed that for some models only
// (pi#8752). So for those families, an inputTokens at least as large as the cache counts is read
// as inclusive; a smaller one can only be the documented remainder.
import { Evidence, type UsageState } from '../state';
import { emptyReading, ttlMap, type NormalizeContext, type Reading } from '../reading';
import { normalizeServiceTier } from '../service-tier';
import { count, isRecord, record, text, type Json } from '../values';

const STREAM_MEMBERS = [
  'messageStart',
  'contentBlockStart',
  'contentBlockDelta',
  'contentBlockStop',
  'messageStop',
  'internalServerException',
  'modelStreamErrorException',
  'validationException',
  'throttlingException',
  'serviceUnavailableException',
];

const INCLUSIVE_FAMILY = /(^|[.:/])(openai|xai)\./i;

export function applyBedrock(event: Json, state: UsageState): boolean {
  const metadata = record(event, 'metadata');
  if (metadata !== undefined && (isRecord(metadata.usage) || isRecord(metadata.metrics))) {
    state.noteProvider('bedrock', Evidence.Shape);
    state.noteServiceTier(record(metadata, 'serviceTier')?.type);
    const usage = record(metadata, 'usage');
    if (usage !== undefined) state.takeUsage('bedrock', usage, 'replace');
    return true;
  }
  const usage = record(event, 'usage');
  if (usage !== undefined && (count(usage.inputTokens) !== null || count(usage.outputTokens) !== null)) {
    // Converse (non-streaming): { output, stopReason, usage, metrics, serviceTier? }.
    state.noteProvider('bedrock', Evidence.Shape);
    state.noteServiceTier(record(event, 'serviceTier')?.type);
    state.takeUsage('bedrock', usage, 'replace');
    return true;
  }
  if (STREAM_MEMBERS.some((member) => isRecord(event[member]))) {
    state.noteProvider('bedrock', Evidence.Shape);
    return true;
  }
  return false;
}

/**
 * InvokeModelWithResponseStream adds "amazon-bedrock-invocationMetrics" to the model's last event
 * (Anthropic's message_stop, a Llama chunk...). Kept as a fallback for models whose own events
 * carry no usage.
 */
export function applyInvocationMetrics(event: Json, state: UsageState): void {
  const metrics = record(event, 'amazon-bedrock-invocationMetrics');
  if (metrics === undefined) return;
  state.invocationMetrics = { ...metrics };
  state.noteProvider('bedrock', Evidence.Marker);
}

export function normalizeBedrock(usage: Json, { state, model }: NormalizeContext): Reading {
  const reading = emptyReading();
  const reported = count(usage.inputTokens);
  const read = count(usage.cacheReadInputTokens);
  const write = count(usage.cacheWriteInputTokens);
  const cached = (read ?? 0) + (write ?? 0);
  const inclusive = model !== null && INCLUSIVE_FAMILY.test(model) && reported !== null && cached > 0 && reported >= cached;
  reading.cacheRead = read;
  reading.cacheWrite = write;
  reading.input = reported === null ? null : inclusive ? reported : reported + cached;
  reading.uncached = reported === null ? null : inclusive ? reported - cached : reported;
  if (Array.isArray(usage.cacheDetails)) {
    reading.writeByTtl = ttlMap(
      usage.cacheDetails.filter(isRecord).map((detail): [string, number | null] => [text(detail.ttl) ?? 'unknown', count(detail.inputTokens)]),
    );
  }
  reading.output = count(usage.outputTokens);
  reading.serviceTier = normalizeServiceTier(state.serviceTier);
  return reading;
}

/** The invocation metrics' counts, additive like Converse's. */
export function normalizeInvocationMetrics(metrics: Json): Reading {
  const reading = emptyReading();
  const reported = count(metrics.inputTokenCount);
  reading.cacheRead = count(metrics.cacheReadInputTokenCount);
  reading.cacheWrite = count(metrics.cacheWriteInputTokenCount);
  reading.input = reported === null ? null : reported + (reading.cacheRead ?? 0) + (reading.cacheWrite ?? 0);
  reading.uncached = reported;
  reading.output = count(metrics.outputTokenCount);
  return reading;
}
