// Public types of the two-stage check (lib/check/): estimate before sending, compare with the
// reported usage after, learn correction factors for estimates.
import type { EventEmitter } from 'node:events';

import type { CostResult } from './cost';
import type { CountOptions, CountResult, RequestBody } from './index';
import type { UsageResult } from './usage';

export interface CalibrationStats {
  /** Multiply a raw estimate by this (median of reported / estimated over the window). */
  factor: number;
  samples: number;
  total: number;
  /** Typical relative error left after the factor (median absolute deviation / factor). */
  spread: number;
}

export interface CalibratorOptions {
  /** Ratios kept per key, most recent first. Default 256. */
  window?: number;
  /** Observations before a factor is applied. Default 3. */
  minSamples?: number;
  /** Ratios beyond [1/maxRatio, maxRatio] are ignored as broken data. Default 4. */
  maxRatio?: number;
}

export interface CalibratorState {
  version: 1;
  window: number;
  minSamples: number;
  maxRatio: number;
  keys: Record<string, { ratios: number[]; total: number }>;
}

/** Learns actual/estimated input-token ratios per (provider, model family); JSON-serializable. */
export declare class Calibrator {
  constructor(options?: CalibratorOptions);
  static key(provider: string, family: string): string;
  observe(key: string, estimated: number, actual: number): boolean;
  stats(key: string): CalibrationStats | undefined;
  keys(): string[];
  toJSON(): CalibratorState;
  static fromJSON(state: CalibratorState | string): Calibrator;
}

export interface CheckerOptions {
  /** Largest |reported − estimate| / reported still 'ok'. Default 0.05. */
  tolerance?: number;
  /** Per-model tolerances by model-name prefix (longest wins), e.g. { 'claude-': 0.1 }. */
  tolerances?: Record<string, number>;
  /** Learns and applies correction factors for estimates; false turns that off. */
  calibrator?: Calibrator | false;
}

export interface BeginOptions extends Omit<CountOptions, 'provider'> {
  /** Provider for reading the response and pricing ('openai', 'anthropic', 'google', ...). */
  provider?: string;
  /** This request's tolerance (overrides the checker's). */
  tolerance?: number;
  signal?: AbortSignal;
}

export interface CheckEstimate extends CountResult {
  /** Expected relative error of inputTokens (the calibrator's spread); null when not learned yet. */
  expectedError: number | null;
  /** Whether a learned factor was applied. */
  calibrated: boolean;
}

export interface CheckResult {
  estimated: CheckEstimate;
  actual: UsageResult;
  discrepancy: {
    /** reported − estimated; null when nothing was reported. */
    tokens: number | null;
    /** tokens / reported × 100. */
    percent: number | null;
    withinTolerance: boolean | null;
  };
  status: 'ok' | 'drift' | 'unavailable';
  tolerance: number;
  /** Estimated input + reported output, and the reported usage, priced; null when unpriced. */
  cost: { estimated: CostResult | null; actual: CostResult | null };
}

export type PriceFn = (usage: object, model: string | undefined, provider: string | undefined) => CostResult | null;

export declare class Check {
  readonly estimate: CheckEstimate;
  /** Compares with a response body, a usage accumulator's result, or a normalized usage. Once only. */
  complete(responseOrUsage: unknown, price?: PriceFn): CheckResult;
}

/** Shared state of a gateway's checks. Events: 'drift' (CheckResult), 'check' (every CheckResult). */
export declare class TokenChecker extends EventEmitter {
  constructor(options?: CheckerOptions);
  readonly calibrator: Calibrator | undefined;
  toleranceFor(model: string | null): number;
  begin(request: RequestBody, options?: BeginOptions): Check;
  beginAsync(request: RequestBody, options?: BeginOptions): Promise<Check>;
}

/** The checker behind beginCheck(); listen on it for 'drift'. */
export declare const defaultChecker: TokenChecker;
export declare function beginCheck(request: RequestBody, options?: BeginOptions): Check;
export declare function beginCheckAsync(request: RequestBody, options?: BeginOptions): Promise<Check>;
