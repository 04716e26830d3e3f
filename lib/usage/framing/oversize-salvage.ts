// Salvage for a JSON object too big to keep (a non-streaming body piped through the stream form
// with megabytes of content, a Gemini chunk carrying an inline image). Such an object is not
// buffered; instead its text is streamed through this extractor, which keeps only the top-level
// scalars (model, type, object, done, prompt_eval_count...) and the few top-level objects that
// carry usage. Providers put usage beside the content, never inside it, so that is enough to read
// the usage of an object of any size in bounded memory.
import { MAX_EVENT_CHARS } from '../limits';
import { parseJson, type Json } from '../values';

/** Top-level members kept whole: where the shapes in shapes/ look for usage and tiers. */
const KEPT_OBJECTS = new Set(['usage', 'usageMetadata', 'x_groq', 'metadata', 'serviceTier', 'amazon-bedrock-invocationMetrics']);
const MAX_SCALAR_CHARS = 256;

export class OversizeSalvage {
  private depth = 0;
  private inString = false;
  private escaped = false;
  /** What the next top-level token is: a key, a value, or (after a nested value) nothing. */
  private expect: 'key' | 'value' | 'none' = 'none';
  private key = '';
  private buffer = '';
  private overflow = false;
  /** A kept member being copied: its text so far. */
  private kept: string[] | null = null;
  private keptLength = 0;
  private readonly fields: Json = {};

  feed(text: string): void {
    for (let i = 0; i < text.length; i++) {
      const c = text[i];
      if (this.kept !== null) this.keep(c);
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (c === '\\') this.escaped = true;
        else if (c === '"') this.endString();
        if (this.depth === 1 && this.inString) this.record(c);
        continue;
      }
      switch (c) {
        case '"':
          this.inString = true;
          if (this.depth === 1) this.startRecording();
          break;
        case '{':
        case '[':
          if (this.depth === 1 && this.expect === 'value') {
            if (c === '{' && KEPT_OBJECTS.has(this.key)) {
              this.kept = ['{'];
              this.keptLength = 1;
            }
            this.expect = 'none';
          }
          if (this.depth === 0) this.expect = 'key';
          this.depth++;
          break;
        case '}':
        case ']':
          if (this.depth === 1) this.endScalar();
          this.depth = Math.max(0, this.depth - 1);
          if (this.depth === 1 && this.kept !== null) this.endKept();
          break;
        case ':':
          if (this.depth === 1) {
            this.expect = 'value';
            this.startRecording();
          }
          break;
        case ',':
          if (this.depth === 1) {
            this.endScalar();
            this.expect = 'key';
          }
          break;
        default:
          if (this.depth === 1 && this.expect === 'value') this.record(c);
      }
    }
  }

  /** The salvaged members, or null when nothing was. */
  result(): Json | null {
    return Object.keys(this.fields).length > 0 ? this.fields : null;
  }

  private startRecording(): void {
    this.buffer = '';
    this.overflow = false;
  }

  private record(c: string): void {
    if (this.buffer.length < MAX_SCALAR_CHARS) this.buffer += c;
    else this.overflow = true;
  }

  private endString(): void {
    this.inString = false;
    if (this.depth !== 1) return;
    // The buffer holds the string's raw JSON text (escapes included): decode it as JSON does.
    const decoded = this.overflow ? undefined : parseJson(`"${this.buffer}"`);
    if (this.expect === 'key') {
      this.key = typeof decoded === 'string' ? decoded : '';
    } else if (this.expect === 'value') {
      if (typeof decoded === 'string') this.fields[this.key] = decoded;
      this.expect = 'none';
    }
  }

  /** A number, true, false or null ends at ',' or '}'. */
  private endScalar(): void {
    if (this.expect !== 'value' || this.overflow) return;
    const value = parseJson(this.buffer.trim());
    if (value !== undefined) this.fields[this.key] = value;
    this.expect = 'none';
  }

  private keep(c: string): void {
    if (this.keptLength >= MAX_EVENT_CHARS) return; // parse will fail: the member is dropped
    this.kept!.push(c);
    this.keptLength++;
  }

  private endKept(): void {
    const value = parseJson(this.kept!.join(''));
    if (value !== undefined) this.fields[this.key] = value;
    this.kept = null;
    this.keptLength = 0;
  }
}
