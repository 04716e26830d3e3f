// calculateCost: usage + options -> an exact, itemized cost. Pick the model (served beats
// requested), pick its dated row, split the usage into token classes, plan the rates for this
// request (long context, batch, tier, speed, region, time of day), multiply.
import type { CostOptions, CostResult, NormalizedUsage, ServiceTier } from '../../types/cost';
import { TokenmeterError } from '../errors';
import { parseAt } from './dates';
import { applyRatio, attoToNumber, formatUsd } from './money';
import { checkOptions, nonEmpty, reportedTier } from './options';
import { planRates } from './rates';
import { priceInfo, priceLines, webSearchLine, zeroCost, type TokenKind } from './result';
import { selectRow } from './select';
import { checkPolicy, unknownPrice } from './unknown';
import { checkUsage, splitUsage } from './usage';

/** Cache-write TTLs the rates cover: Anthropic 5 min / 1 h (split), OpenAI 30 min (the default write). */
const PRICED_TTLS = new Set(['5m', '1h', '30m']);

export function calculateCost(usage: NormalizedUsage, options?: CostOptions): CostResult | null {
  checkUsage(usage);
  const opts = checkOptions(options);
  const policy = checkPolicy(opts.unknownModel);
  // Nothing reported (aborted stream, no include_usage): the cost is unknown, which is not $0.
  if (usage.available === false) return null;
  const atMs = parseAt(opts.at);

  const served = nonEmpty(usage.model);
  const requested = nonEmpty(opts.model);
  if (served === null && requested === null) {
    throw new TokenmeterError('ERR_INVALID_ARGUMENT', 'no model to price: pass options.model (or a usage with model)');
  }
  const name = (served ?? requested) as string;
  // The caller's provider is the more specific (e.g. 'vertex' for a Claude payload); else the usage's.
  const provider = nonEmpty(opts.provider) ?? nonEmpty(usage.provider);
  const split = splitUsage(usage);
  const warnings: string[] = [];
  const unpriced = (reason: string): CostResult | null => unknownPrice(policy, name, reason, () => zeroCost(split, name, provider, reason));

  // The served model is what was billed; the requested one stands in only when the served id is unpriced.
  let sel = selectRow(name, provider, atMs);
  if (!sel.ok && served !== null && requested !== null && requested !== served) {
    const alt = selectRow(requested, provider, atMs);
    if (alt.ok) {
      warnings.push(`served model '${served}' has no price; priced as the requested model '${requested}'`);
      sel = alt;
    }
  }
  if (!sel.ok) return unpriced(sel.reason);

  const reported = reportedTier(usage.serviceTier);
  if (reported === null && nonEmpty(usage.serviceTier) !== null) {
    warnings.push(`service tier '${usage.serviceTier}' reported; priced at ${opts.serviceTier ?? 'standard'} per-token rates`);
  }
  const batch = opts.batch === true || reported === 'batch';
  const tier: ServiceTier = reported !== null && reported !== 'batch' ? reported : opts.serviceTier ?? 'standard';
  if (batch && tier !== 'standard') {
    throw new TokenmeterError('ERR_INVALID_ARGUMENT', `a request is either batch or '${tier}' tier, not both`);
  }
  const plan = planRates(sel.row, {
    totalInput: split.totalInput,
    batch,
    tier,
    fast: (opts.speed ?? nonEmpty(usage.speed)?.toLowerCase()) === 'fast',
    region: nonEmpty(opts.region) ?? nonEmpty(usage.region) ?? sel.idRegion,
    regionFrom: nonEmpty(opts.region) !== null ? 'options' : nonEmpty(usage.region) !== null ? 'usage' : 'id',
    platform: sel.platform,
    atMs,
  });
  if ('error' in plan) return unpriced(plan.error);
  warnings.push(...plan.warnings);
  for (const [ttl, n] of Object.entries(usage.cacheWriteByTtl ?? {})) {
    if (!PRICED_TTLS.has(ttl) && typeof n === 'number' && n > 0) {
      warnings.push(`${n} cache-write tokens with a ${ttl} TTL priced at the default write rate (no ${ttl} price known)`);
    }
  }

  // Reasoning gets its own line only where it has its own rate; otherwise it stays inside output.
  const { output: out, reasoning: think } = plan.rates;
  const apart = out !== undefined && think !== undefined && applyRatio(think.start, think.ratio) !== applyRatio(out.start, out.ratio);
  const tokens: Record<TokenKind, number> = {
    input: split.input,
    cacheRead: split.cacheRead,
    cacheWrite: split.cacheWrite,
    cacheWrite1h: split.cacheWrite1h,
    output: apart ? split.output - split.reasoning : split.output,
    reasoning: apart ? split.reasoning : 0,
  };
  const priced = priceLines(tokens, plan, warnings);
  if ('missing' in priced) return unpriced(`no ${priced.missing} price for '${sel.row.id}'`);
  const total = priced.total + webSearchLine(sel.row, usage, priced.lines, warnings);
  return {
    total: attoToNumber(total),
    totalExact: formatUsd(total),
    currency: 'USD',
    lines: priced.lines,
    price: priceInfo(sel.row, plan, warnings, atMs),
    complete: split.complete,
  };
}
