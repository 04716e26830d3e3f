// The ledger conformance suite against a real PostgreSQL (started by .ci/services.sh), each test in
// a table of its own, dropped afterwards.
import { Client } from 'pg';
import { createPostgresLedger } from '../../lib/store';
import type { LedgerStore } from '../../types/store';
import { ledgerConformance } from './helpers/ledger-conformance';
import { mustReach, PG_URL, unique } from './helpers/env';

jest.setTimeout(30_000);
const admin = new Client({ connectionString: PG_URL });
const tables = new Map<LedgerStore, string>();

beforeAll(async () => {
  await mustReach('PostgreSQL', PG_URL, () => admin.connect());
});
afterAll(async () => {
  await admin.end();
});

describe('postgres ledger', () => {
  ledgerConformance({
    open: (now) => {
      const table = `tm_test_${unique()}`;
      const store = createPostgresLedger({ url: PG_URL, table, now });
      tables.set(store, table);
      return store;
    },
    dispose: async (store) => {
      await store.close();
      await admin.query(`DROP TABLE IF EXISTS ${tables.get(store)}`);
      tables.delete(store);
    },
  });

  test('creates its table once, even when two instances start at the same time', async () => {
    const table = `tm_test_${unique()}`;
    const [a, b] = [createPostgresLedger({ url: PG_URL, table }), createPostgresLedger({ url: PG_URL, table })];
    await Promise.all([a.record({ id: '1' }), b.record({ id: '2' }), a.record({ id: '1' })]);
    expect((await b.query()).map((r) => r.id).sort()).toEqual(['1', '2']);
    await Promise.all([a.close(), b.close()]);
    await admin.query(`DROP TABLE ${table}`);
  });

  test('refuses a table name that is not a plain identifier', () => {
    expect(() => createPostgresLedger({ url: PG_URL, table: 'x; DROP TABLE y' })).toThrow(expect.objectContaining({ code: 'ERR_INVALID_ARGUMENT' }));
  });
});
