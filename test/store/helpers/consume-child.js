// One gateway process of the concurrency test: opens a budget store, waits for a shared start
// time (so both processes fire together), fires `count` consume calls at once, and prints how many
// were allowed. Arguments come as one JSON object in argv[2].
'use strict';
require('./ts-require');
const { createRedisBudgets, createSqliteBudgets } = require('../../../lib/store');

async function main() {
  const a = JSON.parse(process.argv[2]);
  const store = a.store === 'redis' ? createRedisBudgets({ url: a.url, prefix: a.prefix }) : createSqliteBudgets({ path: a.path });
  await store.ping(); // connected before the start line, so the connection is not what is measured
  await new Promise((r) => setTimeout(r, Math.max(0, a.startAt - Date.now())));
  const results = await Promise.all(
    Array.from({ length: a.count }, () => store.consume({ scope: a.scope, window: 'day', limit: { tokens: a.limit }, amount: { tokens: a.amount } })),
  );
  await store.close();
  process.stdout.write(JSON.stringify({ allowed: results.filter((r) => r.allowed).length, denied: results.filter((r) => !r.allowed).length }));
}

main().catch((err) => {
  process.stderr.write(String(err && err.stack ? err.stack : err));
  process.exit(1);
});
