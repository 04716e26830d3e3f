// Learns, per (provider, model family), the ratio of the input tokens a provider reported to the
// tokens tokenmeter estimated, so later estimates for models whose tokenizer or framing is not
// public can be corrected. Robust to outliers: the factor is the median of the recent ratios and
// the spread their median absolute deviation, over a bounded window (recent behaviour wins when a
// provider changes its tokenizer). Serializes to plain JSON so a gateway can persist it.
import type { CalibrationStats, CalibratorOptions, CalibratorState } from '../../types/check';
import { TokenmeterError } from '../errors';

function median(sorted: number[]): number {
  const n = sorted.length;
  return n % 2 ? sorted[(n - 1) / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
}

function positiveInt(value: unknown, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw new TokenmeterError('ERR_INVALID_ARGUMENT', `${name} must be a positive integer`);
  }
  return value;
}

export class Calibrator {
  readonly #window: number;
  readonly #minSamples: number;
  readonly #maxRatio: number;
  readonly #keys = new Map<string, { ratios: number[]; total: number }>();

  constructor(options: CalibratorOptions = {}) {
    this.#window = positiveInt(options.window, 'window', 256);
    this.#minSamples = positiveInt(options.minSamples, 'minSamples', 3);
    const maxRatio = options.maxRatio ?? 4;
    if (typeof maxRatio !== 'number' || !(maxRatio > 1)) {
      throw new TokenmeterError('ERR_INVALID_ARGUMENT', 'maxRatio must be a number above 1');
    }
    this.#maxRatio = maxRatio;
  }

  /** The key estimates are grouped under: provider and model family (the rules entry that applied). */
  static key(provider: string, family: string): string {
    return `${provider}:${family}`;
  }

  /** Records one (estimated, actual) pair. Returns false when the pair was ignored as unusable. */
  observe(key: string, estimated: number, actual: number): boolean {
    if (!(estimated > 0) || !(actual > 0) || !Number.isFinite(estimated) || !Number.isFinite(actual)) return false;
    const ratio = actual / estimated;
    if (ratio > this.#maxRatio || ratio < 1 / this.#maxRatio) return false;
    let entry = this.#keys.get(key);
    if (!entry) {
      entry = { ratios: [], total: 0 };
      this.#keys.set(key, entry);
    }
    entry.ratios.push(ratio);
    if (entry.ratios.length > this.#window) entry.ratios.shift();
    entry.total++;
    return true;
  }

  /** The learned correction for `key`, or undefined until minSamples observations exist. */
  stats(key: string): CalibrationStats | undefined {
    const entry = this.#keys.get(key);
    if (!entry || entry.ratios.length < this.#minSamples) return undefined;
    const sorted = [...entry.ratios].sort((a, b) => a - b);
    const factor = median(sorted);
    const deviations = sorted.map((r) => Math.abs(r - factor)).sort((a, b) => a - b);
    return { factor, samples: sorted.length, total: entry.total, spread: median(deviations) / factor };
  }

  keys(): string[] {
    return [...this.#keys.keys()];
  }

  toJSON(): CalibratorState {
    const keys: CalibratorState['keys'] = {};
    for (const [key, entry] of this.#keys) keys[key] = { ratios: [...entry.ratios], total: entry.total };
    return { version: 1, window: this.#window, minSamples: this.#minSamples, maxRatio: this.#maxRatio, keys };
  }

  /** Restores a calibrator from toJSON() output (or its JSON text). */
  static fromJSON(state: CalibratorState | string): Calibrator {
    const data = (typeof state === 'string' ? JSON.parse(state) : state) as CalibratorState;
    if (typeof data !== 'object' || data === null || data.version !== 1 || typeof data.keys !== 'object') {
      throw new TokenmeterError('ERR_INVALID_ARGUMENT', 'not a tokenmeter calibrator state (version 1)');
    }
    const calibrator = new Calibrator({ window: data.window, minSamples: data.minSamples, maxRatio: data.maxRatio });
    for (const [key, entry] of Object.entries(data.keys)) {
      if (!Array.isArray(entry?.ratios)) throw new TokenmeterError('ERR_INVALID_ARGUMENT', `calibrator key ${key} has no ratios`);
      const ratios = entry.ratios.filter((r) => typeof r === 'number' && r > 0 && Number.isFinite(r)).slice(-calibrator.#window);
      calibrator.#keys.set(key, { ratios, total: Math.max(Number(entry.total) || 0, ratios.length) });
    }
    return calibrator;
  }
}
