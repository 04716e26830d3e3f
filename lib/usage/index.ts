// Usage extraction: what a provider reported a request actually used, normalized across
// providers, from a response body or a stream. See types/usage.d.ts for the result's contract.
export { createUsageAccumulator } from './accumulator';
export { extractUsage } from './extract';
export { createUsageStream } from './stream';
