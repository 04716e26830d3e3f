// GET /v1/usage: the ledger's totals and rows as JSON, filtered by the query string
// (key, user, model, runId, from, to, groupBy=user,day, limit).
import type { IncomingMessage } from 'node:http';
import type { CountTokensResponse } from '../../types/express';
import type { LedgerGroupBy, LedgerStore } from '../../types/store';
import { errorAnswer } from './answers';
import { newRequestId } from './request-id';

const FILTERS = ['key', 'user', 'model', 'runId', 'from', 'to'] as const;
const PARAMS = new Set<string>([...FILTERS, 'groupBy', 'limit']);
/** Rows per answer when no limit is asked, and the most allowed (totals cover every row anyway). */
const DEFAULT_ROWS = 100;
const MAX_ROWS = 1000;

function badRequest(message: string): CountTokensResponse {
  return errorAnswer('anthropic', 400, message, newRequestId());
}

/** A time bound given as digits is milliseconds since the epoch; anything else goes to the store as a date string. */
function timeBound(text: string): number | string {
  return /^\d+$/.test(text) ? Number(text) : text;
}

export async function answerUsage(req: IncomingMessage, ledger: LedgerStore): Promise<CountTokensResponse> {
  const params = new URL(req.url ?? '/', 'http://localhost').searchParams;
  for (const name of params.keys()) if (!PARAMS.has(name)) return badRequest(`unknown query parameter "${name}"`);
  const filter: Record<string, string | number> = {};
  for (const name of FILTERS) {
    const value = params.get(name);
    if (value !== null && value !== '') filter[name] = name === 'from' || name === 'to' ? timeBound(value) : value;
  }
  const groupBy = (params.get('groupBy') ?? '').split(',').map((g) => g.trim()).filter((g) => g !== '') as LedgerGroupBy[];
  const limitText = params.get('limit');
  const limit = limitText === null ? DEFAULT_ROWS : Number(limitText);
  if (!Number.isSafeInteger(limit) || limit < 0 || limit > MAX_ROWS) return badRequest(`limit must be a whole number from 0 to ${MAX_ROWS}`);
  try {
    const [totals, rows] = await Promise.all([
      ledger.totals({ ...filter, groupBy: groupBy.length > 0 ? groupBy : undefined }),
      limit === 0 ? Promise.resolve([]) : ledger.query({ ...filter, limit }),
    ]);
    const body = JSON.stringify({ totals, rows });
    return { status: 200, headers: { 'content-type': 'application/json', 'request-id': newRequestId() }, body };
  } catch (error) {
    // The store refuses bad filters (an unknown groupBy, an unreadable date) as ERR_INVALID_ARGUMENT.
    if ((error as { code?: unknown })?.code === 'ERR_INVALID_ARGUMENT') return badRequest((error as Error).message);
    throw error;
  }
}
