// Reading one header from the header records callers hand us: Node's IncomingHttpHeaders
// (lower-case names, repeated headers as arrays) or a plain object written by hand.
export type HeaderRecord = Record<string, string | string[] | undefined>;

/** The header's value (the first, if repeated), or undefined; names match case-insensitively. */
export function headerValue(headers: HeaderRecord, name: string): string | undefined {
  let value = headers[name];
  if (value === undefined) {
    for (const key of Object.keys(headers)) {
      if (key.toLowerCase() === name) {
        value = headers[key];
        break;
      }
    }
  }
  return Array.isArray(value) ? value[0] : value;
}
