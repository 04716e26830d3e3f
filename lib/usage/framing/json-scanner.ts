// Reads a stream of JSON objects that is not line-framed: Gemini's streamGenerateContent without
// alt=sse sends one pretty-printed JSON array of chunks, and a non-streaming body piped through
// the stream form is one (possibly pretty-printed) object. The scanner tracks nesting and strings
// to cut out each top-level object (or each element of a top-level array) as soon as it closes,
// keeping only the object being read, capped at MAX_EVENT_CHARS (a bigger one is salvaged for its
// usage rather than kept).
import { MAX_EVENT_CHARS } from '../limits';
import { parseJson } from '../values';
import { OversizeSalvage } from './oversize-salvage';
import type { EmitEvent } from './sse-lines';

export class JsonObjectScanner {
  private depth = 0;
  private inString = false;
  private escaped = false;
  /** Inside a top-level '[': its elements are the objects to cut out. */
  private inArray = false;
  private capturing = false;
  private pieces: string[] = [];
  private captured = 0;
  /** The object being read outgrew the cap: its text goes through this instead of being kept. */
  private salvage: OversizeSalvage | null = null;
  private lineStart = true;

  constructor(private readonly emit: EmitEvent) {}

  /** UTF-16 units held for the unfinished object (for tests of the memory bound). */
  get bufferedChars(): number {
    return this.captured;
  }

  push(text: string): void {
    let start = this.capturing ? 0 : -1;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      const atLineStart = this.lineStart;
      this.lineStart = c === 10 || c === 13;
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (c === 92 /* \ */) this.escaped = true;
        else if (c === 34 /* " */) this.inString = false;
        else if (c === 10 || c === 13) {
          // JSON strings cannot hold a raw line break: this object is broken (garbage, or a cut
          // stream resumed). Give it up and resynchronize at the next top-level object.
          this.abandon();
          start = -1;
        }
        continue;
      }
      if (this.capturing && atLineStart && isLetter(c)) {
        // Inside an object a line never starts with a bare word ("data: ..." is an SSE line): the
        // open object was garbage that never closed. Give it up so the next object is read.
        this.abandon();
        start = -1;
      }
      switch (c) {
        case 34: // "
          this.inString = true;
          break;
        case 123: // {
          // Pretty-printers indent nested objects, so a '{' in column 0 while an object is still
          // open means that object never closed (NDJSON after a garbage line): start over here.
          if (this.capturing && atLineStart) {
            this.abandon();
            start = -1;
          }
          if (!this.capturing && this.depth === this.base()) {
            this.capturing = true;
            start = i;
          }
          this.depth++;
          break;
        case 91: // [
          if (!this.capturing && this.depth === 0) this.inArray = true;
          this.depth++;
          break;
        case 125: // }
        case 93: // ]
          if (this.depth > 0) this.depth--;
          if (this.capturing && this.depth === this.base()) {
            this.finish(text.slice(start, i + 1));
            start = -1;
          } else if (!this.capturing && this.depth === 0) {
            this.inArray = false;
          }
          break;
        default:
          break;
      }
    }
    if (this.capturing && start >= 0) this.store(text.slice(start));
  }

  private base(): number {
    return this.inArray ? 1 : 0;
  }

  private store(piece: string): void {
    if (this.salvage !== null) {
      this.salvage.feed(piece);
      return;
    }
    this.captured += piece.length;
    if (this.captured > MAX_EVENT_CHARS) {
      // Too big to keep: stream the rest through the salvage, which keeps only what carries usage.
      this.salvage = new OversizeSalvage();
      for (const kept of this.pieces) this.salvage.feed(kept);
      this.salvage.feed(piece);
      this.pieces = [];
      this.captured = 0;
      return;
    }
    this.pieces.push(piece);
  }

  private finish(tail: string): void {
    this.store(tail);
    const parsed = this.salvage !== null ? this.salvage.result() : parseJson(this.pieces.length === 1 ? this.pieces[0] : this.pieces.join(''));
    if (parsed !== undefined && parsed !== null) this.emit(parsed);
    this.reset();
  }

  private abandon(): void {
    this.reset();
    this.inString = false;
    this.escaped = false;
    this.depth = this.base();
  }

  private reset(): void {
    this.capturing = false;
    this.pieces = [];
    this.captured = 0;
    this.salvage = null;
  }
}

/** ASCII letters. A real object's line could only start with one for a bare true/false/null after a
 * line break inside an object, which no serializer writes (pretty-printers indent). */
function isLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}
