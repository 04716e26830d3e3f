// Pricing a request before it is sent: its input tokens (counted, or given) and an output
// assumption. The same rate plan as calculateCost, so a long prompt crosses the same thresholds.
import type { RequestBody } from '../../types';
import type { CostEstimate, EstimateFromTokensOptions, EstimateRequestOptions, NormalizedUsage } from '../../types/cost';
import type * as Chat from '../chat';
import { TokenmeterError } from '../errors';
import { calculateCost } from './calculate';

function tokenCount(v: unknown, what: string): number | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) {
    throw new TokenmeterError('ERR_INVALID_ARGUMENT', `${what} must be a non-negative integer`);
  }
  return v;
}

export function estimateCostFromTokens(inputTokens: number, options?: EstimateFromTokensOptions): CostEstimate | null {
  const input = tokenCount(inputTokens, 'inputTokens');
  if (input === undefined) throw new TokenmeterError('ERR_INVALID_ARGUMENT', 'inputTokens must be a non-negative integer');
  const { expectedOutputTokens, maxOutputTokens, cacheReadTokens, exact, ...costOptions } = options ?? {};
  const expected = tokenCount(expectedOutputTokens, 'expectedOutputTokens');
  const max = tokenCount(maxOutputTokens, 'maxOutputTokens');
  const cached = tokenCount(cacheReadTokens, 'cacheReadTokens');
  if (cached !== undefined && cached > input) throw new TokenmeterError('ERR_INVALID_ARGUMENT', 'cacheReadTokens cannot exceed inputTokens');

  const output = expected ?? max ?? 0;
  const usage: NormalizedUsage = { inputTokens: input, cacheReadTokens: cached ?? null, outputTokens: output };
  const cost = calculateCost(usage, costOptions);
  if (cost === null) return null;
  const estimate: CostEstimate = { ...cost, inputTokens: input, outputTokens: output, exact: exact ?? true };
  if (max !== undefined) {
    estimate.maxTotal = max === output ? cost.total : (calculateCost({ ...usage, outputTokens: max }, costOptions) as CostEstimate).total;
  }
  return estimate;
}

/** The parsed body, for reading `model` and an output cap; null when it is not JSON. */
function bodyObject(request: RequestBody): Record<string, unknown> | null {
  if (typeof request === 'object' && !(request instanceof Uint8Array)) return request as Record<string, unknown>;
  try {
    const text = typeof request === 'string' ? request : new TextDecoder().decode(request);
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : null;
  } catch {
    return null; // the counter reports malformed bodies itself
  }
}

/** The request's own output cap: OpenAI Chat, Responses, Anthropic, Gemini spellings. */
function outputCap(body: Record<string, unknown> | null): number | undefined {
  if (body === null) return undefined;
  const config = body.generationConfig as Record<string, unknown> | undefined;
  for (const v of [body.max_completion_tokens, body.max_output_tokens, body.max_tokens, config?.maxOutputTokens]) {
    if (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0) return v;
  }
  return undefined;
}

/** countRequest, loaded on first use: pricing alone must not need the native addon. */
function defaultCounter(request: RequestBody, options: { model?: string }): { inputTokens: number; exact: boolean } {
  const chat = require('../chat') as typeof Chat; // eslint-disable-line @typescript-eslint/no-require-imports
  return chat.countRequest(request, options);
}

export function estimateCost(request: RequestBody, options?: EstimateRequestOptions): CostEstimate | null {
  const { counter, ...rest } = options ?? {};
  if (counter !== undefined && typeof counter !== 'function') throw new TokenmeterError('ERR_INVALID_ARGUMENT', 'options.counter must be a function');
  const body = bodyObject(request);
  const model = rest.model ?? (typeof body?.model === 'string' ? body.model : undefined);
  const counted = (counter ?? defaultCounter)(request, model === undefined ? {} : { model });
  return estimateCostFromTokens(counted.inputTokens, {
    ...rest,
    model,
    maxOutputTokens: rest.maxOutputTokens ?? outputCap(body),
    exact: counted.exact,
  });
}
