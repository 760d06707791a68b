// Deadlines (Lambda's context.getRemainingTimeInMillis): a handler stops in
// time, aborts what it was writing, and hands back what it did not finish.
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { firehoseEvent, s3Notification, sqsEvent } from './__fixtures__/events';
import { cloudWatchEnvelope, diverseRecords } from './__fixtures__/records';
import { putDiverseObject, recordCommands, startS3, type SentCommand, type TestS3 } from './__fixtures__/s3-server';
import { createCloudWatchLogsHandler } from './cloudwatch-logs-handler';
import { createFirehoseTransformHandler } from './firehose-transform-handler';
import { createS3ObjectHandler } from './s3-object-handler';

/** A Lambda context with this much time left when the invocation starts. */
const context = (remaining: number) => {
  const end = Date.now() + remaining;
  return { getRemainingTimeInMillis: () => end - Date.now() };
};

let server: TestS3;
/** The S3 operations the handlers' client sent. */
let sent: SentCommand[] = [];
const LARGE = 'AWSLogs/123456789010/vpcflowlogs/us-east-1/2024/11/30/large.log.gz';
beforeAll(async () => {
  server = await startS3(['flow-logs-input', 'flowecs-output']);
  sent = recordCommands(server.s3);
  // About 12 s of work here: far more than the deadline allows.
  await putDiverseObject(server.s3, 'flow-logs-input', LARGE, 1_000_000);
  await server.put('flow-logs-input', 'small.log', `${diverseRecords(10).join('\n')}\n`);
}, 120_000);
afterAll(async () => {
  await server?.close();
});

describe('deadlines', () => {
  test('S3: the object being converted stops, its uploads are aborted, it and every later message come back; the handler returns in time', async () => {
    const logs: string[] = [];
    const handler = createS3ObjectHandler({
      s3Client: server.s3,
      output: { bucket: 'flowecs-output', prefix: 'ecs/' },
      log: line => logs.push(line),
      deadlineMarginMs: 1000,
    });
    const started = Date.now();
    sent.length = 0;
    const response = await handler(
      sqsEvent([s3Notification('flow-logs-input', LARGE), s3Notification('flow-logs-input', 'small.log')]),
      context(4000),
    );
    const elapsed = Date.now() - started;
    expect(elapsed).toBeLessThan(4000);
    expect(elapsed).toBeGreaterThanOrEqual(2900);
    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: 'message-0' }, { itemIdentifier: 'message-1' }] });
    expect(await server.keys('flowecs-output')).toEqual([]);
    // Every multipart upload started was aborted.
    const uploads = sent.filter(entry => entry.command === 'CreateMultipartUploadCommand');
    const aborted = sent.filter(entry => entry.command === 'AbortMultipartUploadCommand');
    expect(uploads.length).toBeGreaterThan(0);
    expect(aborted.map(entry => entry.uploadId).toSorted()).toEqual(uploads.map(entry => entry.uploadId).toSorted());
    expect(logs.map(line => JSON.parse(line))).toMatchObject([
      {
        flowecs: 'failed',
        code: 'deadline',
        source: `s3://flow-logs-input/${LARGE}`,
        messageId: 'message-0',
        message: expect.stringMatching(/^the invocation reached its deadline \(1000 ms before/),
      },
      { flowecs: 'failed', code: 'deadline', source: 's3://flow-logs-input/small.log', messageId: 'message-1' },
      { flowecs: 'summary', objects: 2, failed: 2 },
    ]);
  }, 30_000);

  test('Firehose: records it cannot reach are ProcessingFailed with their original data, in order', async () => {
    const logs: string[] = [];
    const event = firehoseEvent(Array.from({ length: 400 }, () => Buffer.from(`${diverseRecords(1000).join('\n')}\n`)));
    const started = Date.now();
    const response = await createFirehoseTransformHandler({
      log: line => logs.push(line),
      // A record is converted whole once started: the margin covers the one in flight on a busy machine.
      deadlineMarginMs: 1000,
      // About 5 s of records: the response budget is not what this test is about.
      maxResponseBytes: 2 ** 40,
    })(event, context(3000));
    expect(Date.now() - started).toBeLessThan(3000);
    const results = response.records.map(record => record.result);
    const firstFailed = results.indexOf('ProcessingFailed');
    expect(firstFailed).toBeGreaterThan(0);
    expect(results.slice(0, firstFailed).every(result => result === 'Ok')).toBe(true);
    expect(results.slice(firstFailed).every(result => result === 'ProcessingFailed')).toBe(true);
    expect(response.records.map(record => record.recordId)).toEqual(event.records.map(record => record.recordId));
    for (const [index, record] of response.records.entries())
      if (record.result === 'ProcessingFailed') expect(record.data).toBe(event.records[index]!.data);
    const failedLines = logs.map(line => JSON.parse(line)).filter(line => line.flowecs === 'failed');
    expect(failedLines).toHaveLength(400 - firstFailed);
    expect(new Set(failedLines.map(line => line.code))).toEqual(new Set(['deadline']));
  });

  test('CloudWatch Logs: past the deadline nothing is written, and the invocation fails (Lambda retries it)', async () => {
    const logs: string[] = [];
    const handler = createCloudWatchLogsHandler({
      s3Client: server.s3,
      output: { bucket: 'flowecs-output', prefix: 'cwl/' },
      log: line => logs.push(line),
      deadlineMarginMs: 1000,
    });
    const envelope = cloudWatchEnvelope(diverseRecords(50), { stream: 'eni-deadline' });
    const event = { awslogs: { data: gzipSync(envelope).toString('base64') } };
    await expect(handler(event, context(1000))).rejects.toThrow(/deadline/);
    expect(await server.keys('flowecs-output')).toEqual([]);
    expect(logs.map(line => JSON.parse(line))).toMatchObject([
      { flowecs: 'failed', code: 'deadline', message: expect.stringMatching(/deadline/) },
      { flowecs: 'summary', payloads: 1, failed: 1 },
    ]);
    // With time left, the same event converts.
    await expect(handler(event, context(60_000))).resolves.toMatchObject({ output: expect.stringMatching(/^s3:/) });
  });
});
