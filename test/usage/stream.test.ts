// createUsageStream as a gateway uses it: piped between the provider's response and the client.
import { PassThrough, Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createUsageStream } from '../../lib/usage';
import type { UsageResult } from '../../types/usage';
import { caseById, splitBytes, wireBytes } from './helpers/fixtures';

test('in a pipeline: bytes unchanged, one usage event at the end', async () => {
  const bytes = wireBytes(caseById('anthropic.stream.server-tools-multi-delta'));
  const meter = createUsageStream();
  const seen: UsageResult[] = [];
  meter.on('usage', (u) => seen.push(u));
  const out: Buffer[] = [];
  await pipeline(
    Readable.from(splitBytes(bytes, 11).map((p) => Buffer.from(p))),
    meter,
    new Writable({
      write(chunk: Buffer, _enc, cb) {
        out.push(chunk);
        cb();
      },
    }),
  );
  expect(Buffer.concat(out).equals(bytes)).toBe(true);
  expect(seen).toHaveLength(1);
  expect(seen[0]).toMatchObject({ inputTokens: 10682, outputTokens: 510, provider: 'anthropic' });
});

test('binary Bedrock frames pass through untouched', async () => {
  const c = caseById('bedrock.conversestream.frames');
  const bytes = wireBytes(c);
  const meter = createUsageStream(c.options);
  const out: Buffer[] = [];
  meter.on('data', (chunk: Buffer) => out.push(chunk));
  const usage = new Promise<UsageResult>((resolve) => meter.once('usage', resolve));
  for (const piece of splitBytes(bytes, 4, 7)) meter.write(Buffer.from(piece));
  meter.end();
  expect(await usage).toMatchObject({ inputTokens: 2116, provider: 'bedrock' });
  expect(Buffer.concat(out).equals(bytes)).toBe(true);
});

test('usage() can be read after the stream is destroyed mid-way (client hung up)', () => {
  const bytes = wireBytes(caseById('anthropic.stream.aborted-after-start'));
  const meter = createUsageStream();
  meter.resume();
  meter.write(bytes);
  meter.destroy();
  expect(meter.usage()).toMatchObject({ available: true, inputTokens: 125, outputTokens: null });
});

test('string writes are metered like bytes', async () => {
  const text = wireBytes(caseById('gemini.stream.sse-running-totals')).toString('utf8');
  const meter = createUsageStream();
  const sink = new PassThrough();
  meter.pipe(sink);
  sink.resume();
  const usage = new Promise<UsageResult>((resolve) => meter.once('usage', resolve));
  meter.end(text);
  expect(await usage).toMatchObject({ inputTokens: 9, outputTokens: 251, provider: 'google' });
});
