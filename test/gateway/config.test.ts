// `tokenmeter serve` settings from flags and environment variables.
import { DEFAULT_PORT, ServeUsageError, parseServeArgs } from '../../lib/server';

describe('parseServeArgs', () => {
  it('defaults: port 8787 on 127.0.0.1, no keys, default body limit', () => {
    expect(DEFAULT_PORT).toBe(8787);
    expect(parseServeArgs([], {})).toEqual({ port: 8787, host: '127.0.0.1', options: {} });
  });

  it('reads PORT and the TOKENMETER_ variables; an empty variable counts as unset', () => {
    const env = { PORT: '9001', TOKENMETER_HOST: '0.0.0.0', TOKENMETER_API_KEYS: 'a, b,,c', TOKENMETER_MAX_BODY_BYTES: '1000' };
    expect(parseServeArgs([], env)).toEqual({ port: 9001, host: '0.0.0.0', options: { apiKeys: ['a', 'b', 'c'], maxBodyBytes: 1000 } });
    expect(parseServeArgs([], { PORT: '' }).port).toBe(8787);
  });

  it('flags override variables; --api-key repeats; --flag=value works; port 0 is allowed', () => {
    const env = { PORT: '9001', TOKENMETER_API_KEYS: 'env-key' };
    const config = parseServeArgs(['--port=0', '--api-key', 'k1', '--api-key=k2', '--host', '::1', '--max-body-bytes', '64'], env);
    expect(config).toEqual({ port: 0, host: '::1', options: { apiKeys: ['k1', 'k2'], maxBodyBytes: 64 } });
    expect(parseServeArgs(['--port', '1', '--port', '2'], {}).port).toBe(2);
  });

  it.each([
    [['--port', '70000']],
    [['--port', 'abc']],
    [['--port', '-1']],
    [['--port']],
    [['--host', '']],
    [['--max-body-bytes', '0']],
    [['--verbose']],
    [['extra']],
  ])('refuses %j with a usage error', (argv) => {
    expect(() => parseServeArgs(argv, {})).toThrow(ServeUsageError);
  });

  it('names the variable when a variable is wrong', () => {
    expect(() => parseServeArgs([], { PORT: 'http' })).toThrow(/PORT/);
  });
});
