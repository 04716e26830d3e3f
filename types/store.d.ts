// Public types of the usage ledger and the budget stores (lib/store/): where a gateway writes one
// row per LLM call, and where it checks and reserves token/cost budgets before a call.
//
// Every store takes an injectable clock (`now`), so windows and default record times can be tested.
// These types are self-contained on purpose: they never name better-sqlite3, pg or ioredis types,
// so a user who installs none of those optional packages still compiles against them.

// ----------------------------------------------------------------------------------------------
// Ledger

/**
 * One LLM call as the ledger keeps it. Every count is a whole number of tokens, or `null` when it
 * is unknown: unknown is never 0.
 */
export interface UsageRecord {
  /** Unique id. Writing the same id twice keeps one row, so a retried write never double-counts. */
  id: string;
  /** When the call was made, in milliseconds since the Unix epoch. */
  time: number;
  /** The API key (its name or id, not the secret) the call was made with. */
  key: string | null;
  user: string | null;
  /** Groups the calls of one agent run, job or conversation. */
  runId: string | null;
  /** The gateway route or endpoint, e.g. '/v1/messages'. */
  route: string | null;
  provider: string | null;
  model: string | null;
  /** The input count made before the call (tokenmeter's estimate). */
  estimatedInputTokens: number | null;
  /** What the provider reported (cache reads and writes included, as extractUsage reports it). */
  inputTokens: number | null;
  outputTokens: number | null;
  cacheReadTokens: number | null;
  cacheWriteTokens: number | null;
  reasoningTokens: number | null;
  /** The call's cost in USD. The ledger keeps this number and sums costs exactly to 1e-9 USD. */
  costUsd: number | null;
  durationMs: number | null;
  /** HTTP status of the call. */
  status: number | null;
  /** Reported input minus estimated input, when both are known. */
  discrepancyTokens: number | null;
  /** Whether the estimate was exact, when known. */
  exact: boolean | null;
}

/**
 * What `record` accepts: any subset of UsageRecord. A missing `id` is generated (a UUID), a missing
 * `time` is the store's clock, every other missing field is `null`. Unknown field names are refused
 * (ERR_INVALID_ARGUMENT) rather than silently dropped.
 */
export type UsageRecordInput = Partial<Omit<UsageRecord, 'time'>> & { time?: number | Date };

/** A time bound: milliseconds since the epoch, a Date, or a date string Date.parse reads. */
export type TimeBound = number | Date | string;

/** Which rows a query or a total covers. Every given field must match; `from` is inclusive, `to` exclusive. */
export interface LedgerFilter {
  key?: string;
  user?: string;
  model?: string;
  runId?: string;
  from?: TimeBound;
  to?: TimeBound;
}

export interface LedgerQuery extends LedgerFilter {
  /** At most this many rows (default 1000). */
  limit?: number;
  /** Skip this many rows first (default 0). */
  offset?: number;
}

/** What totals can be grouped by. `day` ('2026-11-23') and `month` ('2026-11') are UTC calendar periods. */
export type LedgerGroupBy = 'key' | 'user' | 'model' | 'runId' | 'day' | 'month';

export interface LedgerTotalsQuery extends LedgerFilter {
  /** One dimension, or several for a cross table: `['user', 'day']` is the cost per user per day. */
  groupBy?: LedgerGroupBy | LedgerGroupBy[];
}

/** The sums over one group of rows. */
export interface LedgerTotals {
  /**
   * The group's value for each groupBy dimension (`{ user: 'alice', day: '2026-11-23' }`); `null` for
   * rows where that field is unknown. `{}` when totals are not grouped.
   */
  group: Partial<Record<LedgerGroupBy, string | null>>;
  calls: number;
  /** Sums of the known values; `null` when no row of the group knows the value. */
  inputTokens: number | null;
  outputTokens: number | null;
  cacheReadTokens: number | null;
  cacheWriteTokens: number | null;
  reasoningTokens: number | null;
  costUsd: number | null;
  /** Calls whose cost is unknown, so that a total over partly unpriced calls does not pass for complete. */
  unpricedCalls: number;
}

