// The price table in force: data/prices.json as shipped, under any tables the caller loaded
// (loadPrices), newest on top. Loading never touches the network: the shipped file is the
// offline snapshot, and overrides are the way to correct it between releases.
import * as fs from 'node:fs';
import * as path from 'node:path';

import type { LoadPricesResult, PriceRowData, PriceTableData, ProviderDefaultsData } from '../../types/cost';
import { TokenmeterError } from '../errors';
import { compileAdjustments, compileRow, type AdjustmentSet, type CompiledRow } from './compile';
import { fromLiteLLM, isLiteLLMTable } from './litellm';
import { normalizeProvider } from './model-id';

export interface Layer {
  rowsById: Map<string, CompiledRow[]>;
  /** Every id and alias -> the row id it names. */
  aliasToId: Map<string, string>;
  providers: Map<string, AdjustmentSet>;
  generated: string | null;
}

let shipped: Layer | undefined;
/** Loaded tables, newest first. */
let loaded: Layer[] = [];
const resetHooks: Array<() => void> = [];

function buildLayer(rows: CompiledRow[], providers: Record<string, ProviderDefaultsData> | undefined, generated: string | null): Layer {
  const rowsById = new Map<string, CompiledRow[]>();
  for (const row of rows) {
    const list = rowsById.get(row.id);
    if (list) list.push(row);
    else rowsById.set(row.id, [row]);
  }
  const aliasToId = new Map<string, string>();
  for (const id of rowsById.keys()) aliasToId.set(id, id);
  // A row's own id always beats another row's alias of the same spelling.
  for (const row of rows) for (const alias of row.aliases) if (!aliasToId.has(alias)) aliasToId.set(alias, row.id);

  const compiled = new Map<string, AdjustmentSet>();
  if (providers !== undefined) {
    if (typeof providers !== 'object' || providers === null) {
      throw new TokenmeterError('ERR_INVALID_ARGUMENT', 'providers must be an object of provider defaults');
    }
    for (const [name, defaults] of Object.entries(providers)) {
      compiled.set(normalizeProvider(name), compileAdjustments(defaults ?? {}, `providers.${name}`));
    }
  }
  return { rowsById, aliasToId, providers: compiled, generated };
}

function layerFromTable(table: PriceTableData): Layer {
  if (!Array.isArray(table.models)) throw new TokenmeterError('ERR_INVALID_ARGUMENT', 'a price table needs a models array');
  return buildLayer(table.models.map(compileRow), table.providers, table.generated ?? null);
}

/** Where data/prices.json is, from lib/cost/ (ts-jest) or dist/lib/cost/ (the build). */
function shippedFile(): string {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const file = path.join(dir, 'data', 'prices.json');
    if (fs.existsSync(file)) return file;
    if (path.dirname(dir) === dir) throw new TokenmeterError('ERR_INTERNAL', 'data/prices.json is missing from the package');
  }
}

function shippedLayer(): Layer {
  shipped ??= layerFromTable(JSON.parse(fs.readFileSync(shippedFile(), 'utf8')) as PriceTableData);
  return shipped;
}

/** Top first: the newest loaded table, ..., the shipped table. */
export function layers(): Layer[] {
  return [...loaded, shippedLayer()];
}

function readTable(file: string): Record<string, unknown> {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new TokenmeterError('ERR_INVALID_ARGUMENT', `cannot read price table ${file}: ${(error as Error).message}`);
  }
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch (error) {
    throw new TokenmeterError('ERR_INVALID_JSON', `price table ${file} is not JSON: ${(error as Error).message}`);
  }
}

/**
 * Merges a table over the current one. Rows of a model named in it take precedence over every
 * earlier row of that model (where their dates apply); everything else stays. A malformed table
 * throws and changes nothing.
 */
export function loadPrices(table: PriceTableData | Record<string, unknown> | string): LoadPricesResult {
  const origin = typeof table === 'string' ? `LiteLLM table ${path.basename(table)} (loadPrices)` : 'LiteLLM table (loadPrices)';
  const data = typeof table === 'string' ? readTable(table) : table;
  if (typeof data !== 'object' || data === null) {
    throw new TokenmeterError('ERR_INVALID_ARGUMENT', 'loadPrices expects a price table object or a path to a JSON file');
  }
  let layer: Layer;
  let result: LoadPricesResult;
  if (Array.isArray(data)) {
    layer = layerFromTable({ models: data as PriceRowData[] });
    result = { format: 'tokenmeter', rows: data.length, skipped: [] };
  } else if (isLiteLLMTable(data as Record<string, unknown>)) {
    const converted = fromLiteLLM(data as Record<string, unknown>, origin);
    layer = layerFromTable({ models: converted.rows });
    result = { format: 'litellm', rows: converted.rows.length, skipped: converted.skipped };
  } else if (Array.isArray((data as PriceTableData).models)) {
    layer = layerFromTable(data as PriceTableData);
    result = { format: 'tokenmeter', rows: (data as PriceTableData).models.length, skipped: [] };
  } else {
    throw new TokenmeterError(
      'ERR_INVALID_ARGUMENT',
      'loadPrices: not a price table (expected { models: [...] } or LiteLLM model_prices_and_context_window.json)',
    );
  }
  loaded = [layer, ...loaded];
  return result;
}

/** Drops every loaded table: the shipped prices only. */
export function resetPrices(): void {
  loaded = [];
  for (const hook of resetHooks) hook();
}

export function onReset(hook: () => void): void {
  resetHooks.push(hook);
}
