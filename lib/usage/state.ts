// What has been learned from the events of one response so far. Usage is kept as the provider's
// own fields, merged event by event (the latest value of each field wins), and normalized only at
// the end: streamed usage is cumulative or repeated, never a delta, so adding events up would
// count tokens twice.
import type { UsageProvider } from '../../types/usage';
import { count, snapshot, text, type Json } from './values';

/** The usage dialects tokenmeter reads; each has its own normalizer in shapes/. */
export type ShapeKind =
  | 'openai-chat'
  | 'openai-responses'
  | 'anthropic'
  | 'gemini'
  | 'gemini-interactions'
  | 'bedrock'
  | 'ollama';

/** How sure a provider guess is; a stronger guess replaces a weaker one, never the reverse. */
export const Evidence = {
  /** Any OpenAI-compatible server could have sent this. */
  Generic: 0,
  /** Guessed from the model name. */
  ModelName: 1,
  /** A shape only this provider uses. */
  Shape: 2,
  /** A field only this provider sends (x_groq, prompt_cache_hit_tokens...). */
  Marker: 3,
  /** The transport itself (AWS event-stream frames). */
  Transport: 4,
} as const;
export type Evidence = (typeof Evidence)[keyof typeof Evidence];

export class UsageState {
  kind: ShapeKind | null = null;
  usage: Json = {};
  /** Anthropic's message_start carries a placeholder output count until message_delta. */
  provisionalOutput = false;
  /** Bedrock InvokeModel's invocation metrics: used only when the model's own events carry no usage. */
  invocationMetrics: Json | null = null;
  model: string | null = null;
  /** A service tier reported outside the usage object (OpenAI's top-level service_tier...). */
  serviceTier: string | null = null;
  /** Gemini Interactions: the first continuation hop's input, when hops were seen. */
  firstHopInput: number | null = null;
  provider: UsageProvider | null = null;
  private evidence = -1;

  /**
   * Takes one usage report of `kind`. 'replace' starts over (a new message), 'merge' lets the
   * fields present win (cumulative or repeated reports). A stream speaks one dialect: a report of
   * another kind after the first is noise and is ignored.
   */
  takeUsage(kind: ShapeKind, usage: Json, mode: 'merge' | 'replace'): void {
    if (this.kind !== null && this.kind !== kind) return;
    this.kind = kind;
    if (mode === 'replace') this.usage = {};
    for (const key of Object.keys(usage)) {
      const value = snapshot(usage[key]);
      if (value === undefined || value === null) continue;
      // A malformed count ("lots", -3) reads as not reported, so it must not erase a good one.
      if (typeof this.usage[key] === 'number' && count(value) === null) continue;
      this.usage[key] = value;
    }
  }

  noteModel(value: unknown): void {
    const model = text(value);
    if (model !== null) this.model = model;
  }

  noteServiceTier(value: unknown): void {
    const tier = text(value);
    if (tier !== null) this.serviceTier = tier;
  }

  noteProvider(provider: UsageProvider, evidence: Evidence): void {
    if (evidence > this.evidence) {
      this.provider = provider;
      this.evidence = evidence;
    }
  }

  noteFirstHop(usage: Json): void {
    if (this.firstHopInput === null) this.firstHopInput = count(usage.total_input_tokens);
  }

  clone(): UsageState {
    const copy = Object.assign(new UsageState(), this) as UsageState;
    copy.usage = { ...this.usage };
    return copy;
  }
}
