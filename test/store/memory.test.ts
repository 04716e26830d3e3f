// The conformance suites against the in-memory stores.
import { createMemoryBudgets, createMemoryLedger } from '../../lib/store';
import { budgetConformance } from './helpers/budget-conformance';
import { ledgerConformance } from './helpers/ledger-conformance';

describe('memory ledger', () => {
  ledgerConformance({ open: (now) => createMemoryLedger({ now }), dispose: (s) => s.close() });
});

describe('memory budgets', () => {
  budgetConformance({ open: (now) => createMemoryBudgets({ now }), dispose: (s) => s.close() });
});
