// The one error class tokenmeter throws. Callers branch on `code` (stable) rather than on the
// message (for humans) or on instanceof (which fails across realms, e.g. under Jest or vm contexts).
import type { TokenmeterErrorCode } from '../types';

export class TokenmeterError extends Error {
  readonly code: TokenmeterErrorCode;

  constructor(code: TokenmeterErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}

// On the prototype, so `name` is not an own enumerable property and `err.name` still reads
// 'TokenmeterError' in stack traces and util.inspect output.
Object.defineProperty(TokenmeterError.prototype, 'name', {
  value: 'TokenmeterError',
  writable: true,
  configurable: true,
  enumerable: false,
});
