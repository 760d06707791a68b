import { gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { firehoseEvent, s3Notification, s3TestEvent, sqsEvent } from './__fixtures__/events';
import { cloudWatchEnvelope } from './__fixtures__/records';
import { startS3, type TestS3 } from './__fixtures__/s3-server';
import { createCloudWatchLogsHandler } from './cloudwatch-logs-handler';
import { createFirehoseTransformHandler } from './firehose-transform-handler';
import { MAX_KEY_BYTES, outputKey } from './output-key';
import { createS3ObjectHandler } from './s3-object-handler';

// Lambda inputs of the wrong shape (issue "Hostile inputs and misuse", item
// 7); each test failed before its fix.
const V2 =
  '2 123456789010 eni-1235b8ca123456789 172.31.16.139 172.31.16.21 20641 22 6 20 4249 1418530010 1418530070 ACCEPT OK';
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u;

let server: TestS3;
beforeAll(async () => {
  server = await startS3(['flow-logs-input', 'flowecs-output']);
});
afterAll(async () => {
  await server?.close();
});

describe('Firehose', () => {
  test.each([undefined, null, 42, {}])('a record whose data is %j fails alone; the others convert', async data => {
    const event = firehoseEvent([Buffer.from(`${V2}\n`), Buffer.from(`${V2}\n`)]);
    (event.records[0] as { data: unknown }).data = data;
    const logs: string[] = [];
    const result = await createFirehoseTransformHandler({ log: line => logs.push(line) })(event);
    expect(result.records.map(record => [record.recordId, record.result])).toEqual([
      ['record-0', 'ProcessingFailed'],
      ['record-1', 'Ok'],
    ]);
    expect(result.records[0]!.data).toBe('');
    expect(JSON.parse(logs[0]!)).toMatchObject({
      flowecs: 'failed',
      code: 'record-unreadable',
      source: 'firehose:record-0',
    });
    expect(JSON.parse(logs[1]!)).toMatchObject({ flowecs: 'summary', records: 2, failed: 1 });
  });

  test('an event without records: a clear error in one log line', async () => {
    const logs: string[] = [];
    const handler = createFirehoseTransformHandler({ log: line => logs.push(line) });
    await expect(handler({} as never)).rejects.toThrow('the event is not a Firehose transformation event');
    expect(logs).toHaveLength(1);
    expect(JSON.parse(logs[0]!)).toMatchObject({ flowecs: 'error' });
  });
});

describe('SQS', () => {
  const handler = (logs: string[] = []) =>
    createS3ObjectHandler({
      s3Client: server.s3,
      output: { bucket: 'flowecs-output', prefix: 'ecs/' },
      log: line => logs.push(line),
    });

  test('a record that is not an SQS message, in a batch of good ones, is a batch item failure', async () => {
    await server.put('flow-logs-input', 'good.log', `${V2}\n`);
    const event = sqsEvent([s3Notification('flow-logs-input', 'good.log'), s3TestEvent, '{}', 'not json']);
    delete (event.Records[0] as { eventSource?: string }).eventSource;
    const result = await handler()({
      Records: [...event.Records, sqsEvent([s3Notification('flow-logs-input', 'good.log')], ['message-4']).Records[0]],
    });
    // message-0 lacks eventSource; message-2 and -3 are no notification; s3:TestEvent is acknowledged.
    expect(result.batchItemFailures).toEqual([
      { itemIdentifier: 'message-0' },
      { itemIdentifier: 'message-2' },
      { itemIdentifier: 'message-3' },
    ]);
    expect(await server.get('flowecs-output', 'ecs/flow-logs-input/good.log.ndjson.gz')).toBeDefined();
  });

  test('a 1,024-byte source key: output keys within 1,024 bytes, the same on redelivery', async () => {
    // Segments of 150 characters: s3rver stores each as a folder or file name, which has a limit of its own.
    const key = `AWSLogs/${`${'k'.repeat(150)}/`.repeat(6)}${'k'.repeat(106)}.log`;
    expect(Buffer.byteLength(key)).toBe(1024);
    await server.put('flow-logs-input', key, `${V2}\nnot a record\n`);
    const logs: string[] = [];
    const settings = {
      s3Client: server.s3,
      output: { bucket: 'flowecs-output', prefix: 'ecs/' },
      errorsPrefix: 'errors/',
      log: (line: string) => logs.push(line),
    };
    const notification = sqsEvent([s3Notification('flow-logs-input', key)]);
    expect(await createS3ObjectHandler(settings)(notification)).toEqual({ batchItemFailures: [] });
    const first = await server.keys('flowecs-output');
    expect(await createS3ObjectHandler(settings)(notification)).toEqual({ batchItemFailures: [] });
    expect(await server.keys('flowecs-output')).toEqual(first);
    const written = first.filter(name => name.includes('kkkk'));
    expect(written).toHaveLength(2);
    for (const name of written) expect(Buffer.byteLength(name)).toBeLessThanOrEqual(MAX_KEY_BYTES);
    const events = written.find(name => name.endsWith('.ndjson.gz') && !name.endsWith('.errors.ndjson.gz'))!;
    expect(JSON.parse(gunzipSync((await server.get('flowecs-output', events))!).toString())).toMatchObject({
      message: V2,
    });
  });
});

describe('CloudWatch Logs', () => {
  const handler = (logs: string[]) =>
    createCloudWatchLogsHandler({
      s3Client: server.s3,
      output: { bucket: 'flowecs-output', prefix: 'cwl/' },
      log: line => logs.push(line),
    });
  const subscription = (envelope: string) => ({ awslogs: { data: gzipSync(envelope).toString('base64') } });

  test('a log group of ../ segments and control characters: no such segment or character in the key', async () => {
    const logs: string[] = [];
    const envelope = cloudWatchEnvelope([V2], { group: '/../../../in', stream: '..\u001b[2J\u202e' });
    const result = await handler(logs)(subscription(envelope));
    const key = result.output!.replace('s3://flowecs-output/', '');
    expect(key.split('/')).not.toContain('..');
    expect(key.split('/')).not.toContain('.');
    expect(INVISIBLE.test(key)).toBe(false);
    expect(key).toMatch(/^cwl\/%2E%2E\/%2E%2E\/%2E%2E\/in\/\.\.%1B\[2J%E2%80%AE\//);
    expect(await server.get('flowecs-output', key)).toBeDefined();
    expect(INVISIBLE.test(logs.join('\n'))).toBe(false);
  });

  test.each([
    ['bad gzip', { awslogs: { data: Buffer.from('not gzip').toString('base64') } }, /the payload is not gzip/],
    [
      'an oversized payload',
      { awslogs: { data: gzipSync(Buffer.alloc(17 * 1024 * 1024, 32)).toString('base64') } },
      /inflates past/,
    ],
    ['gzip of something else', subscription('hello'), /not a CloudWatch Logs envelope/],
  ])('%s: the usual summary line, then a flowecs: error', async (_name, event, reason) => {
    const logs: string[] = [];
    await expect(handler(logs)(event as never)).rejects.toThrow(/^flowecs: cloudwatch: /);
    await expect(handler([])(event as never)).rejects.toThrow(reason);
    expect(logs).toHaveLength(2);
    expect(JSON.parse(logs[0]!)).toMatchObject({ flowecs: 'failed', source: 'cloudwatch', message: reason });
    expect(JSON.parse(logs[1]!)).toMatchObject({ flowecs: 'summary', payloads: 1, failed: 1 });
  });
});

describe('outputKey', () => {
  test('segments . and .. are encoded; short names are unchanged', () => {
    expect(outputKey('p/', 'a/./b/../c', '.gz')).toBe('p/a/%2E/b/%2E%2E/c.gz');
    expect(outputKey('p/', 'bucket/AWSLogs/x.log.gz', '.ndjson.gz')).toBe('p/bucket/AWSLogs/x.log.gz.ndjson.gz');
  });

  test('long names: within 1,024 bytes, deterministic, distinct for distinct names, never cutting a character', () => {
    const long = `b/${'é'.repeat(600)}`;
    const key = outputKey('ecs/', long, '.errors.ndjson.gz');
    expect(Buffer.byteLength(key)).toBeLessThanOrEqual(MAX_KEY_BYTES);
    expect(key).toBe(outputKey('ecs/', long, '.errors.ndjson.gz'));
    expect(key).not.toBe(outputKey('ecs/', `${long}x`, '.errors.ndjson.gz'));
    expect(key).not.toContain('\ufffd');
    expect(key.endsWith('.errors.ndjson.gz')).toBe(true);
  });
});
