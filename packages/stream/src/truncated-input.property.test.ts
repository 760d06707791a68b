import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { gunzipSync, gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { afterAll, describe, expect, test } from 'vitest';
import { createParser } from '@flowecs/parser';
import { createFlowLogStream } from './create-flow-log-stream';
import { FlowLogInputError, openFlowLogFile } from './open-flow-log-file';

// Issue: a truncated gzip input lost the events still buffered in the flow
// stream when the reader was slower than flowecs, because the input's error
// destroyed the pipeline before they were written.
const directory = mkdtempSync(join(tmpdir(), 'flowecs-truncated-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

const LINES = 8_000;
const lines = Array.from({ length: LINES }, (_, index) =>
  index % 7 === 0
    ? `2 123456789010 eni-1235b8ca123456789 2001:db8::${index.toString(16)} 2600:1f18::1 ${20_000 + (index % 40_000)} 443 6 20 4249 1418530010 ${1_418_530_010 + index} ACCEPT OK`
    : `2 123456789010 eni-1235b8ca123456789 172.31.${index % 256}.139 172.31.16.21 ${20_000 + (index % 40_000)} 22 6 20 4249 ${1_418_530_010 + index} 1418530070 ACCEPT OK`,
);
const text = lines.map(line => `${line}\n`).join('');
// Each profile's NDJSON for every line, by the object path: what a reader must get, byte for byte.
const expectedNdjson = Object.fromEntries(
  (['standard', 'extended', 'ocsf'] as const).map(profile => {
    const parser = createParser({ profile });
    return [profile, lines.map(line => `${(parser.parseToJson(line) as { event: string }).event}\n`)];
  }),
);
// No dictionary history: 512 KiB of input compresses to a few KiB otherwise.
const gzip = gzipSync(text, { level: 1 });

/** The complete lines a reader of the first `cut` bytes of the gzip can recover. */
function completeLinesBefore(cut: number): number {
  let inflated: Buffer;
  try {
    inflated = gunzipSync(gzip.subarray(0, cut), { finishFlush: 2 /* Z_SYNC_FLUSH */ });
  } catch {
    return 0;
  }
  let count = 0;
  for (let index = inflated.indexOf(10); index !== -1; index = inflated.indexOf(10, index + 1)) count++;
  return count;
}

/** A consumer that sleeps `delay` ms every `every` chunks: slower than the parser. */
function slowWriter(delay: number, every: number, objectMode: boolean) {
  let received = 0;
  let chunks = 0;
  const bytes: Buffer[] = [];
  const writable = new Writable({
    objectMode,
    highWaterMark: objectMode ? 16 : 16 * 1024,
    write(chunk: Buffer | object, _encoding, callback) {
      received += objectMode ? 1 : (chunk as Buffer).toString().split('\n').length - 1;
      if (!objectMode) bytes.push(chunk as Buffer);
      if (++chunks % every === 0) setTimeout(callback, delay);
      else callback();
    },
  });
  return { writable, received: () => received, text: () => Buffer.concat(bytes).toString() };
}

describe('a truncated gzip input', () => {
  test('every complete record before the cut reaches a slow destination as written, and stats agree', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 30, max: gzip.length - 9 }),
        fc.integer({ min: 0, max: 10 }),
        fc.integer({ min: 1, max: 4 }),
        fc.boolean(),
        fc.constantFrom('standard' as const, 'extended' as const),
        async (cut, delay, pace, objects, profile) => {
          // Events arrive one by one, NDJSON in 64 KiB batches: pause as often in time.
          const every = objects ? pace * 250 : pace;
          const path = join(directory, `cut-${cut}.log.gz`);
          writeFileSync(path, gzip.subarray(0, cut));
          const expected = completeLinesBefore(cut);
          const flows = createFlowLogStream({ output: objects ? 'objects' : 'ndjson', source: path, profile });
          const consumer = slowWriter(delay, every, objects);
          const failure = await pipeline(openFlowLogFile(path), flows, consumer.writable).then(
            () => undefined,
            (error: unknown) => error,
          );
          // The failure is still reported, with the file and the lines read.
          expect(failure).toBeInstanceOf(FlowLogInputError);
          expect((failure as FlowLogInputError).source).toBe(path);
          expect((failure as FlowLogInputError).linesRead).toBe(expected);
          expect(consumer.received()).toBe(expected);
          if (!objects) expect(consumer.text()).toBe(expectedNdjson[profile]!.slice(0, expected).join(''));
          expect(flows.stats().events).toBe(expected);
          expect(flows.stats().lines).toBe(expected);
        },
      ),
      { numRuns: 25 },
    );
  });
});
