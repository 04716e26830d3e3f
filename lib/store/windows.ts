// Fixed calendar windows in UTC. Fixed windows (rather than sliding ones) make a budget something
// a person can read ("this month's spend"), need one counter per window, and let a counter expire
// on its own once its window is over.
import type { BudgetWindow } from '../../types/store';
import { invalid } from './validate';

const FIXED_MS: Record<Exclude<BudgetWindow, 'month'>, number> = { minute: 60_000, hour: 3_600_000, day: 86_400_000 };

export function checkWindow(window: unknown): BudgetWindow {
  if (window !== 'minute' && window !== 'hour' && window !== 'day' && window !== 'month') {
    throw invalid(`window must be 'minute', 'hour', 'day' or 'month', got ${JSON.stringify(window)}`);
  }
  return window;
}

/** The window containing `time`: [start, end) in ms since the epoch. */
export function windowBounds(window: BudgetWindow, time: number): { start: number; end: number } {
  if (window === 'month') {
    const d = new Date(time);
    const y = d.getUTCFullYear();
    const m = d.getUTCMonth();
    return { start: Date.UTC(y, m, 1), end: Date.UTC(y, m + 1, 1) };
  }
  const size = FIXED_MS[window];
  const start = Math.floor(time / size) * size;
  return { start, end: start + size };
}

/** Seconds until a refused request could pass because the window has rolled over (at least 1). */
export function secondsUntil(end: number, now: number): number {
  return Math.max(1, Math.ceil((end - now) / 1000));
}

export const DEFAULT_SETTLE_GRACE_MS = 15 * 60_000;