export interface LedgerStore {
  /** 'memory', 'sqlite', 'postgres', or 'resilient(<inner>)'. */
  readonly kind: string;
  /** Writes one call; resolves to the record as stored (with its id and time). */
  record(record: UsageRecordInput): Promise<UsageRecord>;
  /** Writes several calls at once (one transaction or statement where the backend allows). */
  recordMany(records: UsageRecordInput[]): Promise<UsageRecord[]>;
  /** Rows, newest first (ties by id, descending). */
  query(query?: LedgerQuery): Promise<UsageRecord[]>;
  /** Sums, ordered by group (unknown values last). */
  totals(query?: LedgerTotalsQuery): Promise<LedgerTotals[]>;
  /** Resolves when the backend answers; rejects otherwise. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

// ----------------------------------------------------------------------------------------------
// Budgets

/** Fixed calendar windows in UTC: 12:07:00-12:08:00, 12:00-13:00, a day from 00:00, a month from the 1st. */
export type BudgetWindow = 'minute' | 'hour' | 'day' | 'month';

/** An amount of use. Missing fields are 0. `tokens` is a whole number; costs are kept to 1e-9 USD. */
export interface BudgetAmount {
  tokens?: number;
  costUsd?: number;
}

/** A budget per window. A missing or null dimension is unlimited (its use is still metered). */
export interface BudgetLimit {
  tokens?: number | null;
  costUsd?: number | null;
}

export interface ConsumeRequest {
  /** Whose budget: a key, a user, 'user:alice', 'team:x/model:gpt-4o'... any string. */
  scope: string;
  window: BudgetWindow;
  limit: BudgetLimit;
  /** What to reserve before the call: usually the estimated input plus max_tokens, and its cost. */
  amount: BudgetAmount;
}

export interface ConsumeResult {
  /** False when the reservation would take the window's use above a limit (or, fail-closed, when the store is down). */
  allowed: boolean;
  /** Why a request was refused or allowed without the store: 'limit', 'unavailable' (store down), else null. */
  reason: 'limit' | 'unavailable' | null;
  /** What is left in the window after this reservation (never below 0); null for an unlimited dimension or when unknown. */
  remaining: { tokens: number | null; costUsd: number | null };
  /** When refused: seconds until the window ends (at least 1). 0 when allowed. */
  retryAfterSeconds: number;
  /** Pass to settle() after the call. null when refused. */
  reservationId: string | null;
  /** End of the window this request counts in (ms since the epoch). */
  windowEnd: number;
}

/** Use to add after the fact, without a check (a call that ran with no reservation, or a replay). */
export interface ChargeRequest {
  /** Makes the charge idempotent: a second charge with the same id in the same window is ignored. */
  id?: string;
  scope: string;
  window: BudgetWindow;
  amount: BudgetAmount;
  /** Which window the use belongs to (default now). */
  time?: number | Date;
}

export interface BudgetUsage {
  scope: string;
  window: BudgetWindow;
  windowStart: number;
  windowEnd: number;
  /** Use in the current window, outstanding reservations included. */
  tokens: number;
  costUsd: number;
}

export interface BudgetStore {
  /** 'memory', 'sqlite', 'redis', or 'resilient(<inner>)'. */
  readonly kind: string;
  /** Atomically checks the window's use plus `amount` against `limit` and, if within, reserves `amount`. */
  consume(request: ConsumeRequest): Promise<ConsumeResult>;
  /**
   * Replaces a reservation by what the call actually used (which may take the window over its limit:
   * the call already ran). Resolves false when the reservation is unknown: already settled, or its
   * window expired. Settling with zeros releases a reservation.
   */
  settle(reservationId: string, actual: BudgetAmount): Promise<boolean>;
  /** Adds use without a check; false when the id was already charged or the window is gone. */
  charge(request: ChargeRequest): Promise<boolean>;
  usage(scope: string, window: BudgetWindow): Promise<BudgetUsage>;
  ping(): Promise<void>;
  close(): Promise<void>;
}

// ----------------------------------------------------------------------------------------------
// Options and factories

/** Every store: the clock, in ms since the epoch (default Date.now). */
export interface ClockOptions {
  now?: () => number;
}

export interface BudgetStoreOptions extends ClockOptions {
  /**
   * How long after its window ends a window's use and its reservations are kept, so that a call
   * that started just before the end can still settle (default 15 minutes). Then they expire.
   */
  settleGraceMs?: number;
}

export interface SqliteStoreOptions {
  /** A file path (created if missing; WAL mode), or ':memory:'. */
  path: string;
}

export interface PostgresLedgerOptions extends ClockOptions {
  /** A connection string, e.g. 'postgres://user@127.0.0.1:5432/db'. */
  url: string;
  /** The table (created if missing; default 'tokenmeter_usage'). Lower-case letters, digits, '_'. */
  table?: string;
  /** Connections in the pool (default 4). */
  poolSize?: number;
  /** Give up connecting after this many ms (default 5000). */
  connectTimeoutMs?: number;
}

export interface RedisBudgetOptions extends BudgetStoreOptions {
  /** e.g. 'redis://127.0.0.1:6379/0'. */
  url: string;
  /** Prepended to every key (default 'tokenmeter:'); no braces. */
  prefix?: string;
  /** A command with no reply after this many ms fails (default 2000). */
  commandTimeoutMs?: number;
}

/** What a resilient wrapper reports to onError. */
export interface StoreErrorEvent {
  /**
   * 'failure': the backend failed an operation (it is being retried or answered by the fail mode);
   * 'overflow': the buffer was full and an item was dropped; 'lost': close() dropped the items
   * still buffered because the backend was still down.
   */
  type: 'failure' | 'overflow' | 'lost';
  /** The operation: 'record', 'flush', 'consume', 'settle', 'charge', 'ping'. */
  op: string;
  error: Error | null;
  /** The dropped items, for 'overflow' and 'lost' (records, or budget operations). */
  dropped: unknown[];
  stats: ResilientStats;
}

export interface ResilientOptions extends ClockOptions {
  /**
   * 'open' (default): when the store is down, budget checks allow the call (counted in stats) and
   * records are buffered. 'closed': budget checks refuse the call with reason 'unavailable', and the
   * ledger's admit() answers false; records of calls that already ran are still buffered, not lost.
   */
  failMode?: 'open' | 'closed';
  /** Items (records or budget operations) kept in memory while the store is down (default 10000). */
  bufferSize?: number;
  /** How often to retry a down store, in ms (default 1000). */
  retryMs?: number;
  /** A backend call that takes longer than this counts as a failure (default 5000 ms). */
  timeoutMs?: number;
  /** Called on every failure, overflow and loss. */
  onError?: (event: StoreErrorEvent) => void;
  /**
   * Where outage, overflow and recovery messages go (once per outage each, not per call). Default
   * console.warn; null to silence.
   */
  log?: ((message: string) => void) | null;
  /** The clock that stamps records given without a time, before they may be buffered (default Date.now). */
  now?: () => number;
}

export interface ResilientStats {
  /** Whether the backend answered the last call (false from a failure until a retry succeeds). */
  available: boolean;
  /** Items waiting to be written. */
  buffered: number;
  /** Items dropped because the buffer was full or the store was still down at close(). */
  dropped: number;
  /** Failed backend calls. */
  failures: number;
  /** Buffered items written after the store came back. */
  flushed: number;
  lastError: Error | null;
  /** Budget checks answered by the fail mode because the store was down. */
  allowedWhileDown: number;
  deniedWhileDown: number;
}

/**
 * A ledger behind resilient(): writes never fail for an outage. Reads (query, totals) are not on
 * the request path and are not answered from the buffer: they reject while the store is down.
 */
export interface ResilientLedger extends LedgerStore {
  /** Never rejects for a backend failure: the record is buffered and written when the store is back. */
  record(record: UsageRecordInput): Promise<UsageRecord>;
  /** Whether a new call should be let through: always in fail-open mode, else only while the store answers. */
  admit(): boolean;
  /** Tries to write the buffer now; resolves when it is empty or the store failed again. */
  flush(): Promise<void>;
  stats(): ResilientStats;
}

/**
 * Budgets behind resilient(): consume answers by the fail mode while the store is down; settle and
 * charge are buffered and replayed (they resolve true once accepted into the buffer, false if it
 * was full). usage() rejects while the store is down.
 */
export interface ResilientBudgets extends BudgetStore {
  flush(): Promise<void>;
  stats(): ResilientStats;
}

/**
 * Which store, as one string: 'memory:', 'sqlite:./tokenmeter.db', 'sqlite::memory:',
 * 'postgres://user@host:5432/db' (ledger only), 'redis://host:6379' (budgets only); or a store.
 */
export type StoreSpec = string | LedgerStore | BudgetStore;

export interface StoresConfig extends BudgetStoreOptions {
  /** Default 'memory:'. */
  ledger?: string | LedgerStore;
  /** Default 'memory:'. */
  budgets?: string | BudgetStore;
  /** The resilient wrapper's options, or false for the bare stores (default: wrapped, fail-open). */
  resilient?: ResilientOptions | false;
  /** PostgreSQL ledger table (default 'tokenmeter_usage'). */
  table?: string;
  /** Redis key prefix (default 'tokenmeter:'). */
  prefix?: string;
}

export interface Stores<L extends LedgerStore = LedgerStore, B extends BudgetStore = BudgetStore> {
  ledger: L;
  budgets: B;
  /** Closes both (flushing what a resilient wrapper still buffers, if the store answers). */
  close(): Promise<void>;
}

export declare function createStores(config: StoresConfig & { resilient: false }): Stores;
export declare function createStores(config?: StoresConfig): Stores<ResilientLedger, ResilientBudgets>;

export declare function createMemoryLedger(options?: ClockOptions): LedgerStore;
export declare function createSqliteLedger(options: SqliteStoreOptions & ClockOptions): LedgerStore;
export declare function createPostgresLedger(options: PostgresLedgerOptions): LedgerStore;
export declare function createMemoryBudgets(options?: BudgetStoreOptions): BudgetStore;
export declare function createSqliteBudgets(options: SqliteStoreOptions & BudgetStoreOptions): BudgetStore;
export declare function createRedisBudgets(options: RedisBudgetOptions): BudgetStore;

/** Wraps a store so that a backend outage neither throws at callers nor loses records (see ResilientOptions). */
export declare function resilient(store: LedgerStore, options?: ResilientOptions): ResilientLedger;
export declare function resilient(store: BudgetStore, options?: ResilientOptions): ResilientBudgets;
