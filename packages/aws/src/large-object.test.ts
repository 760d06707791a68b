// Memory stays bounded whatever the object's size: a 5M-line object
// converts in the bundled entry point with a peak RSS within 256 MB.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { s3Notification, sqsEvent } from './__fixtures__/events';
import { invokeBundle, s3Environment } from './__fixtures__/invoke-bundle';
import { putDiverseObject, startS3, type TestS3 } from './__fixtures__/s3-server';

const LINES = 5_000_000;

let server: TestS3;
beforeAll(async () => {
  server = await startS3(['flow-logs-input', 'flowecs-output']);
});
afterAll(async () => {
  await server?.close();
});

describe('a large object', () => {
  test(
    `${LINES.toLocaleString('en')} lines convert with a peak RSS of at most 256 MB`,
    { timeout: 600_000 },
    async () => {
      const key = 'AWSLogs/123456789010/vpcflowlogs/us-east-1/2024/11/30/large.log.gz';
      await putDiverseObject(server.s3, 'flow-logs-input', key, LINES);
      const result = await invokeBundle(
        's3',
        { ...s3Environment(server.endpoint), FLOWECS_OUTPUT_BUCKET: 'flowecs-output' },
        sqsEvent([s3Notification('flow-logs-input', key)]),
      );
      const [summary, response, memory] = result.stdout
        .trim()
        .split('\n')
        .map(line => JSON.parse(line));
      expect(response).toEqual({ batchItemFailures: [] });
      expect(summary).toMatchObject({ objects: 1, lines: LINES, events: LINES, invalid: 0 });
      process.stderr.write(
        `large object: ${LINES} lines in ${summary.ms} ms, peak RSS ${Math.round(memory.peakRssBytes / 2 ** 20)} MB\n`,
      );
      expect(memory.peakRssBytes).toBeLessThanOrEqual(256 * 2 ** 20);
    },
  );
});
