import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { afterAll, describe, expect, test } from 'vitest';
import { writeParquet } from './__fixtures__/write-parquet';
import { createFlowLogStream } from './create-flow-log-stream';
import { FlowLogInputError, openFlowLogFile } from './open-flow-log-file';

// Damaged deliveries: whatever the bytes, a typed error or events, and every
// record accounted for; never a crash, a hang or an unhandled rejection.
// `pnpm fuzz` runs these for minutes (FLOWECS_FUZZ_SECONDS).
const directory = mkdtempSync(join(tmpdir(), 'flowecs-damage-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

const V2_HEADER =
  'version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status';
const V2 =
  '2 123456789010 eni-1235b8ca123456789 172.31.16.139 172.31.16.21 20641 22 6 20 4249 1418530010 1418530070 ACCEPT OK';
/** What JavaScript's own errors say (hyparquet's, on a damaged footer or page): never a user's message. */
const JAVASCRIPT_ERROR_TEXT =
  /is not a function|is not iterable|Cannot read prop|Cannot convert|undefined|\bnull\b|NaN|Invalid (array|typed array) length|outside the bounds|out of range|Maximum call stack/;
const seconds = Number(process.env['FLOWECS_FUZZ_SECONDS'] ?? 0);
const parameters = (seed: number, numRuns: number) =>
  seconds > 0
    ? { numRuns: Number.MAX_SAFE_INTEGER, interruptAfterTimeLimit: (seconds * 1000) / 2, markInterruptAsFailure: false }
    : { seed, numRuns };

async function convert(bytes: Uint8Array, name: string) {
  const path = join(directory, name);
  writeFileSync(path, bytes);
  const flows = createFlowLogStream({ output: 'ndjson', onInvalid: 'skip' });
  const failure = await pipeline(
    openFlowLogFile(path),
    flows,
    new Writable({ write: (_chunk, _encoding, callback) => callback() }),
  ).then(
    () => undefined,
    (error: unknown) => error,
  );
  return { failure, stats: flows.stats() };
}

const flips = (length: number) =>
  fc.array(fc.tuple(fc.nat(length - 1), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 8 });
const damage = (bytes: Uint8Array, changes: [number, number][]) => {
  const damaged = bytes.slice();
  for (const [at, value] of changes) damaged[at] = value;
  return damaged;
};

async function check(
  name: string,
  property: fc.IAsyncPropertyWithHooks<[[number, number][]]>,
  seed: number,
  numRuns: number,
) {
  const details = await fc.check(property, parameters(seed, numRuns));
  if (seconds > 0)
    process.stderr.write(`fuzz: ${name}: ${details.numRuns} cases${details.failed ? ' (FAILED)' : ''}\n`);
  if (details.failed) throw new Error(fc.defaultReportMessage(details) ?? `${name} failed`);
}

describe('damaged deliveries', () => {
  test(
    'a Parquet file with random bytes changed',
    async () => {
      const bytes = writeParquet(V2_HEADER.split(' '), [V2, V2, V2], { rowGroupSize: 2 });
      await check(
        'damaged Parquet',
        fc.asyncProperty(flips(bytes.length), async changes => {
          const { failure, stats } = await convert(damage(bytes, changes), 'damaged.log.parquet');
          if (failure !== undefined) {
            expect(failure).toBeInstanceOf(FlowLogInputError);
            // It says what is wrong with the file, never what went wrong in JavaScript.
            expect((failure as Error).message).not.toMatch(JAVASCRIPT_ERROR_TEXT);
          }
          expect(stats.lines).toBe(stats.events + stats.headers + stats.blanks + stats.invalid);
        }),
        1401,
        80,
      );
    },
    (seconds + 120) * 1000,
  );

  test(
    'CloudWatch envelopes (uncompressed, then gzip members) with random bytes changed',
    async () => {
      const envelope = (stream: string) =>
        JSON.stringify({
          messageType: 'DATA_MESSAGE',
          owner: '123456789010',
          logGroup: 'g',
          logStream: stream,
          subscriptionFilters: [],
          logEvents: [
            { id: '1', timestamp: 1418530010000, message: V2 },
            { id: '2', timestamp: 1418530010000, message: `${V2}\n` },
          ],
        });
      const plain = Buffer.from(`${envelope('eni-1')}${envelope('eni-2')}`);
      const members = Buffer.concat([gzipSync(envelope('eni-1')), gzipSync(envelope('eni-2'))]);
      await check(
        'damaged envelopes',
        fc.asyncProperty(flips(plain.length), async changes => {
          for (const [bytes, name] of [
            [plain, 'damaged.json'],
            [members, 'damaged-members'],
          ] as const) {
            const { failure, stats } = await convert(
              damage(
                bytes,
                changes.map(([at, value]) => [at % bytes.length, value]),
              ),
              name,
            );
            if (failure !== undefined) expect(failure).toBeInstanceOf(FlowLogInputError);
            expect(stats.lines).toBe(stats.events + stats.headers + stats.blanks + stats.invalid);
          }
        }),
        1402,
        150,
      );
    },
    (seconds + 120) * 1000,
  );
});
