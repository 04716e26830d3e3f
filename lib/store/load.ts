// better-sqlite3, pg and ioredis are optional peer dependencies: the core package must install
// without compiling SQLite or pulling database clients. They are required here, at the first use of
// a store that needs one, and a missing one becomes an error that says what to install.
import type { TokenmeterErrorCode } from '../../types';
import { TokenmeterError } from '../errors';

/**
 * 'ERR_MISSING_DEPENDENCY' is not yet in TokenmeterErrorCode (types/index.d.ts is not this
 * module's to edit); the cast goes once it is.
 */
export const ERR_MISSING_DEPENDENCY = 'ERR_MISSING_DEPENDENCY' as TokenmeterErrorCode;

const INSTALL: Record<string, string> = {
  'better-sqlite3': 'npm install better-sqlite3@^12.11.1',
  pg: 'npm install pg@^8',
  ioredis: 'npm install ioredis@^6',
};

/** require(name), or ERR_MISSING_DEPENDENCY naming the install command when it is not installed. */
export function loadOptional<T>(name: string, usedFor: string): T {
  try {
    return require(name) as T;
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    // Only "this package is missing" becomes the friendly error; a package that is present but
    // fails to load (a native build for another Node version) keeps its own, more useful, message.
    if (e?.code === 'MODULE_NOT_FOUND' && String(e.message).includes(`'${name}'`)) {
      const install = INSTALL[name] ?? `npm install ${name}`;
      const error = new TokenmeterError(
        ERR_MISSING_DEPENDENCY,
        `${usedFor} needs the optional package '${name}', which is not installed: run \`${install}\``,
      );
      (error as Error & { cause?: unknown }).cause = err;
      throw error;
    }
    throw err;
  }
}
