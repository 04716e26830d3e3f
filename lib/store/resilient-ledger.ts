// A ledger that keeps requests flowing when its store is down: record() never rejects for a
// backend failure. The record (with its id already assigned, so a replay is idempotent) goes to the
// bounded buffer of outage.ts and is written when the store answers again.
// Reads (query, totals) are not on the request path and are not buffered: they reject while the
// store is down, rather than answer from a partial view.
import type { LedgerQuery, LedgerStore, LedgerTotalsQuery, ResilientLedger, ResilientOptions, UsageRecord, UsageRecordInput } from '../../types/store';
import { Outage, outageSettings, withTimeout } from './outage';
import { normalizeRecord, normalizeRecords } from './record';
import { clockOption, isInvalidArgument } from './validate';

/** Records per write when flushing: one transaction or INSERT each. */
const FLUSH_BATCH = 500;

export function resilientLedger(store: LedgerStore, options?: ResilientOptions): ResilientLedger {
  const settings = outageSettings(options);
  const outage = new Outage<UsageRecord>('ledger', settings, (recs) => store.recordMany(recs).then(() => undefined), () => store.ping(), FLUSH_BATCH);
  // Ids and times are fixed here, before the first attempt, so every retry writes the same record.
  const now = clockOption(options?.now);

  const write = async (recs: UsageRecord[]): Promise<void> => {
    if (outage.queuing) {
      // Behind the buffer, to keep order, and without waiting on a store known to be down.
      for (const rec of recs) outage.push('record', rec);
      return;
    }
    try {
      await withTimeout(store.recordMany(recs), settings.timeoutMs);
      outage.succeeded();
    } catch (err) {
      if (isInvalidArgument(err)) throw err;
      outage.failed('record', err);
      for (const rec of recs) outage.push('record', rec);
    }
  };

  return {
    kind: `resilient(${store.kind})`,
    async record(input: UsageRecordInput) {
      const rec = normalizeRecord(input, now);
      await write([rec]);
      return rec;
    },
    async recordMany(inputs: UsageRecordInput[]) {
      const recs = normalizeRecords(inputs, now);
      await write(recs);
      return recs;
    },
    query: (q?: LedgerQuery) => withTimeout(store.query(q), settings.timeoutMs),
    totals: (q?: LedgerTotalsQuery) => withTimeout(store.totals(q), settings.timeoutMs),
    ping: () => withTimeout(store.ping(), settings.timeoutMs),
    admit: () => settings.failMode === 'open' || outage.available,
    flush: () => outage.flush(),
    stats: () => outage.stats(),
    async close() {
      await outage.close();
      await store.close();
    },
  };
}
