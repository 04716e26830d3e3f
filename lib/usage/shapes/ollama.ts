// Ollama's native API (/api/chat, /api/generate): NDJSON when streaming, counts on the done:true
// object. prompt_eval_count is absent (or partial) when the prompt came from the KV cache, so a
// missing one means "unknown", never 0 (ollama#2068, #3427).
import { Evidence, type UsageState } from '../state';
import { emptyReading, type Reading } from '../reading';
import { count, type Json } from '../values';

export function applyOllama(event: Json, state: UsageState): boolean {
  const counted = 'prompt_eval_count' in event || 'eval_count' in event;
  const shaped = typeof event.done === 'boolean' && typeof event.model === 'string' && 'created_at' in event;
  if (!counted && !shaped) return false;
  state.noteModel(event.model);
  state.noteProvider('ollama', Evidence.Shape);
  if (event.done === true || counted) {
    // The final object is the whole report: a count it lacks is not carried over from elsewhere.
    state.takeUsage('ollama', { prompt_eval_count: event.prompt_eval_count, eval_count: event.eval_count }, 'replace');
  }
  return true;
}

export function normalizeOllama(usage: Json): Reading {
  const reading = emptyReading();
  reading.input = count(usage.prompt_eval_count);
  reading.output = count(usage.eval_count);
  return reading;
}
