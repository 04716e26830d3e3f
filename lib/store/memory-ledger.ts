// The in-memory ledger: for tests and for trying a gateway out. It implements the same contract as
// the SQL ledgers (idempotent ids, newest-first rows, sums of known values, nulls last), so the
// conformance suite runs unchanged against all of them. Nothing survives the process.
import type { ClockOptions, LedgerStore, LedgerTotals, LedgerTotalsQuery, LedgerQuery, UsageRecord, UsageRecordInput } from '../../types/store';
import { nanoToUsd, usdToNano } from './money';
import { compareGroupValues, normalizeQuery, normalizeTotalsQuery, utcDay, utcMonth, type Filter } from './query';
import { normalizeRecord, normalizeRecords } from './record';
import { clockOption } from './validate';

const SUMMED = ['inputTokens', 'outputTokens', 'cacheReadTokens', 'cacheWriteTokens', 'reasoningTokens'] as const;

function matches(rec: UsageRecord, f: Filter): boolean {
  for (const [name, value] of Object.entries(f.equals)) {
    if (rec[name as keyof UsageRecord] !== value) return false;
  }
  return (f.from === null || rec.time >= f.from) && (f.to === null || rec.time < f.to);
}

function groupValue(rec: UsageRecord, dim: string): string | null {
  if (dim === 'day') return utcDay(rec.time);
  if (dim === 'month') return utcMonth(rec.time);
  return rec[dim as 'key' | 'user' | 'model' | 'runId'];
}

interface Sums {
  group: Record<string, string | null>;
  calls: number;
  tokens: Record<(typeof SUMMED)[number], number | null>;
  costNano: number | null;
  unpriced: number;
}

function addTo(s: Sums, rec: UsageRecord): void {
  s.calls++;
  for (const name of SUMMED) {
    const v = rec[name];
    if (v !== null) s.tokens[name] = (s.tokens[name] ?? 0) + v;
  }
  if (rec.costUsd === null) s.unpriced++;
  else s.costNano = (s.costNano ?? 0) + usdToNano(rec.costUsd, 'costUsd');
}

export function createMemoryLedger(options: ClockOptions = {}): LedgerStore {
  const now = clockOption(options.now);
  const byId = new Map<string, UsageRecord>();
  let closed = false;

  const put = (rec: UsageRecord): void => {
    // First write wins, as with INSERT OR IGNORE / ON CONFLICT DO NOTHING.
    if (!byId.has(rec.id)) byId.set(rec.id, { ...rec });
  };

  return {
    kind: 'memory',
    async record(input: UsageRecordInput) {
      const rec = normalizeRecord(input, now);
      put(rec);
      return rec;
    },
    async recordMany(inputs: UsageRecordInput[]) {
      const recs = normalizeRecords(inputs, now);
      recs.forEach(put);
      return recs;
    },
    async query(q?: LedgerQuery) {
      const query = normalizeQuery(q);
      const rows = [...byId.values()].filter((r) => matches(r, query));
      rows.sort((a, b) => b.time - a.time || compareGroupValues(b.id, a.id));
      return rows.slice(query.offset, query.offset + query.limit).map((r) => ({ ...r }));
    },
    async totals(q?: LedgerTotalsQuery) {
      const query = normalizeTotalsQuery(q);
      const groups = new Map<string, Sums>();
      for (const rec of byId.values()) {
        if (!matches(rec, query)) continue;
        const group: Record<string, string | null> = {};
        for (const dim of query.groupBy) group[dim] = groupValue(rec, dim);
        const k = JSON.stringify(query.groupBy.map((d) => group[d]));
        let s = groups.get(k);
        if (s === undefined) {
          const tokens = Object.fromEntries(SUMMED.map((n) => [n, null])) as Sums['tokens'];
          s = { group, calls: 0, tokens, costNano: null, unpriced: 0 };
          groups.set(k, s);
        }
        addTo(s, rec);
      }
      // Ungrouped totals are one row even over no rows, as SQL's aggregate without GROUP BY.
      if (query.groupBy.length === 0 && groups.size === 0) {
        const tokens = Object.fromEntries(SUMMED.map((n) => [n, null])) as Sums['tokens'];
        groups.set('', { group: {}, calls: 0, tokens, costNano: null, unpriced: 0 });
      }
      const list = [...groups.values()];
      list.sort((a, b) => {
        for (const dim of query.groupBy) {
          const c = compareGroupValues(a.group[dim], b.group[dim]);
          if (c !== 0) return c;
        }
        return 0;
      });
      return list.map(
        (s): LedgerTotals => ({
          group: s.group,
          calls: s.calls,
          ...s.tokens,
          costUsd: s.costNano === null ? null : nanoToUsd(s.costNano),
          unpricedCalls: s.unpriced,
        }),
      );
    },
    async ping() {
      if (closed) throw new Error('the memory ledger is closed');
    },
    async close() {
      closed = true;
    },
  };
}
