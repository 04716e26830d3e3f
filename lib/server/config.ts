// `tokenmeter serve` configuration from flags and environment variables. Each setting is one
// row of SETTINGS (flag, variable, parser), so adding one is adding a row; a flag overrides the
// variable, and a repeated flag (--api-key) collects its values.
import type { ServerOptions } from '../../types/express';

/** Port when neither --port nor PORT is given (clear of the usual 3000/8080 dev servers). */
export const DEFAULT_PORT = 8787;
export const DEFAULT_HOST = '127.0.0.1';

export interface ServeConfig {
  port: number;
  host: string;
  options: ServerOptions;
}

/** A mistake in the flags or variables, reported with the usage text (exit code 2). */
export class ServeUsageError extends Error {}
Object.defineProperty(ServeUsageError.prototype, 'name', { value: 'ServeUsageError' });

interface Setting {
  flag: string;
  env?: string;
  /** Values to collect when the flag repeats; a variable gives a comma-separated list. */
  list?: boolean;
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
];

export const SERVE_USAGE = [
  'usage: tokenmeter serve [--port N] [--host H] [--api-key KEY ...] [--max-body-bytes N]',
  `  --port N            or PORT; default ${DEFAULT_PORT}; 0 picks a free port`,
  `  --host H            or TOKENMETER_HOST; default ${DEFAULT_HOST} (this machine only)`,
  '  --api-key KEY       or TOKENMETER_API_KEYS=k1,k2; when given, requests need one of the keys',
  '  --max-body-bytes N  or TOKENMETER_MAX_BODY_BYTES; default 33554432 (32 MiB)',
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
    setting.apply(config, setting.list ? raw.split(',') : [raw], setting.env!);
  }
  return config;
}
