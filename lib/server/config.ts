// `tokenmeter serve` configuration from flags and environment variables. Each setting is one
// row of SETTINGS (flag, variable, parser), so adding one is adding a row; a flag overrides the
// variable, and a repeated flag (--api-key) collects its values.
import type { ServerOptions } from '../../types/express';
import { parseBudgetRule } from '../gateway/limits';

/** Port when neither --port nor PORT is given (clear of the usual 3000/8080 dev servers). */
export const DEFAULT_PORT = 8787;
export const DEFAULT_HOST = '127.0.0.1';

export interface ServeConfig {
  port: number;
  host: string;
  options: ServerOptions;
  /** --prices: a price table file to load (tokenmeter's format or LiteLLM's) before serving. */
  prices?: string;
}

/**
 * The ledger when none is given: a SQLite file in the working directory, so usage survives a
 * restart, when the optional better-sqlite3 is installed; else memory (with a warning from the CLI).
 */
export const DEFAULT_LEDGER_FILE = './tokenmeter.db';
export function defaultLedger(): { spec: string; persistent: boolean } {
  try {
    require.resolve('better-sqlite3');
    return { spec: `sqlite:${DEFAULT_LEDGER_FILE}`, persistent: true };
  } catch {
    return { spec: 'memory:', persistent: false };
  }
}

/** A mistake in the flags or variables, reported with the usage text (exit code 2). */
export class ServeUsageError extends Error {}
Object.defineProperty(ServeUsageError.prototype, 'name', { value: 'ServeUsageError' });

interface Setting {
  flag: string;
  env?: string;
  /** Values to collect when the flag repeats; a variable gives a list split at `separator`. */
  list?: boolean;
  /** Default ','. */
  separator?: string;
  apply(config: ServeConfig, values: string[], source: string): void;
}

function integer(text: string, source: string, min: number, max: number): number {
  const value = /^\d+$/.test(text.trim()) ? Number(text.trim()) : NaN;
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw new ServeUsageError(`${source} must be an integer from ${min} to ${max}, not "${text}"`);
  }
  return value;
}

const SETTINGS: readonly Setting[] = [
  { flag: '--port', env: 'PORT', apply: (c, [v], source) => (c.port = integer(v, source, 0, 65535)) },
  {
    flag: '--host',
    env: 'TOKENMETER_HOST',
    apply: (c, [v], source) => {
      if (v.trim() === '') throw new ServeUsageError(`${source} must not be empty`);
      c.host = v.trim();
    },
  },
  {
    flag: '--api-key',
    env: 'TOKENMETER_API_KEYS',
    list: true,
    apply: (c, values) => {
      const keys = values.map((k) => k.trim()).filter((k) => k !== '');
      if (keys.length > 0) c.options.apiKeys = keys;
    },
  },
  {
    flag: '--max-body-bytes',
    env: 'TOKENMETER_MAX_BODY_BYTES',
    apply: (c, [v], source) => (c.options.maxBodyBytes = integer(v, source, 1, Number.MAX_SAFE_INTEGER)),
  },
  { flag: '--ledger', env: 'TOKENMETER_LEDGER', apply: (c, [v], source) => (c.options.ledger = storeSpec(v, source)) },
  { flag: '--budgets', env: 'TOKENMETER_BUDGETS', apply: (c, [v], source) => (c.options.budgets = storeSpec(v, source)) },
  {
    flag: '--budget',
    env: 'TOKENMETER_BUDGET',
    list: true,
    separator: ';', // a rule has commas of its own
    apply: (c, values, source) => {
      const rules = values.filter((v) => v.trim() !== '').map((v) => {
        try {
          return parseBudgetRule(v);
        } catch (error) {
          throw new ServeUsageError(`${source}: ${(error as Error).message}`);
        }
      });
      if (rules.length > 0) c.options.limits = rules;
    },
  },
  {
    flag: '--upstream',
    env: 'TOKENMETER_UPSTREAMS',
    list: true,
    apply: (c, values, source) => {
      const upstreams: Record<string, string> = {};
      for (const value of values.map((v) => v.trim()).filter((v) => v !== '')) {
        const match = /^(anthropic|openai)=(https?:\/\/.+)$/.exec(value);
        if (!match) throw new ServeUsageError(`${source} must be anthropic=URL or openai=URL (http or https), not "${value}"`);
        upstreams[match[1]] = match[2];
      }
      if (Object.keys(upstreams).length > 0) c.options.upstreams = upstreams;
    },
  },
  {
    flag: '--prices',
    env: 'TOKENMETER_PRICES',
    apply: (c, [v], source) => {
      if (v.trim() === '') throw new ServeUsageError(`${source} must name a file`);
      c.prices = v.trim();
    },
  },
];

