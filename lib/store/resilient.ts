// resilient(store): one entry point for both kinds of store, told apart by their methods.
import type { BudgetStore, LedgerStore, ResilientBudgets, ResilientLedger, ResilientOptions } from '../../types/store';
import { resilientBudgets } from './resilient-budgets';
import { resilientLedger } from './resilient-ledger';
import { invalid } from './validate';

export function resilient(store: LedgerStore, options?: ResilientOptions): ResilientLedger;
export function resilient(store: BudgetStore, options?: ResilientOptions): ResilientBudgets;
export function resilient(store: LedgerStore | BudgetStore, options?: ResilientOptions): ResilientLedger | ResilientBudgets {
  if (typeof (store as BudgetStore)?.consume === 'function') return resilientBudgets(store as BudgetStore, options);
  if (typeof (store as LedgerStore)?.record === 'function') return resilientLedger(store as LedgerStore, options);
  throw invalid('resilient() expects a ledger store (with record) or a budget store (with consume)');
}
