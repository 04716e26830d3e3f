// createUsageStream: a pass-through Transform for gateways that pipe a provider's response to
// their client. Bytes leave exactly as they came; the usage is read on the way and emitted as
// 'usage' when the input ends (usage() reads it at any time, e.g. after an abort).
import { Transform } from 'node:stream';
import type { UsageOptions, UsageStream } from '../../types/usage';
import { createUsageAccumulator } from './accumulator';

export function createUsageStream(options?: UsageOptions): UsageStream {
  const accumulator = createUsageAccumulator(options);
  const transform = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      accumulator.push(chunk);
      callback(null, chunk);
    },
    flush(callback) {
      transform.emit('usage', accumulator.result());
      callback();
    },
  });
  return Object.assign(transform, { usage: () => accumulator.result() }) as UsageStream;
}
