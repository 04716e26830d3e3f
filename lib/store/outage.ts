// What the two resilient wrappers share: a bounded in-memory buffer of writes that failed, the retry
// loop that writes it back when the store answers again, the counters, and the reporting.
//
// Choices, and why:
// - Bounded: an outage must not grow memory without limit. When the buffer is full the NEW item is
//   dropped (the buffer keeps the oldest, written back in order), and every drop is counted and
//   passed to onError with the item, so the caller can still log or spill it: never silent.
// - Circuit: after a failure the wrapper stops calling the store on the request path (each call
//   would wait for a timeout); one retry every retryMs probes it, and the first success flushes.
// - Logging: once per outage for "down", once for "buffer full", once for "back" (not per call).
// - Writes are idempotent (record ids, charge ids, settle deletes its reservation), so a batch whose
//   reply was lost after it committed can be written again without counting twice.
import type { ResilientOptions, ResilientStats, StoreErrorEvent } from '../../types/store';
import { invalid, isPlainObject, positiveOption } from './validate';

export interface OutageSettings {
  failMode: 'open' | 'closed';
  bufferSize: number;
  retryMs: number;
  timeoutMs: number;
  onError: ((event: StoreErrorEvent) => void) | null;
  log: ((message: string) => void) | null;
}

export function outageSettings(options: ResilientOptions | undefined): OutageSettings {
  if (options === undefined) options = {};
  if (!isPlainObject(options as unknown)) throw invalid('resilient options must be an object');
  const failMode = options.failMode ?? 'open';
  if (failMode !== 'open' && failMode !== 'closed') throw invalid(`failMode must be 'open' or 'closed', got ${String(failMode)}`);
  if (options.onError !== undefined && typeof options.onError !== 'function') throw invalid('onError must be a function');
  if (options.log !== undefined && options.log !== null && typeof options.log !== 'function') throw invalid('log must be a function or null');
  return {
    failMode,
    bufferSize: positiveOption(options.bufferSize, 10_000, 'bufferSize'),
    retryMs: positiveOption(options.retryMs, 1000, 'retryMs'),
    timeoutMs: positiveOption(options.timeoutMs, 5000, 'timeoutMs'),
    onError: options.onError ?? null,
    log: options.log === undefined ? (m: string) => console.warn(m) : options.log,
  };
}

/** A backend call that fails if it has not settled in `ms` (a hung server counts as down). */
export function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`store did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function asError(err: unknown): Error {
  return err instanceof Error ? err : new Error(String(err));
}

export class Outage<T> {
  readonly settings: OutageSettings;
  private readonly label: string;
  /** Writes `items` (in order) to the store; rejects if the store fails. */
  private readonly write: (items: T[]) => Promise<void>;
  private readonly probe: () => Promise<void>;
  private readonly batchSize: number;
  private buffer: T[] = [];
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> | null = null;
  private closed = false;
  private loggedOverflow = false;
  private counters = { dropped: 0, failures: 0, flushed: 0, allowedWhileDown: 0, deniedWhileDown: 0 };
  private lastError: Error | null = null;
  available = true;

  constructor(label: string, settings: OutageSettings, write: (items: T[]) => Promise<void>, probe: () => Promise<void>, batchSize: number) {
    this.label = label;
    this.settings = settings;
    this.write = write;
    this.probe = probe;
    this.batchSize = batchSize;
  }

  stats(): ResilientStats {
    return { available: this.available, buffered: this.buffer.length, ...this.counters, lastError: this.lastError };
  }

  /** True while writes must queue behind the buffer (to keep their order) or skip the down store. */
  get queuing(): boolean {
    return !this.available || this.buffer.length > 0;
  }

  countDecision(allowed: boolean): void {
    if (allowed) this.counters.allowedWhileDown++;
    else this.counters.deniedWhileDown++;
  }

  /** A backend call failed: count, report, and start retrying. */
  failed(op: string, err: unknown): void {
    const error = asError(err);
    this.counters.failures++;
    this.lastError = error;
    if (this.available) {
      this.available = false;
      this.settings.log?.(`tokenmeter: ${this.label} store unavailable (${error.message}); ${this.settings.failMode === 'open' ? 'failing open' : 'failing closed'}, buffering writes (up to ${this.settings.bufferSize})`);
    }
    this.emit({ type: 'failure', op, error, dropped: [] });
    this.schedule();
  }

  /** A backend call succeeded (outside a flush). */
  succeeded(): void {
    if (!this.available && this.buffer.length === 0) this.recovered();
  }

  /** Queues an item for the store; false (and reported) when the buffer is full. */
  push(op: string, item: T): boolean {
    if (this.buffer.length >= this.settings.bufferSize) {
      this.counters.dropped++;
      if (!this.loggedOverflow) {
        this.loggedOverflow = true;
        this.settings.log?.(`tokenmeter: ${this.label} buffer full (${this.settings.bufferSize}); dropping new writes until the store is back`);
      }
      this.emit({ type: 'overflow', op, error: null, dropped: [item] });
      return false;
    }
    this.buffer.push(item);
    this.schedule();
    return true;
  }

  /** Writes the buffer now, batch by batch; resolves when it is empty or a write failed. */
  flush(): Promise<void> {
    this.flushing ??= this.drain().finally(() => {
      this.flushing = null;
    });
    return this.flushing;
  }

  private async drain(): Promise<void> {
    if (!this.available && this.buffer.length === 0) {
      try {
        await withTimeout(this.probe(), this.settings.timeoutMs);
      } catch (err) {
        this.failed('ping', err);
        return;
      }
    }
    while (this.buffer.length > 0) {
      const batch = this.buffer.slice(0, this.batchSize);
      try {
        await withTimeout(this.write(batch), this.settings.timeoutMs);
      } catch (err) {
        this.failed('flush', err);
        return;
      }
      // Only now leave the buffer: an item is never out of both the buffer and the store.
      this.buffer.splice(0, batch.length);
      this.counters.flushed += batch.length;
    }
    if (!this.available) this.recovered();
  }

  private recovered(): void {
    this.available = true;
    this.loggedOverflow = false;
    this.settings.log?.(`tokenmeter: ${this.label} store is back; ${this.counters.flushed} buffered writes written so far, ${this.counters.dropped} dropped`);
  }

  private schedule(): void {
    if (this.timer !== null || this.closed) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.flush().then(() => {
        if (this.queuing) this.schedule();
      });
    }, this.settings.retryMs);
    // A pending retry must not keep the process alive on its own; close() makes the last attempt.
    this.timer.unref();
  }

  /** Stops retrying after one last flush; whatever is still buffered is dropped and reported. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    if (this.flushing) await this.flushing;
    if (this.buffer.length > 0) await this.flush();
    if (this.buffer.length > 0) {
      const lost = this.buffer;
      this.buffer = [];
      this.counters.dropped += lost.length;
      this.settings.log?.(`tokenmeter: ${this.label} store still down at close; ${lost.length} buffered writes lost`);
      this.emit({ type: 'lost', op: 'close', error: this.lastError, dropped: lost });
    }
  }

  private emit(event: Omit<StoreErrorEvent, 'stats'>): void {
    try {
      this.settings.onError?.({ ...event, stats: this.stats() });
    } catch {
      // A throwing handler must not turn an outage into failed requests.
    }
  }
}
