import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { cloudWatchEnvelope, diverseRecords } from './__fixtures__/records';
import { startS3, type TestS3 } from './__fixtures__/s3-server';
import { createCloudWatchLogsHandler } from './cloudwatch-logs-handler';

const cli = createRequire(import.meta.url)
  .resolve('flowecs/package.json')
  .replace(/package\.json$/, 'bin/flowecs.js');
const subscriptionEvent = (envelope: string) => ({ awslogs: { data: gzipSync(envelope).toString('base64') } });

let server: TestS3;
beforeAll(async () => {
  server = await startS3(['flowecs-output']);
});
afterAll(async () => {
  await server?.close();
});

describe('createCloudWatchLogsHandler', () => {
  test('one gzip NDJSON object per invocation, at a key from group, stream and first event id; equal to the CLI output', async () => {
    const envelope = cloudWatchEnvelope([...diverseRecords(500), 'not a record'], { stream: 'eni-0abc' });
    const logs: string[] = [];
    const handler = createCloudWatchLogsHandler({
      s3Client: server.s3,
      output: { bucket: 'flowecs-output', prefix: 'cwl/' },
      log: line => logs.push(line),
    });
    const event = subscriptionEvent(envelope);
    const result = await handler(event);
    const key = 'cwl/aws/vpc/flowlogs/eni-0abc/37000000000000000000000000000000000000000000000000000.ndjson.gz';
    expect(result.output).toBe(`s3://flowecs-output/${key}`);
    const file = join(mkdtempSync(join(tmpdir(), 'flowecs-cwl-')), 'event.json');
    writeFileSync(file, JSON.stringify(event));
    const expected = execFileSync(process.execPath, [cli, file], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    const written = await server.get('flowecs-output', key);
    expect(gunzipSync(written!).toString()).toBe(expected);
    expect(logs.map(line => JSON.parse(line))).toMatchObject([
      { flowecs: 'invalid-lines', source: 'cloudwatch:/aws/vpc/flowlogs/eni-0abc', invalid: 1, firstInvalidLine: 501 },
      { flowecs: 'summary', payloads: 1, lines: 501, events: 500, invalid: 1, failed: 0 },
    ]);
    const errors = gunzipSync(
      (await server.get('flowecs-output', `flowecs-errors/${key.slice(4, -'.ndjson.gz'.length)}.errors.ndjson.gz`))!,
    );
    expect(JSON.parse(errors.toString())).toMatchObject({ line: 501, raw: 'not a record' });
    // A retry writes the same object.
    await handler(event);
    expect((await server.get('flowecs-output', key))!.equals(written!)).toBe(true);
  });

  test('profile ocsf: the object is the CLI’s --profile ocsf output for the same event', async () => {
    const envelope = cloudWatchEnvelope(diverseRecords(200), { stream: 'eni-0ocsf' });
    const handler = createCloudWatchLogsHandler({
      s3Client: server.s3,
      output: { bucket: 'flowecs-output', prefix: 'ocsf/' },
      profile: 'ocsf',
      log: () => undefined,
    });
    const event = subscriptionEvent(envelope);
    const result = await handler(event);
    const file = join(mkdtempSync(join(tmpdir(), 'flowecs-cwl-')), 'event.json');
    writeFileSync(file, JSON.stringify(event));
    const expected = execFileSync(process.execPath, [cli, file, '--profile', 'ocsf'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    const written = await server.get('flowecs-output', result.output!.slice('s3://flowecs-output/'.length));
    expect(gunzipSync(written!).toString()).toBe(expected);
    expect(JSON.parse(expected.split('\n')[0]!)).toMatchObject({ class_uid: 4001, metadata: { version: '1.1.0' } });
  });

  test('a control message writes nothing; a payload that is not a subscription event throws', async () => {
    const handler = createCloudWatchLogsHandler({
      s3Client: server.s3,
      output: { bucket: 'flowecs-output', prefix: 'control/' },
      log: () => undefined,
    });
    expect(await handler(subscriptionEvent(cloudWatchEnvelope([], { control: true })))).toEqual({});
    expect((await server.keys('flowecs-output')).filter(key => key.startsWith('control/'))).toEqual([]);
    await expect(handler({} as never)).rejects.toThrow(/not a CloudWatch Logs subscription event/);
    await expect(handler({ awslogs: { data: 'bm90IGd6aXA=' } })).rejects.toThrow(/incorrect header check/);
  });

  test('the envelope is decoded once: its text is parsed once, for the key and the records both', async () => {
    const envelope = cloudWatchEnvelope(diverseRecords(100), { stream: 'eni-0once' });
    const handler = createCloudWatchLogsHandler({
      s3Client: server.s3,
      output: { bucket: 'flowecs-output', prefix: 'once/' },
      log: () => undefined,
    });
    const parse = vi.spyOn(JSON, 'parse');
    try {
      const result = await handler(subscriptionEvent(envelope));
      expect(result.output).toMatch(/^s3:\/\/flowecs-output\/once\//);
      expect(parse.mock.calls.filter(([text]) => text === envelope)).toHaveLength(1);
    } finally {
      parse.mockRestore();
    }
  });

  test('bad settings fail when the handler is made', () => {
    expect(() => createCloudWatchLogsHandler({ s3Client: server.s3, output: undefined as never })).toThrow(
      /output\.bucket/,
    );
  });
});
