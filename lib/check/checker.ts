// The two-stage check: count a request before sending it, then compare with the usage the
// provider reports after. A TokenChecker holds the shared state of a gateway (tolerances, the
// calibrator that learns from completed checks) and emits 'drift' when a reported count is further
// from the estimate than the tolerance, and 'check' for every completed check.
import { EventEmitter } from 'node:events';

import type { CountOptions, CountResult, RequestBody } from '../../types';
import type { BeginOptions, CheckEstimate as Estimate, CheckResult, CheckerOptions as PublicCheckerOptions } from '../../types/check';
import { countRequest, countRequestAsync } from '../chat';
import { TokenmeterError } from '../errors';
import { Calibrator } from './calibrator';
import { priceOrNull, type PriceFn } from './pricing';
import { normalizeActual } from './actual';

/** The public options, with the implementation's Calibrator class (the declared one has no private fields). */
type CheckerOptions = Omit<PublicCheckerOptions, 'calibrator'> & { calibrator?: Calibrator | false };

function checkTolerance(value: unknown, what: string): number {
  if (typeof value !== 'number' || !(value >= 0 && value < 10)) {
    throw new TokenmeterError('ERR_INVALID_ARGUMENT', `${what} must be a fraction such as 0.05`);
  }
  return value;
}

/** The counting options: the provider is only a shape hint there, and only for the two it knows. */
function countOptions(options: BeginOptions): CountOptions {
  const { provider, tolerance: _tolerance, ...rest } = options;
  return provider === 'openai' || provider === 'anthropic' ? { ...rest, provider } : rest;
}

/** The calibration key of an estimate: provider and model family (the rules entry that applied). */
function calibrationKey(estimate: CountResult, provider: string | undefined): string {
  const family = estimate.rules ?? estimate.model ?? 'unknown';
  return Calibrator.key(provider ?? (estimate.api === 'anthropic' ? 'anthropic' : 'openai'), family);
}

export class Check {
  readonly estimate: Estimate;
  readonly #checker: TokenChecker;
  readonly #options: BeginOptions;
  #done = false;

  constructor(checker: TokenChecker, estimate: Estimate, options: BeginOptions) {
    this.#checker = checker;
    this.estimate = estimate;
    this.#options = options;
  }

  /** Compares with what the provider reported: a response body, a normalized usage, or a usage accumulator's result. */
  complete(responseOrUsage: unknown, price?: PriceFn): CheckResult {
    if (this.#done) throw new TokenmeterError('ERR_INVALID_ARGUMENT', 'this check was already completed');
    this.#done = true;
    return this.#checker.finish(this, responseOrUsage, this.#options, price);
  }
}

export class TokenChecker extends EventEmitter {
  readonly calibrator: Calibrator | undefined;
  readonly #tolerance: number;
  readonly #tolerances: Array<[string, number]>;

  constructor(options: CheckerOptions = {}) {
    super();
    this.#tolerance = checkTolerance(options.tolerance ?? 0.05, 'tolerance');
    this.#tolerances = Object.entries(options.tolerances ?? {})
      .map(([prefix, t]) => [prefix, checkTolerance(t, `tolerances[${prefix}]`)] as [string, number])
      .sort((a, b) => b[0].length - a[0].length);
    this.calibrator = options.calibrator === false ? undefined : (options.calibrator ?? new Calibrator());
  }

  toleranceFor(model: string | null): number {
    if (model) for (const [prefix, t] of this.#tolerances) if (model.startsWith(prefix)) return t;
    return this.#tolerance;
  }

  /** Counts `request` now (sync) and returns the check to complete once the response is in. */
  begin(request: RequestBody, options: BeginOptions = {}): Check {
    return new Check(this, this.#calibrate(countRequest(request, countOptions(options)), options), options);
  }

  /** The same, counting on a worker thread. */
  async beginAsync(request: RequestBody, options: BeginOptions = {}): Promise<Check> {
    return new Check(this, this.#calibrate(await countRequestAsync(request, countOptions(options)), options), options);
  }

  /** Applies a learned factor to an inexact estimate (an explicit options.calibration wins). */
  #calibrate(count: CountResult, options: BeginOptions): Estimate {
    const learned =
      !count.exact && this.calibrator && options.calibration === undefined
        ? this.calibrator.stats(calibrationKey(count, options.provider))
        : undefined;
    if (!learned) return { ...count, expectedError: null, calibrated: false };
    return {
      ...count,
      inputTokens: Math.round(count.rawTokens * learned.factor),
      calibration: learned.factor,
      expectedError: learned.spread,
      calibrated: true,
    };
  }

  /** @internal Check.complete's work. */
  finish(check: Check, responseOrUsage: unknown, options: BeginOptions, price?: PriceFn): CheckResult {
    const estimated = check.estimate;
    const actual = normalizeActual(responseOrUsage, options.provider, estimated.model);
    const tolerance =
      options.tolerance !== undefined ? checkTolerance(options.tolerance, 'tolerance') : this.toleranceFor(actual.model ?? estimated.model);
    const reported = actual.available ? actual.inputTokens : null;

    let discrepancy: CheckResult['discrepancy'] = { tokens: null, percent: null, withinTolerance: null };
    let status: CheckResult['status'] = 'unavailable';
    if (reported !== null && reported !== undefined) {
      const tokens = reported - estimated.inputTokens;
      const percent = reported === 0 ? (tokens === 0 ? 0 : 100) : (tokens / reported) * 100;
      const withinTolerance = Math.abs(percent) <= tolerance * 100 + 1e-9;
      discrepancy = { tokens, percent, withinTolerance };
      status = withinTolerance ? 'ok' : 'drift';
      if (!estimated.exact && this.calibrator) {
        this.calibrator.observe(calibrationKey(estimated, options.provider), estimated.rawTokens, reported);
      }
    }

    const model = actual.model ?? estimated.model ?? undefined;
    const provider = actual.provider ?? options.provider;
    const output = actual.outputTokens ?? 0;
    const cost = {
      estimated: priceOrNull({ inputTokens: estimated.inputTokens, outputTokens: output }, model, provider, price),
      actual: actual.available ? priceOrNull(actual, model, provider, price) : null,
    };
    const result: CheckResult = { estimated, actual, discrepancy, status, tolerance, cost };
    if (status === 'drift') this.emit('drift', result);
    this.emit('check', result);
    return result;
  }
}

/** The process-wide checker behind beginCheck(); listen on it for 'drift' and 'check'. */
export const defaultChecker = new TokenChecker();

/** Counts `request` before it is sent; `check.complete(response)` compares with the reported usage. */
export function beginCheck(request: RequestBody, options?: BeginOptions): Check {
  return defaultChecker.begin(request, options);
}

export function beginCheckAsync(request: RequestBody, options?: BeginOptions): Promise<Check> {
  return defaultChecker.beginAsync(request, options);
}
