// The gateway kit: budgets, the usage ledger and the metering proxy as (req, res, next)
// middleware. See types/gateway.d.ts for the contracts.
export { tokenBudget } from './budget';
export { parseBudgetRule } from './limits';
export { createProxy } from './proxy';
export { usageRecorder } from './recorder';
