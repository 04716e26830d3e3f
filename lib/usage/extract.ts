// extractUsage: the usage of a whole response. A body is normally one JSON document; a string or
// bytes that are not (a saved SSE transcript, event-stream frames) are read like a stream.
import type { UsageResult, UsageOptions } from '../../types/usage';
import { TokenmeterError } from '../errors';
import { StreamUsageAccumulator } from './accumulator';
import { applyDocument } from './apply';
import { finalize } from './finalize';
import { describe, resolveOptions } from './options';
import { UsageState } from './state';
import { parseJson } from './values';

const utf8 = new TextDecoder('utf-8');

export function extractUsage(response: object | string | Uint8Array | ArrayBuffer, options?: UsageOptions): UsageResult {
  const resolved = resolveOptions(options, 'extractUsage');
  let document: unknown = response;
  if (typeof response === 'string' || response instanceof ArrayBuffer || ArrayBuffer.isView(response)) {
    const bytes = typeof response === 'string' ? null : toBytes(response);
    // A whole body is already in memory, so it is parsed whole (no stream caps apply to it).
    const parsed = bytes !== null && bytes[0] === 0 ? undefined : parseJson(typeof response === 'string' ? stripBom(response) : utf8.decode(bytes!));
    if (parsed === undefined) {
      const accumulator = new StreamUsageAccumulator(resolved);
      accumulator.push(bytes ?? (response as string));
      return accumulator.result();
    }
    document = parsed;
  } else if (typeof response !== 'object' || response === null) {
    throw new TokenmeterError(
      'ERR_INVALID_ARGUMENT',
      `extractUsage expects a response object, a JSON string or a Buffer (got ${describe(response)})`,
    );
  }
  const state = new UsageState();
  try {
    applyDocument(document, state, resolved.provider);
  } catch {
    // A hostile object (a throwing getter, a Proxy) yields what was read before it threw.
  }
  return finalize(state, resolved);
}

function toBytes(value: ArrayBuffer | ArrayBufferView): Uint8Array {
  if (value instanceof Uint8Array) return value;
  if (value instanceof ArrayBuffer) return new Uint8Array(value);
  return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
}

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
