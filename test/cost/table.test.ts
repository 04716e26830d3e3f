// The shipped table itself: every row sourced and dated, dated rows of a model never overlapping,
// and every row reachable.
import * as fs from 'node:fs';
import * as path from 'node:path';

import type { PriceTableData } from '../../types/cost';
import { getPrice } from '../../lib/cost';
import { parseBound } from '../../lib/cost/dates';

const table = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'data', 'prices.json'), 'utf8')) as PriceTableData;

test('covers the main providers', () => {
  const providers = new Set(table.models.map((r) => r.provider));
  for (const p of ['openai', 'anthropic', 'google', 'mistral', 'deepseek', 'xai']) expect(providers).toContain(p);
  expect(Object.keys(table.providers ?? {}).sort()).toEqual([...providers].sort());
});

test('every row has a source, a check date and input/output rates', () => {
  for (const row of table.models) {
    expect([row.model, typeof row.source, row.source.length > 10]).toEqual([row.model, 'string', true]);
    expect([row.model, row.checked]).toEqual([row.model, expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/)]);
    expect([row.model, typeof row.input, typeof row.output]).toEqual([row.model, 'number', 'number']);
  }
});

test('dated rows of one model do not overlap', () => {
  const byModel = new Map<string, Array<[number, number]>>();
  for (const row of table.models) {
    const key = `${row.provider}/${row.model}`;
    const span: [number, number] = [parseBound(row.validFrom, false, 'from'), parseBound(row.validTo, true, 'to')];
    for (const [from, to] of byModel.get(key) ?? []) {
      expect([key, span[0] > to || span[1] < from]).toEqual([key, true]);
    }
    byModel.set(key, [...(byModel.get(key) ?? []), span]);
  }
});

test('every row is what getPrice returns for its model on its first day', () => {
  for (const row of table.models) {
    const at = row.validFrom ?? '2026-01-01';
    const found = getPrice(row.model, { provider: row.provider, at: row.validFrom ? at : row.validTo ?? '2026-11-01' });
    expect([row.model, found?.model, found?.validFrom ?? null]).toEqual([row.model, row.model, row.validFrom ?? null]);
  }
});

test('Anthropic: a 5-minute write costs 1.25x input and a 1-hour write 2x (Claude 3 Haiku: 0.30 = 1.2x, as published)', () => {
  for (const row of table.models) {
    if (row.provider !== 'anthropic') continue;
    const write = row.model === 'claude-3-haiku' ? 1.2 : 1.25;
    expect([row.model, Number(row.cacheWrite) / Number(row.input), Number(row.cacheWrite1h) / Number(row.input)]).toEqual([row.model, write, 2]);
  }
});
