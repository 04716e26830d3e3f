// The cost calculator's public surface (re-exported by lib/index.ts).
export { calculateCost } from './calculate';
export { estimateCost, estimateCostFromTokens } from './estimate';
export { addCosts, createCostAccumulator } from './sum';
export { loadPrices, resetPrices } from './table';
export { getPrice } from './view';
