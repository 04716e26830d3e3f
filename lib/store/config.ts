// createStores: "choosing a store is a config line". A store is named by one string, so it can come
// from an environment variable: TOKENMETER_LEDGER=postgres://... TOKENMETER_BUDGETS=redis://...
import type { BudgetStore, LedgerStore, ResilientBudgets, ResilientLedger, Stores, StoresConfig } from '../../types/store';
import { createMemoryBudgets } from './memory-budgets';
import { createMemoryLedger } from './memory-ledger';
import { createPostgresLedger } from './postgres-ledger';
import { createRedisBudgets } from './redis-budgets';
import { resilientBudgets } from './resilient-budgets';
import { resilientLedger } from './resilient-ledger';
import { createSqliteBudgets } from './sqlite-budgets';
import { createSqliteLedger } from './sqlite-ledger';
import { invalid, isPlainObject } from './validate';

const FORMS = "'memory:', 'sqlite:<file>', 'postgres://...' (ledger) or 'redis://...' (budgets)";

type Parsed = { type: 'memory' } | { type: 'sqlite'; path: string } | { type: 'postgres'; url: string } | { type: 'redis'; url: string };

export function parseStoreSpec(spec: string, what: string): Parsed {
  if (spec === 'memory:' || spec === 'memory') return { type: 'memory' };
  if (spec.startsWith('sqlite:')) {
    const path = spec.slice('sqlite:'.length);
    if (path === '') throw invalid(`${what}: 'sqlite:' needs a file, e.g. 'sqlite:./tokenmeter.db'`);
    return { type: 'sqlite', path };
  }
  if (/^postgres(ql)?:\/\//.test(spec)) return { type: 'postgres', url: spec };
  if (/^rediss?:\/\//.test(spec)) return { type: 'redis', url: spec };
  throw invalid(`${what} must be ${FORMS}, got ${JSON.stringify(spec)}`);
}

function ledgerFrom(spec: StoresConfig['ledger'], config: StoresConfig): LedgerStore {
  if (spec !== undefined && typeof spec !== 'string') {
    if (typeof spec?.record !== 'function') throw invalid('ledger must be a store string or a ledger store');
    return spec;
  }
  const parsed = parseStoreSpec(spec ?? 'memory:', 'ledger');
  switch (parsed.type) {
    case 'memory':
      return createMemoryLedger({ now: config.now });
    case 'sqlite':
      return createSqliteLedger({ path: parsed.path, now: config.now });
    case 'postgres':
      return createPostgresLedger({ url: parsed.url, table: config.table, now: config.now });
    case 'redis':
      throw invalid('ledger: Redis keeps budgets, not the ledger; use sqlite:<file> or postgres://...');
  }
}

function budgetsFrom(spec: StoresConfig['budgets'], config: StoresConfig): BudgetStore {
  if (spec !== undefined && typeof spec !== 'string') {
    if (typeof spec?.consume !== 'function') throw invalid('budgets must be a store string or a budget store');
    return spec;
  }
  const parsed = parseStoreSpec(spec ?? 'memory:', 'budgets');
  const common = { now: config.now, settleGraceMs: config.settleGraceMs };
  switch (parsed.type) {
    case 'memory':
      return createMemoryBudgets(common);
    case 'sqlite':
      return createSqliteBudgets({ path: parsed.path, ...common });
    case 'redis':
      return createRedisBudgets({ url: parsed.url, prefix: config.prefix, ...common });
    case 'postgres':
      throw invalid('budgets: use redis://... for budgets shared by several instances (or sqlite:<file> / memory:)');
  }
}

export function createStores(config: StoresConfig & { resilient: false }): Stores;
export function createStores(config?: StoresConfig): Stores<ResilientLedger, ResilientBudgets>;
export function createStores(config: StoresConfig = {}): Stores<LedgerStore, BudgetStore> {
  if (!isPlainObject(config as unknown)) throw invalid('createStores expects an object such as { ledger: "sqlite:./tokenmeter.db" }');
  const bare = config.resilient === false;
  const options = bare ? undefined : { now: config.now, ...(config.resilient || {}) };
  const ledgerStore = ledgerFrom(config.ledger, config);
  let budgetStore: BudgetStore;
  try {
    budgetStore = budgetsFrom(config.budgets, config);
  } catch (err) {
    void ledgerStore.close().catch(() => {}); // do not leak the ledger's connection or file handle
    throw err;
  }
  const ledger = bare ? ledgerStore : resilientLedger(ledgerStore, options);
  const budgets = bare ? budgetStore : resilientBudgets(budgetStore, options);
  return {
    ledger,
    budgets,
    async close() {
      const results = await Promise.allSettled([ledger.close(), budgets.close()]);
      const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (failed) throw failed.reason;
    },
  };
}
