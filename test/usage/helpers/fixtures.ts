// Loads test/usage/fixtures/*.json and turns each case into what a provider would send on the wire.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { chunkFrame, eventFrame, exceptionFrame } from './event-stream-encoder';

export interface SseEntry {
  event?: string;
  data?: unknown;
  raw?: string;
  comment?: string;
}

export interface FrameEntry {
  event?: string;
  exception?: string;
  chunk?: unknown;
  payload?: unknown;
}

export interface UsageCase {
  id: string;
  file: string;
  source: string;
  kind: 'body' | 'stream' | 'frames' | 'events';
  options?: { provider?: string; model?: string };
  body?: unknown;
  sse?: SseEntry[];
  ndjson?: unknown[];
  jsonArray?: unknown[];
  eol?: string;
  cutBytes?: number;
  frames?: FrameEntry[];
  events?: unknown[];
  expected: Record<string, unknown>;
}

const DIR = path.join(__dirname, '..', 'fixtures');

export function loadCases(): UsageCase[] {
  const cases: UsageCase[] = [];
  for (const file of fs.readdirSync(DIR).filter((name) => name.endsWith('.json')).sort()) {
    const data = JSON.parse(fs.readFileSync(path.join(DIR, file), 'utf8')) as { cases: UsageCase[] };
    for (const c of data.cases) cases.push({ ...c, file });
  }
  return cases;
}

export function caseById(id: string): UsageCase {
  const found = loadCases().find((c) => c.id === id);
  if (found === undefined) throw new Error(`no usage fixture ${id}`);
  return found;
}

/** The bytes a 'stream' or 'frames' case puts on the wire. */
export function wireBytes(c: UsageCase): Buffer {
  let bytes: Buffer;
  if (c.kind === 'frames') {
    bytes = Buffer.concat(
      (c.frames ?? []).map((f) => {
        if (f.chunk !== undefined) return chunkFrame(f.chunk);
        if (f.exception !== undefined) return exceptionFrame(f.exception, f.payload);
        return eventFrame(f.event!, f.payload);
      }),
    );
  } else if (c.kind === 'stream') {
    bytes = Buffer.from(wireText(c), 'utf8');
  } else {
    throw new Error(`${c.id} is not a stream`);
  }
  return c.cutBytes ? bytes.subarray(0, bytes.length - c.cutBytes) : bytes;
}

function wireText(c: UsageCase): string {
  const eol = c.eol ?? '\n';
  if (c.sse !== undefined) {
    return c.sse
      .map((entry) => {
        if (entry.comment !== undefined) return `:${entry.comment}${eol}${eol}`;
        if (entry.raw !== undefined) return `${entry.raw}${eol}${eol}`;
        const event = entry.event !== undefined ? `event: ${entry.event}${eol}` : '';
        return `${event}data: ${JSON.stringify(entry.data)}${eol}${eol}`;
      })
      .join('');
  }
  if (c.ndjson !== undefined) return c.ndjson.map((line) => `${JSON.stringify(line)}\n`).join('');
  if (c.jsonArray !== undefined) return JSON.stringify(c.jsonArray, null, 2).replace(/\n/g, eol);
  throw new Error(`${c.id} has no stream content`);
}

/** A small deterministic PRNG (mulberry32), so random splits are reproducible. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Cuts `length` units into pieces of 1..maxPiece at random points. */
export function randomCuts(length: number, seed: number, maxPiece = 48): number[] {
  const next = rng(seed);
  const cuts: number[] = [0];
  let at = 0;
  while (at < length) {
    at = Math.min(length, at + 1 + Math.floor(next() * maxPiece));
    cuts.push(at);
  }
  return cuts;
}

export function splitBytes(bytes: Uint8Array, seed: number, maxPiece?: number): Uint8Array[] {
  const cuts = randomCuts(bytes.length, seed, maxPiece);
  const pieces: Uint8Array[] = [];
  for (let i = 1; i < cuts.length; i++) pieces.push(bytes.subarray(cuts[i - 1], cuts[i]));
  return pieces;
}

export function splitString(text: string, seed: number, maxPiece?: number): string[] {
  const cuts = randomCuts(text.length, seed, maxPiece);
  const pieces: string[] = [];
  for (let i = 1; i < cuts.length; i++) pieces.push(text.slice(cuts[i - 1], cuts[i]));
  return pieces;
}

/** The core fields every fixture must state, so no expectation is left implicit. */
export const CORE_FIELDS = [
  'inputTokens',
  'uncachedInputTokens',
  'cacheReadTokens',
  'cacheWriteTokens',
  'cacheWrite5mTokens',
  'cacheWrite1hTokens',
  'outputTokens',
  'reasoningTokens',
  'model',
  'provider',
  'available',
] as const;

/** Expectation with cost compared approximately (it is a float the provider computed). */
export function expectUsage(actual: object, expected: Record<string, unknown>): void {
  const { cost, ...rest } = expected;
  expect(actual).toMatchObject(rest);
  if (cost !== undefined) {
    const got = (actual as { cost: number | null }).cost;
    if (cost === null) expect(got).toBeNull();
    else expect(got).toBeCloseTo(cost as number, 12);
  }
}
