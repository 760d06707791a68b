import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { eventBridgeObjectCreated, s3Notification, s3TestEvent, sqsEvent } from './__fixtures__/events';
import { startS3, testClientConfig, type TestS3 } from './__fixtures__/s3-server';
import { diverseRecords } from './__fixtures__/records';
import { S3Client } from '@aws-sdk/client-s3';
import { createS3ObjectHandler } from './s3-object-handler';

const examples = new URL('../../../examples/', import.meta.url);
const cli = createRequire(import.meta.url)
  .resolve('flowecs/package.json')
  .replace(/package\.json$/, 'bin/flowecs.js');
const V2 =
  '2 123456789010 eni-1235b8ca123456789 172.31.16.139 172.31.16.21 20641 22 6 20 4249 1418530010 1418530070 ACCEPT OK';

/** The CLI's standard output for a file: what every handler output is held against. */
function cliOutput(path: string, flags: readonly string[] = []): string {
  return execFileSync(process.execPath, [cli, path, ...flags], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  });
}

let server: TestS3;
const logs: string[] = [];
const handler = () =>
  createS3ObjectHandler({
    s3Client: server.s3,
    output: { bucket: 'flowecs-output', prefix: 'ecs/' },
    errorsPrefix: 'errors/',
    log: line => logs.push(line),
  });

beforeAll(async () => {
  server = await startS3(['flow-logs-input', 'flowecs-output']);
});
afterAll(async () => {
  await server?.close();
});

