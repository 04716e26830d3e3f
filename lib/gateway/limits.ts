// Budget rules: checking them once at start-up, the `--budget` text form, and the budget-store
// scope string a rule names for one request.
import type { BudgetRule, BudgetScope } from '../../types/gateway';
import type { BudgetWindow } from '../../types/store';
import { TokenmeterError } from '../errors';
import type { Identity } from './identity';

const SCOPES: readonly BudgetScope[] = ['key', 'user', 'route', 'global'];
const WINDOWS: readonly BudgetWindow[] = ['minute', 'hour', 'day', 'month'];

function invalid(message: string): never {
  throw new TokenmeterError('ERR_INVALID_ARGUMENT', message);
}

function limitValue(value: unknown, what: string, integer: boolean): number | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'number' || !(value >= 0) || !Number.isFinite(value) || (integer && !Number.isSafeInteger(value))) {
    invalid(`${what} must be a ${integer ? 'whole number' : 'number'} >= 0`);
  }
  return value;
}

export function checkRule(rule: BudgetRule, where: string): BudgetRule {
  if (typeof rule !== 'object' || rule === null) invalid(`${where} must be an object`);
  if (!SCOPES.includes(rule.scope)) invalid(`${where}.scope must be one of ${SCOPES.join(', ')}`);
  if (!WINDOWS.includes(rule.window)) invalid(`${where}.window must be one of ${WINDOWS.join(', ')}`);
  const tokens = limitValue(rule.tokens, `${where}.tokens`, true);
  const costUsd = limitValue(rule.costUsd, `${where}.costUsd`, false);
  if (tokens === null && costUsd === null) invalid(`${where} needs tokens or costUsd`);
  return { scope: rule.scope, window: rule.window, tokens, costUsd };
}

/** 'scope=key,window=day,tokens=100000,costUsd=5': comma-separated name=value pairs, any order. */
export function parseBudgetRule(text: string): BudgetRule {
  if (typeof text !== 'string') invalid('a budget must be text such as "scope=key,window=day,tokens=100000"');
  const fields: Record<string, string> = {};
  for (const part of text.split(',')) {
    if (part.trim() === '') continue;
    const eq = part.indexOf('=');
    if (eq === -1) invalid(`budget "${text}": "${part.trim()}" is not name=value`);
    fields[part.slice(0, eq).trim()] = part.slice(eq + 1).trim();
  }
  for (const name of Object.keys(fields)) {
    if (!['scope', 'window', 'tokens', 'costUsd'].includes(name)) invalid(`budget "${text}": unknown field "${name}"`);
  }
  const number = (name: string) => {
    if (fields[name] === undefined) return null;
    const value = Number(fields[name]);
    if (fields[name] === '' || Number.isNaN(value)) invalid(`budget "${text}": ${name} must be a number`);
    return value;
  };
  return checkRule(
    { scope: (fields.scope ?? 'key') as BudgetScope, window: (fields.window ?? 'day') as BudgetWindow, tokens: number('tokens'), costUsd: number('costUsd') },
    `budget "${text}"`,
  );
}

/** The budget-store scope a rule names for this call, or null when the rule does not apply (no key, no user). */
export function scopeOf(rule: BudgetRule, who: Identity, route: string): string | null {
  switch (rule.scope) {
    case 'key':
      return who.key === null ? null : `key:${who.key}`;
    case 'user':
      return who.user === null ? null : `user:${who.user}`;
    case 'route':
      return `route:${route}`;
    case 'global':
      return 'global';
  }
}
