// Time for prices: the request instant (`at`), the inclusive date bounds of a price row, and the
// UTC time-of-day windows some providers price differently (DeepSeek's peak hours).
import { TokenmeterError } from '../errors';

const DAY_MS = 86_400_000;
const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The request instant in ms; default now. Accepts a Date or an ISO string. */
export function parseAt(at: Date | string | undefined): number {
  if (at === undefined || at === null) return Date.now();
  const ms = at instanceof Date ? at.getTime() : typeof at === 'string' ? Date.parse(at) : Number.NaN;
  if (Number.isNaN(ms)) {
    throw new TokenmeterError('ERR_INVALID_ARGUMENT', `options.at must be a Date or an ISO date string, got ${String(at)}`);
  }
  return ms;
}

/**
 * A row bound in ms. A bare date is a whole UTC day, so 'validTo: 2026-08-20' still covers
 * 23:59 that day; a timestamp is taken as is (DeepSeek switched at Beijing midnight, 16:00 UTC).
 */
export function parseBound(text: string | null | undefined, end: boolean, what: string): number {
  if (text === undefined || text === null) return end ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY;
  const day = typeof text === 'string' ? DATE_ONLY.exec(text) : null;
  const ms = day !== null ? Date.UTC(Number(day[1]), Number(day[2]) - 1, Number(day[3])) : typeof text === 'string' ? Date.parse(text) : Number.NaN;
  if (Number.isNaN(ms)) throw new TokenmeterError('ERR_INVALID_ARGUMENT', `${what} must be 'YYYY-MM-DD' or an ISO timestamp, got ${JSON.stringify(text)}`);
  return day !== null && end ? ms + DAY_MS - 1 : ms;
}

const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
const RANGE = /^(\d{2}):(\d{2})-(\d{2}):(\d{2})$/;

/** A set of UTC weekdays and minute-of-day ranges [start, end). */
export interface WindowMatcher {
  days: Set<number> | null;
  ranges: Array<[number, number]>;
}

export function compileWindow(days: string[] | undefined, hoursUtc: string[], what: string): WindowMatcher {
  let daySet: Set<number> | null = null;
  if (days !== undefined) {
    if (!Array.isArray(days)) throw new TokenmeterError('ERR_INVALID_ARGUMENT', `${what}.days must be an array`);
    daySet = new Set(days.map((d) => {
      const i = WEEKDAYS.indexOf(String(d).toLowerCase().slice(0, 3));
      if (i < 0) throw new TokenmeterError('ERR_INVALID_ARGUMENT', `${what}.days: unknown weekday ${JSON.stringify(d)}`);
      return i;
    }));
  }
  if (!Array.isArray(hoursUtc) || hoursUtc.length === 0) {
    throw new TokenmeterError('ERR_INVALID_ARGUMENT', `${what}.hoursUtc must be a non-empty array of 'HH:MM-HH:MM'`);
  }
  const ranges = hoursUtc.map((r): [number, number] => {
    const m = RANGE.exec(String(r));
    const start = m ? Number(m[1]) * 60 + Number(m[2]) : -1;
    const end = m ? Number(m[3]) * 60 + Number(m[4]) : -1;
    if (!m || start > 1440 || end > 1440 || start === end) {
      throw new TokenmeterError('ERR_INVALID_ARGUMENT', `${what}.hoursUtc: bad range ${JSON.stringify(r)}`);
    }
    return [start, end];
  });
  return { days: daySet, ranges };
}

export function inWindow(w: WindowMatcher, atMs: number): boolean {
  const d = new Date(atMs);
  if (w.days !== null && !w.days.has(d.getUTCDay())) return false;
  const minute = d.getUTCHours() * 60 + d.getUTCMinutes();
  // A range whose end is before its start wraps past midnight (e.g. 22:00-02:00).
  return w.ranges.some(([s, e]) => (s < e ? minute >= s && minute < e : minute >= s || minute < e));
}