describe('createS3ObjectHandler', () => {
  test.each([
    ['text', '123456789012_vpcflowlogs_ap-southeast-2_fl-0a1b2c3d_20210326T0325Z_a1b2c3d4.log'],
    ['gzip', '123456789010_vpcflowlogs_us-east-1_fl-1234abcd_20180620T1620Z_fe123456.log.gz'],
    ['Parquet', 'deliveries/123456789010_vpcflowlogs_us-east-1_fl-1234abcd_20241130T0405Z_5e6f7a8b.log.parquet'],
    ['CloudWatch Logs → Firehose', 'deliveries/flows-firehose-1-2024-11-30-04-05-00-0a1b2c3d'],
    ['Firehose direct put', 'deliveries/flows-direct-put-1-2024-11-30-04-05-00-1b2c3d4e'],
  ])('%s: the output object, decompressed, is the CLI output for the same file', async (_name, file) => {
    const path = new URL(file, examples);
    await server.put('flow-logs-input', file, readFileSync(path));
    const result = await handler()(sqsEvent([s3Notification('flow-logs-input', file)]));
    expect(result).toEqual({ batchItemFailures: [] });
    const written = await server.get('flowecs-output', `ecs/flow-logs-input/${file}.ndjson.gz`);
    expect(gunzipSync(written!).toString()).toBe(cliOutput(path.pathname));
    expect(JSON.parse(logs.at(-1)!)).toMatchObject({ flowecs: 'summary', objects: 1, invalid: 0 });
  });

  test.each([
    ['Parquet', 'deliveries/123456789010_vpcflowlogs_us-east-1_fl-1234abcd_20241130T0405Z_5e6f7a8b.log.parquet'],
    ['CloudWatch Logs → Firehose', 'deliveries/flows-firehose-1-2024-11-30-04-05-00-0a1b2c3d'],
  ])('%s, profile ocsf: the output object is the CLI’s --profile ocsf output', async (_name, file) => {
    const path = new URL(file, examples);
    await server.put('flow-logs-input', `ocsf/${file}`, readFileSync(path));
    const ocsf = createS3ObjectHandler({
      s3Client: server.s3,
      output: { bucket: 'flowecs-output' },
      profile: 'ocsf',
      log: () => undefined,
    });
    expect(await ocsf(sqsEvent([s3Notification('flow-logs-input', `ocsf/${file}`)]))).toEqual({
      batchItemFailures: [],
    });
    const written = await server.get('flowecs-output', `flow-logs-input/ocsf/${file}.ndjson.gz`);
    expect(gunzipSync(written!).toString()).toBe(cliOutput(path.pathname, ['--profile', 'ocsf']));
  });

  test('a redelivered message leaves one output object with the same bytes', async () => {
    const key = 'AWSLogs/123456789010/vpcflowlogs/us-east-1/2024/11/30/redelivered.log.gz';
    await server.put('flow-logs-input', key, gzipSync(`${V2}\n`.repeat(3000)));
    const event = sqsEvent([s3Notification('flow-logs-input', key)]);
    await handler()(event);
    const first = await server.get('flowecs-output', `ecs/flow-logs-input/${key}.ndjson.gz`);
    await handler()(event);
    const second = await server.get('flowecs-output', `ecs/flow-logs-input/${key}.ndjson.gz`);
    expect(second!.equals(first!)).toBe(true);
    expect((await server.keys('flowecs-output')).filter(name => name.includes('redelivered'))).toEqual([
      `ecs/flow-logs-input/${key}.ndjson.gz`,
    ]);
  });

  test('a batch of 10 with a missing object and a corrupt gzip: exactly those two fail, the other 8 convert', async () => {
    const keys = Array.from({ length: 10 }, (_value, index) => `batch/object-${index}.log`);
    for (const [index, key] of keys.entries()) {
      if (index === 3) continue; // deleted since the notification
      const body = index === 7 ? gzipSync(`${V2}\n`.repeat(2000)).subarray(0, 900) : `${V2}\n${V2}\n`;
      await server.put('flow-logs-input', key, body);
    }
    const ids = keys.map((_key, index) => `id-${index}`);
    const result = await handler()(
      sqsEvent(
        keys.map(key => s3Notification('flow-logs-input', key)),
        ids,
      ),
    );
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: 'id-3' }, { itemIdentifier: 'id-7' }]);
    const written = await server.keys('flowecs-output');
    for (const [index, key] of keys.entries()) {
      const output = `ecs/flow-logs-input/${key}.ndjson.gz`;
      // A failed object leaves nothing behind, not even the events before the cut.
      expect(written.includes(output), key).toBe(index !== 3 && index !== 7);
    }
    expect(JSON.parse(logs.at(-1)!)).toMatchObject({ flowecs: 'summary', objects: 10, events: 16, failed: 2 });
    // One line per failed object, with its code and message.
    expect(logs.slice(-3, -1).map(line => JSON.parse(line))).toEqual([
      expect.objectContaining({
        flowecs: 'failed',
        code: 'object-missing',
        source: 's3://flow-logs-input/batch/object-3.log',
        messageId: 'id-3',
      }),
      expect.objectContaining({
        flowecs: 'failed',
        code: 'gzip-truncated',
        source: 's3://flow-logs-input/batch/object-7.log',
        messageId: 'id-7',
        message: expect.stringMatching(/gzip/),
      }),
    ]);
  });

  test('s3:TestEvent is acknowledged; EventBridge events, direct or through SQS; keys with spaces and +', async () => {
    const key = 'flow logs/a+b c.log';
    await server.put('flow-logs-input', key, `${V2}\n`);
    const acknowledged = await handler()(sqsEvent([s3TestEvent]));
    expect(acknowledged).toEqual({ batchItemFailures: [] });
    expect(logs.slice(-2).map(line => JSON.parse(line))).toMatchObject([
      { flowecs: 'skipped', code: 's3-test-event', source: 'sqs:message-0' },
      { flowecs: 'summary', objects: 0, skipped: 1 },
    ]);
    // S3 notifications form-encode the key: `flow+logs/a%2Bb+c.log`.
    expect(s3Notification('flow-logs-input', key).Records[0]!.s3.object.key).toBe('flow+logs/a%2Bb+c.log');
    for (const event of [
      sqsEvent([s3Notification('flow-logs-input', key)]),
      sqsEvent([eventBridgeObjectCreated('flow-logs-input', key)]),
      eventBridgeObjectCreated('flow-logs-input', key),
      s3Notification('flow-logs-input', key),
    ]) {
      const before = logs.length;
      await handler()(event);
      expect(JSON.parse(logs[before]!)).toMatchObject({ objects: 1, events: 1 });
    }
    expect(await server.keys('flowecs-output')).toContain(`ecs/flow-logs-input/${key}.ndjson.gz`);
  });

  test('invalid lines go to the errors object and fail nothing; the extended profile names the bucket and key', async () => {
    const key = 'mixed.log';
    await server.put('flow-logs-input', key, `${V2}\nnot a flow log\n${V2}\n`);
    const extended = createS3ObjectHandler({
      s3Client: server.s3,
      output: { bucket: 'flowecs-output' },
      profile: 'extended',
      log: () => undefined,
    });
    expect(await extended(sqsEvent([s3Notification('flow-logs-input', key)]))).toEqual({ batchItemFailures: [] });
    const events = gunzipSync((await server.get('flowecs-output', `flow-logs-input/${key}.ndjson.gz`))!)
      .toString()
      .trim()
      .split('\n')
      .map(line => JSON.parse(line));
    expect(events).toHaveLength(2);
    expect(events[0].aws.s3).toEqual({ bucket: { name: 'flow-logs-input' }, object: { key } });
    const letters = gunzipSync(
      (await server.get('flowecs-output', `flowecs-errors/flow-logs-input/${key}.errors.ndjson.gz`))!,
    )
      .toString()
      .trim()
      .split('\n')
      .map(line => JSON.parse(line));
    expect(letters).toEqual([
      expect.objectContaining({ source: `s3://flow-logs-input/${key}`, line: 2, raw: 'not a flow log' }),
    ]);
  });

  test('a slow S3 (every request delayed) gets the whole object, in parts, the same bytes as a fast one', async () => {
    const key = 'slow/large.log.gz';
    // About 16 MB of gzip NDJSON: a multipart upload of two 8 MiB parts.
    await server.put('flow-logs-input', key, gzipSync(`${diverseRecords(120_000).join('\n')}\n`));
    const slow = new S3Client(testClientConfig(server.endpoint));
    slow.middlewareStack.add(
      next => async args => {
        await new Promise(resolve => setTimeout(resolve, 200));
        return next(args);
      },
      { step: 'finalizeRequest', name: 'slowS3' },
    );
    const event = sqsEvent([s3Notification('flow-logs-input', key)]);
    const slowHandler = createS3ObjectHandler({
      s3Client: slow,
      output: { bucket: 'flowecs-output', prefix: 'slow/' },
      log: () => undefined,
    });
    expect(await slowHandler(event)).toEqual({ batchItemFailures: [] });
    expect(await handler()(event)).toEqual({ batchItemFailures: [] });
    const fromSlow = await server.get('flowecs-output', `slow/flow-logs-input/${key}.ndjson.gz`);
    const fromFast = await server.get('flowecs-output', `ecs/flow-logs-input/${key}.ndjson.gz`);
    expect(fromSlow!.length).toBeGreaterThan(8 * 1024 * 1024);
    expect(gunzipSync(fromSlow!).toString().split('\n')).toHaveLength(120_001);
    expect(fromSlow!.equals(fromFast!)).toBe(true);
    slow.destroy();
  }, 120_000);

  test('invoked directly, a failed object throws, so Lambda retries it', async () => {
    await expect(handler()(s3Notification('flow-logs-input', 'nowhere.log'))).rejects.toThrow(
      /s3:\/\/flow-logs-input\/nowhere\.log: NoSuchKey/,
    );
  });

  test('bad settings fail when the handler is made (at cold start)', () => {
    const s3Client = server.s3;
    expect(() => createS3ObjectHandler({ s3Client, output: { bucket: '' } })).toThrow(/output\.bucket/);
    expect(() => createS3ObjectHandler({ s3Client, output: { bucket: 'b' }, profile: 'full' as 'standard' })).toThrow(
      /profile must be "standard", "extended" or "ocsf", not "full"/,
    );
    expect(() => createS3ObjectHandler({ s3Client, output: { bucket: 'b' }, format: '${version} ${nope}' })).toThrow(
      /format .* is not valid/,
    );
    expect(() =>
      createS3ObjectHandler({ s3Client, output: { bucket: 'b' }, filter: 'srcaddr in 10.0.0.0/33' }),
    ).toThrow(/filter "srcaddr in 10.0.0.0\/33" is not valid: "10.0.0.0\/33" is not an IP address or CIDR range/);
  });
});
