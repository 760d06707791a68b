// Dead letters in bounded memory: an object whose every line is invalid (a
// wrong FLOWECS_FORMAT, a misrouted log) converts in the bundled entry point
// with no more memory than the same object converted as valid records, and
// its errors object holds every line.
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { s3Notification, sqsEvent } from './__fixtures__/events';
import { invokeBundle, s3Environment } from './__fixtures__/invoke-bundle';
import { putDiverseObject, startS3, type TestS3 } from './__fixtures__/s3-server';

const LINES = 1_000_000;
const KEY = 'AWSLogs/123456789010/vpcflowlogs/us-east-1/2024/11/30/headerless.log.gz';

let server: TestS3;
beforeAll(async () => {
  server = await startS3(['flow-logs-input', 'flowecs-output']);
  // Version 2 records without a header: detected as valid, or all invalid under a format of two fields.
  await putDiverseObject(server.s3, 'flow-logs-input', KEY, LINES);
}, 120_000);
afterAll(async () => {
  await server?.close();
});

async function convert(environment: Record<string, string>) {
  const result = await invokeBundle(
    's3',
    { ...s3Environment(server.endpoint), FLOWECS_OUTPUT_BUCKET: 'flowecs-output', ...environment },
    sqsEvent([s3Notification('flow-logs-input', KEY)]),
  );
  const lines = result.stdout
    .trim()
    .split('\n')
    .map(line => JSON.parse(line));
  const [summary, response, memory] = lines.slice(-3);
  expect(response).toEqual({ batchItemFailures: [] });
  return { summary, peak: memory.peakRssBytes as number, reports: lines.slice(0, -3) };
}

/** Lines of a gzip object in the output bucket. */
async function countLines(key: string): Promise<number> {
  const { Body } = await server.s3.send(new GetObjectCommand({ Bucket: 'flowecs-output', Key: key }));
  let lines = 0;
  for await (const chunk of (Body as Readable).pipe(createGunzip()) as AsyncIterable<Buffer>)
    for (let at = chunk.indexOf(10); at !== -1; at = chunk.indexOf(10, at + 1)) lines++;
  return lines;
}

describe('dead letters', () => {
  test(
    `${LINES.toLocaleString('en')} invalid lines: a peak RSS no higher than the same object's valid conversion, and a complete errors object`,
    { timeout: 600_000 },
    async () => {
      const valid = await convert({});
      expect(valid.summary).toMatchObject({ lines: LINES, events: LINES, invalid: 0 });
      const invalid = await convert({ FLOWECS_FORMAT: '${version} ${srcaddr}' });
      expect(invalid.summary).toMatchObject({ lines: LINES, events: 0, invalid: LINES });
      process.stderr.write(
        `dead letters: ${LINES} valid lines ${valid.summary.ms} ms, peak RSS ${Math.round(valid.peak / 2 ** 20)} MB; ` +
          `invalid ${invalid.summary.ms} ms, peak RSS ${Math.round(invalid.peak / 2 ** 20)} MB\n`,
      );
      // The same conversion's peak RSS varies by a few MB from run to run: 10% is that noise, not a buffer of dead letters.
      expect(invalid.peak).toBeLessThanOrEqual(valid.peak * 1.1);
      // One log line for the object's invalid lines: what they are, and the setting that decides the layout.
      expect(invalid.reports).toMatchObject([
        {
          flowecs: 'invalid-lines',
          source: `s3://flow-logs-input/${KEY}`,
          invalid: LINES,
          firstInvalidLine: 1,
          invalidCode: 'field-count-mismatch',
          setting: 'FLOWECS_FORMAT',
        },
      ]);
      expect(await countLines(`flowecs-errors/flow-logs-input/${KEY}.errors.ndjson.gz`)).toBe(LINES);
    },
  );
});
