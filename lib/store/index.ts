// Usage ledger and budget stores: memory (tests), SQLite (embedded default), PostgreSQL (shared
// ledger), Redis (shared budgets), one interface each, and a resilient wrapper for outages.
// See types/store.d.ts for the contracts.
export { createStores } from './config';
export { createMemoryBudgets } from './memory-budgets';
export { createMemoryLedger } from './memory-ledger';
export { createPostgresLedger } from './postgres-ledger';
export { createRedisBudgets } from './redis-budgets';
export { resilient } from './resilient';
export { createSqliteBudgets } from './sqlite-budgets';
export { createSqliteLedger } from './sqlite-ledger';
