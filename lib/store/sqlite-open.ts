// Opens a SQLite file through better-sqlite3 (loaded on first use), set up for a gateway:
// WAL, so readers (reports) never block the writer and several processes can share the file;
// synchronous=NORMAL, which in WAL mode loses no committed transaction on a process crash (only
// on power loss, the last ones); and a busy timeout, so a second process waits for the write
// lock instead of failing at once with SQLITE_BUSY.
import type BetterSqlite3 from 'better-sqlite3';
import { loadOptional } from './load';
import { invalid } from './validate';

export type SqliteDatabase = BetterSqlite3.Database;

export function openSqlite(path: unknown, usedFor: string): SqliteDatabase {
  if (typeof path !== 'string' || path === '') throw invalid(`${usedFor} needs a path: a file name, or ':memory:'`);
  const Database = loadOptional<typeof BetterSqlite3>('better-sqlite3', usedFor);
  const db = new Database(path);
  db.pragma('journal_mode = WAL'); // answers 'memory' for ':memory:', which is fine
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  return db;
}
