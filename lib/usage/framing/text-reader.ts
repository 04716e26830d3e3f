// Text streams come in two framings; the first non-blank character tells which. '{' or '[' opens
// JSON (a body, NDJSON, or Gemini's JSON-array stream); anything else is SSE ('data:', 'event:',
// ':' comments). NDJSON is read by both: a line-framed reader treats '{' lines as events.
import { JsonObjectScanner } from './json-scanner';
import { LineEventReader, type EmitEvent } from './sse-lines';

export class TextEventReader {
  private reader: LineEventReader | JsonObjectScanner | null = null;

  constructor(private readonly emit: EmitEvent) {}

  push(text: string): void {
    if (this.reader === null) {
      let i = 0;
      while (i < text.length && isBlank(text.charCodeAt(i))) i++;
      if (i === text.length) return; // nothing but blanks yet: cannot tell the framing
      const c = text.charCodeAt(i);
      this.reader = c === 123 || c === 91 ? new JsonObjectScanner(this.emit) : new LineEventReader(this.emit);
      text = text.slice(i);
    }
    this.reader.push(text);
  }

  /** What the held input yields if the stream ended now (see LineEventReader.peek). */
  peek(emit: EmitEvent): void {
    if (this.reader instanceof LineEventReader) this.reader.peek(emit);
  }

  get bufferedChars(): number {
    return this.reader === null ? 0 : this.reader.bufferedChars;
  }
}

function isBlank(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13 || c === 0xfeff;
}