function storeSpec(value: string, source: string): string {
  const spec = value.trim();
  if (spec === '') throw new ServeUsageError(`${source} must not be empty`);
  return spec;
}

export const SERVE_USAGE = [
  'usage: tokenmeter serve [--port N] [--host H] [--api-key KEY ...] [--max-body-bytes N]',
  '                        [--upstream PROVIDER=URL ...] [--ledger URL] [--budgets URL] [--budget RULE ...] [--prices FILE]',
  `  --port N            or PORT; default ${DEFAULT_PORT}; 0 picks a free port`,
  `  --host H            or TOKENMETER_HOST; default ${DEFAULT_HOST} (this machine only)`,
  '  --api-key KEY       or TOKENMETER_API_KEYS=k1,k2; when given, requests need one of the keys',
  '  --max-body-bytes N  or TOKENMETER_MAX_BODY_BYTES; default 33554432 (32 MiB)',
  '  --upstream P=URL    or TOKENMETER_UPSTREAMS=anthropic=URL,openai=URL; proxy POST /v1/messages',
  '                      (anthropic) and /v1/chat/completions, /v1/responses (openai) to URL, metered',
  `  --ledger URL        or TOKENMETER_LEDGER; usage ledger: sqlite:FILE, postgres://..., memory:;`,
  `                      default sqlite:${DEFAULT_LEDGER_FILE} (memory: when better-sqlite3 is not installed)`,
  '  --budgets URL       or TOKENMETER_BUDGETS; budget store: memory: (default), sqlite:FILE, redis://...',
  "  --budget RULE       or TOKENMETER_BUDGET=RULE;RULE; e.g. 'scope=key,window=day,tokens=100000,costUsd=5'",
  '                      scope: key|user|route|global; window: minute|hour|day|month',
  '  --prices FILE       or TOKENMETER_PRICES; a price table (tokenmeter or LiteLLM JSON) loaded at start',
].join('\n');

/** The configuration for `serve`, from its arguments and the environment; throws ServeUsageError. */
export function parseServeArgs(argv: readonly string[], env: Record<string, string | undefined>): ServeConfig {
  const config: ServeConfig = { port: DEFAULT_PORT, host: DEFAULT_HOST, options: {} };
  const fromFlags = new Map<Setting, string[]>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const eq = arg.indexOf('=');
    const name = arg.startsWith('--') && eq !== -1 ? arg.slice(0, eq) : arg;
    const setting = SETTINGS.find((s) => s.flag === name);
    if (setting === undefined) throw new ServeUsageError(`unknown argument "${arg}"`);
    let value: string;
    if (eq !== -1 && name !== arg) value = arg.slice(eq + 1);
    else if (i + 1 < argv.length) value = argv[++i];
    else throw new ServeUsageError(`${name} needs a value`);
    const values = fromFlags.get(setting) ?? [];
    if (!setting.list) values.length = 0; // the last one wins
    values.push(value);
    fromFlags.set(setting, values);
  }
  for (const setting of SETTINGS) {
    const flagged = fromFlags.get(setting);
    if (flagged !== undefined) {
      setting.apply(config, flagged, setting.flag);
      continue;
    }
    const raw = setting.env === undefined ? undefined : env[setting.env];
    if (raw === undefined || raw === '') continue; // an empty variable counts as unset
    setting.apply(config, setting.list ? raw.split(setting.separator ?? ',') : [raw], setting.env!);
  }
  return config;
}
