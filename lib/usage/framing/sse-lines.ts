// Line-based stream reading: Server-Sent Events (OpenAI, Anthropic, Gemini alt=sse, OpenRouter,
// Groq, Mistral, DeepSeek, xAI...) and NDJSON (Ollama) share it, because an NDJSON line is just a
// line that starts with '{'. Only the unfinished line and the unfinished event are kept, each
// capped; an over-long line is not buffered (see giveUpLine).
import { MAX_EVENT_CHARS } from '../limits';
import { parseJson } from '../values';
import { OversizeSalvage } from './oversize-salvage';

export type EmitEvent = (event: unknown) => void;

/** The data lines of the SSE event being read. */
class PendingEvent {
  lines: string[] = [];
  length = 0;
  /** Set when the event outgrew the cap: the rest of it is ignored up to the blank line. */
  dropped = false;

  clone(): PendingEvent {
    const copy = new PendingEvent();
    copy.lines = this.lines.slice();
    copy.length = this.length;
    copy.dropped = this.dropped;
    return copy;
  }

  reset(): void {
    this.lines = [];
    this.length = 0;
    this.dropped = false;
  }
}

export class LineEventReader {
  private partial: string[] = [];
  private partialLength = 0;
  /** The current line outgrew the cap: skip to its end. */
  private discarding = false;
  /** The current line outgrew the cap but is JSON: its usage is salvaged as it streams past. */
  private salvage: OversizeSalvage | null = null;
  /** The last chunk ended in '\r': a '\n' opening the next one belongs to the same line break. */
  private afterCR = false;
  private readonly event = new PendingEvent();

  constructor(private readonly emit: EmitEvent) {}

  push(text: string): void {
    let start = 0;
    if (this.afterCR && text.charCodeAt(0) === 10) start = 1;
    this.afterCR = false;
    for (let i = start; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c !== 10 && c !== 13) continue;
      this.endLine(text.slice(start, i));
      if (c === 13) {
        if (i + 1 === text.length) this.afterCR = true;
        else if (text.charCodeAt(i + 1) === 10) i++;
      }
      start = i + 1;
    }
    if (start < text.length) this.keep(text.slice(start));
  }

  /**
   * Reads what is held as if the stream ended here (an unterminated last line, an event without
   * its blank line) without changing the reader, so more input may still follow.
   */
  peek(emit: EmitEvent): void {
    const event = this.event.clone();
    if (!this.discarding && this.partialLength > 0) handleLine(this.partial.join(''), event, emit);
    dispatch(event, emit);
    const salvaged = this.salvage?.result();
    if (salvaged) emit(salvaged);
  }

  /** UTF-16 units held for the unfinished line and event (for tests of the memory bound). */
  get bufferedChars(): number {
    return this.partialLength + this.event.length;
  }

  private keep(piece: string): void {
    if (this.salvage !== null) {
      this.salvage.feed(piece);
      return;
    }
    if (this.discarding) return;
    if (this.partialLength + piece.length > MAX_EVENT_CHARS) {
      this.giveUpLine(piece);
      return;
    }
    this.partial.push(piece);
    this.partialLength += piece.length;
  }

  private endLine(tail: string): void {
    if (this.salvage === null && !this.discarding && this.partialLength + tail.length > MAX_EVENT_CHARS) this.giveUpLine('');
    if (this.salvage !== null) {
      this.salvage.feed(tail);
      const salvaged = this.salvage.result();
      this.salvage = null;
      if (salvaged !== null) {
        dispatch(this.event, this.emit);
        this.emit(salvaged);
      }
    } else if (!this.discarding) {
      handleLine(this.partialLength > 0 ? this.partial.join('') + tail : tail, this.event, this.emit);
    }
    this.partial = [];
    this.partialLength = 0;
    this.discarding = false;
  }

  /**
   * The line outgrew the cap. A JSON line (bare, or an SSE data line) goes on through a salvage
   * that keeps only its usage-bearing members; any other line is skipped to its end.
   */
  private giveUpLine(piece: string): void {
    const head = this.partial.join('') + piece;
    this.partial = [];
    this.partialLength = 0;
    const json = head.startsWith('data:') ? head.slice(head.charCodeAt(5) === 32 ? 6 : 5) : head;
    if (json.charCodeAt(0) === 123 /* '{' */) {
      this.salvage = new OversizeSalvage();
      this.salvage.feed(json);
    } else {
      this.discarding = true;
    }
  }
}

function handleLine(line: string, event: PendingEvent, emit: EmitEvent): void {
  if (line.length === 0) {
    dispatch(event, emit);
    return;
  }
  const first = line.charCodeAt(0);
  if (first === 58 /* ':' */) return; // comment, e.g. OpenRouter's ": OPENROUTER PROCESSING"
  if (first === 123 /* '{' */ || first === 91 /* '[' */) {
    // NDJSON, or a server that sends bare JSON lines: the line is the event.
    dispatch(event, emit);
    emitJson(line, emit);
    return;
  }
  const colon = line.indexOf(':');
  const field = colon < 0 ? line : line.slice(0, colon);
  if (field !== 'data') return; // event:, id:, retry: carry no usage; JSON bodies name their type
  let value = colon < 0 ? '' : line.slice(colon + 1);
  if (value.charCodeAt(0) === 32) value = value.slice(1);
  appendData(value, event, emit);
}

function appendData(value: string, event: PendingEvent, emit: EmitEvent): void {
  if (event.dropped) return;
  if (event.length + value.length > MAX_EVENT_CHARS) {
    event.reset();
    event.dropped = true;
    return;
  }
  event.lines.push(value);
  event.length += value.length;
  // Every provider sends one JSON document per data line, and some omit the blank line between
  // events: dispatch as soon as the data read so far is complete JSON. A document spread over
  // several data lines (allowed by the SSE spec) still waits for its blank line.
  const last = value.charCodeAt(value.trimEnd().length - 1);
  if (last === 125 /* '}' */ || last === 93 /* ']' */) {
    const parsed = parseJson(event.lines.length === 1 ? value : event.lines.join('\n'));
    if (parsed !== undefined) {
      event.reset();
      emit(parsed);
    }
  }
}

function dispatch(event: PendingEvent, emit: EmitEvent): void {
  if (event.lines.length > 0 && !event.dropped) {
    const joined = parseJson(event.lines.join('\n'));
    if (joined !== undefined) emit(joined);
    else for (const line of event.lines) emitJson(line, emit); // lines that were never one document
  }
  event.reset();
}

function emitJson(source: string, emit: EmitEvent): void {
  const parsed = parseJson(source);
  if (parsed !== undefined) emit(parsed); // '[DONE]' and other non-JSON data end up here, ignored
}
