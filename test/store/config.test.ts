// createStores ("choosing a store is a config line") and the optional-dependency errors.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as impl from '../../lib/store';
import { createMemoryLedger, createStores } from '../../lib/store';
import type * as decl from '../../types/store';
import { parseStoreSpec } from '../../lib/store/config';
import { loadOptional } from '../../lib/store/load';
import { PG_URL, REDIS_URL } from './helpers/env';

test('store strings', () => {
  expect(parseStoreSpec('memory:', 'ledger')).toEqual({ type: 'memory' });
  expect(parseStoreSpec('sqlite:./tokenmeter.db', 'ledger')).toEqual({ type: 'sqlite', path: './tokenmeter.db' });
  expect(parseStoreSpec('sqlite::memory:', 'ledger')).toEqual({ type: 'sqlite', path: ':memory:' });
  expect(parseStoreSpec('postgresql://u@h:5432/db', 'ledger')).toEqual({ type: 'postgres', url: 'postgresql://u@h:5432/db' });
  expect(parseStoreSpec('rediss://h:6380', 'budgets')).toEqual({ type: 'redis', url: 'rediss://h:6380' });
  for (const bad of ['mysql://x', 'sqlite:', './file.db', '']) {
    expect(() => parseStoreSpec(bad, 'ledger')).toThrow(expect.objectContaining({ code: 'ERR_INVALID_ARGUMENT' }));
  }
});

test('defaults to memory stores, wrapped to survive outages', async () => {
  const stores = createStores();
  expect(stores.ledger.kind).toBe('resilient(memory)');
  expect(stores.budgets.kind).toBe('resilient(memory)');
  expect(stores.ledger.stats()).toMatchObject({ available: true, buffered: 0 });
  await stores.close();
});

test('one line picks SQLite for both; the data survives a restart', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tokenmeter-config-'));
  try {
    const spec = `sqlite:${path.join(dir, 'tm.db')}`;
    const a = createStores({ ledger: spec, budgets: spec });
    await a.ledger.record({ id: 'r1', user: 'alice', costUsd: 0.5 });
    const r = await a.budgets.consume({ scope: 'alice', window: 'month', limit: { costUsd: 1 }, amount: { costUsd: 0.6 } });
    await a.budgets.settle(r.reservationId!, { costUsd: 0.5 });
    await a.close();
    const b = createStores({ ledger: spec, budgets: spec, resilient: false });
    expect(b.ledger.kind).toBe('sqlite');
    expect((await b.ledger.totals({ groupBy: 'user' }))[0]).toMatchObject({ group: { user: 'alice' }, costUsd: 0.5 });
    expect((await b.budgets.usage('alice', 'month')).costUsd).toBe(0.5);
    await b.close();
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('postgres and redis by URL (each only where it belongs)', async () => {
  const stores = createStores({ ledger: PG_URL, budgets: REDIS_URL, table: 'tm_config_test', prefix: 'tmtest:config:', resilient: false });
  expect([stores.ledger.kind, stores.budgets.kind]).toEqual(['postgres', 'redis']);
  await stores.close();
  expect(() => createStores({ ledger: REDIS_URL })).toThrow(/Redis keeps budgets/);
  expect(() => createStores({ budgets: PG_URL })).toThrow(/redis:\/\//);
});

test('a store object passes through', async () => {
  const ledger = createMemoryLedger();
  const stores = createStores({ ledger, resilient: false });
  expect(stores.ledger).toBe(ledger);
  await stores.close();
});

test('a missing optional package says what to install', () => {
  expect(() => loadOptional('tokenmeter-no-such-package', 'The test store')).toThrow(
    expect.objectContaining({ code: 'ERR_MISSING_DEPENDENCY', message: expect.stringContaining('npm install tokenmeter-no-such-package') }),
  );
});

test.each([
  ['better-sqlite3', 'npm install better-sqlite3@^12.11.1', 'sqlite:x.db', 'ledger'],
  ['pg', 'npm install pg@^8', 'postgres://u@127.0.0.1/db', 'ledger'],
  ['ioredis', 'npm install ioredis@^6', 'redis://127.0.0.1:1', 'budgets'],
])('without %s installed, createStores says: %s', (pkg, install, spec, role) => {
  jest.isolateModules(() => {
    jest.doMock(pkg, () => {
      const err = new Error(`Cannot find module '${pkg}'`) as NodeJS.ErrnoException;
      err.code = 'MODULE_NOT_FOUND';
      throw err;
    });
    const { createStores: fresh } = require('../../lib/store') as typeof import('../../lib/store');
    expect(() => fresh({ [role]: spec })).toThrow(
      expect.objectContaining({ code: 'ERR_MISSING_DEPENDENCY', message: expect.stringContaining(install) }),
    );
  });
});

test('the implementation matches the published declarations (checked by tsc)', () => {
  const declared: {
    createStores: typeof decl.createStores;
    createMemoryLedger: typeof decl.createMemoryLedger;
    createSqliteLedger: typeof decl.createSqliteLedger;
    createPostgresLedger: typeof decl.createPostgresLedger;
    createMemoryBudgets: typeof decl.createMemoryBudgets;
    createSqliteBudgets: typeof decl.createSqliteBudgets;
    createRedisBudgets: typeof decl.createRedisBudgets;
    resilient: typeof decl.resilient;
  } = impl;
  expect(Object.keys(declared).sort()).toEqual(Object.keys(impl).sort());
});
