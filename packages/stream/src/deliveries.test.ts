import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { describe, expect, test } from 'vitest';
import { createFlowLogStream } from './create-flow-log-stream';
import { openFlowLogInput } from './open-flow-log-file';
import { convert, envelope, file, V2 } from './__fixtures__/deliveries';

describe('CloudWatch Logs', () => {
  test('envelopes back to back in gzip members (CloudWatch → Firehose → S3), with a control message', async () => {
    const members = [
      envelope([V2, V2.replace('ACCEPT', 'REJECT')]),
      envelope([], { control: true }),
      envelope([V2], { stream: 'eni-0000000000000000a' }),
    ].map(text => gzipSync(text));
    const result = await convert(file('firehose-object', Buffer.concat(members)));
    expect(result.failure).toBeUndefined();
    expect(result.stats).toMatchObject({ lines: 3, events: 3, invalid: 0, controlMessages: 1 });
    // Each record maps as the same record delivered as text.
    const text = await convert(file('same.log', `${V2}\n${V2.replace('ACCEPT', 'REJECT')}\n${V2}\n`));
    expect(result.ndjson).toBe(text.ndjson);
  });

  test('the extended profile names the log group and stream; a record without times takes the event timestamp', async () => {
    const result = await convert(
      file('custom.json', envelope(['2 eni-1235b8ca123456789 10.0.0.1 10.0.0.2'], { group: 'vpc-flows' })),
      { format: 'version interface-id srcaddr dstaddr', profile: 'extended' },
    );
    expect(result.events[0]).toMatchObject({
      aws: { cloudwatch: { log_group: 'vpc-flows', log_stream: 'eni-1235b8ca123456789' } },
    });
    expect(result.events[0]!['@timestamp']).toBe('2014-12-14T04:06:50Z');
  });

  test('a Lambda subscription event saved to a file', async () => {
    const data = gzipSync(envelope([V2])).toString('base64');
    const result = await convert(file('awslogs-event.json', JSON.stringify({ awslogs: { data } })));
    expect(result.stats).toMatchObject({ events: 1, invalid: 0 });
    const bad = await convert(
      file('bad-base64.json', JSON.stringify({ awslogs: { data: `${data.slice(0, 20)}!!${data.slice(22)}` } })),
    );
    expect(bad.stats).toMatchObject({ events: 0, invalid: 1 });
    expect(bad.invalid[0]).toMatchObject({ code: 'invalid-envelope' });
    expect(bad.invalid[0]!.message).toContain('not base64');
  });

  test('a malformed envelope is one invalid line; the envelopes around it convert', async () => {
    const broken = JSON.stringify({
      messageType: 'DATA_MESSAGE',
      owner: '1',
      logGroup: 'g',
      logStream: 's',
      logEvents: [{ id: '1', timestamp: 'soon', message: V2 }],
    });
    const result = await convert(file('malformed', gzipSync(`${envelope([V2])}${broken}${envelope([V2])}`)));
    expect(result.stats).toMatchObject({ lines: 3, events: 2, invalid: 1 });
    expect(result.invalid[0]).toMatchObject({ code: 'invalid-envelope', lineNumber: 2 });
    expect(result.invalid[0]!.message).toBe('logEvents[0].timestamp is not epoch milliseconds.');
  });

  test('a gzip member that is not an envelope ends the input there, with a typed error; nothing before it is lost', async () => {
    const result = await convert(
      file('mixed-members', Buffer.concat([gzipSync(envelope([V2, V2])), gzipSync('not json at all\n')])),
    );
    expect(result.events).toHaveLength(2);
    expect(result.failure).toMatchObject({ code: 'invalid-envelope', linesRead: 2 });
  });

  test('an envelope over 16 MiB (a decompression bomb) is refused before it is held whole', async () => {
    const bomb = gzipSync(`{"messageType":"DATA_MESSAGE","logEvents":[{"message":"${'x'.repeat(17 * 1024 * 1024)}"}]}`);
    expect(bomb.length).toBeLessThan(100 * 1024);
    const result = await convert(file('bomb', bomb));
    expect(result.failure).toMatchObject({ code: 'envelope-too-large' });
  });

  test('export files: the timestamp prefix is stripped, and used when the record has no start or end', async () => {
    const result = await convert(
      file(
        '000000.gz',
        gzipSync(
          `2014-12-14T04:06:50.000Z ${V2}\n2025-02-25T12:25:04.000Z 2 eni-1235b8ca123456789 10.0.0.1 10.0.0.2\n`,
        ),
      ),
      { format: 'version interface-id srcaddr dstaddr' },
    );
    expect(result.stats).toMatchObject({ lines: 2, events: 1, invalid: 1 });
    const custom = await convert(
      file('000001.gz', gzipSync('2025-02-25T12:25:04.000Z 2 eni-1235b8ca123456789 10.0.0.1 10.0.0.2\n')),
      { format: 'version interface-id srcaddr dstaddr' },
    );
    expect(custom.events[0]).toMatchObject({
      message: '2 eni-1235b8ca123456789 10.0.0.1 10.0.0.2',
      '@timestamp': '2025-02-25T12:25:04Z',
    });
    const v2 = await convert(file('000002.gz', gzipSync(`2014-12-14T04:06:50.000Z ${V2}\n`)));
    expect(v2.ndjson).toBe((await convert(file('v2.log', `${V2}\n`))).ndjson);
  });
});

describe('origin', () => {
  test('the account (and, extended, the region) from an AWSLogs path when the record has none', async () => {
    const path = file(
      'AWSLogs/aws-account-id=123456789012/aws-service=vpcflowlogs/aws-region=eu-west-1/year=2026/x.log',
      'srcaddr dstaddr\n10.0.0.1 10.0.0.2\n',
    );
    const origin = { accountId: '123456789012', region: 'eu-west-1' };
    const standard = await convert(path, { origin });
    expect(standard.events[0]!['cloud']).toEqual({ account: { id: '123456789012' }, provider: 'aws' });
    const extended = await convert(path, { origin, profile: 'extended' });
    expect(extended.events[0]!['cloud']).toMatchObject({ account: { id: '123456789012' }, region: 'eu-west-1' });
    // The record's own account wins.
    const own = await convert(file('own.log', `${V2}\n`), { origin });
    expect(own.events[0]!['cloud']).toEqual({ account: { id: '123456789010' }, provider: 'aws' });
  });
});

const shared = fileURLToPath(new URL('../../../../shared/fixtures/aws-events/', import.meta.url));
describe.skipIf(!existsSync(shared))('the real AWS payloads in ../shared/fixtures/aws-events', () => {
  test('Firehose direct put: {"message": record} lines', async () => {
    const result = await convert(join(shared, 'firehose-direct-put-vpcflow-record.decoded.txt'));
    expect(result.stats).toMatchObject({ events: 1, invalid: 0 });
    expect(result.events[0]!['message']).toBe(
      '2 058694856476 eni-03c0f5ba79a66ef17 10.3.166.71 10.3.141.209 443 38634 6 103 42926 1680838556 1680838578 ACCEPT OK',
    );
  });

  test.each([
    ['cwl-subscription-vpcflow-default.decoded.json', undefined, 2],
    ['cwl-subscription-vpcflow-custom.decoded.json', 'version interface-id srcaddr dstaddr', 2],
    // OTel's sample: a 27-field Transit Gateway format (not the 36-field default).
    [
      'cwl-subscription-tgw.decoded.json',
      'version account-id tgw-id tgw-attachment-id tgw-src-vpc-id tgw-dst-vpc-id tgw-src-subnet-id tgw-dst-subnet-id tgw-src-eni tgw-dst-eni tgw-src-az-id tgw-dst-az-id tgw-pair-attachment-id srcaddr dstaddr srcport dstport protocol packets bytes start end log-status type tcp-flags flow-direction region',
      1,
    ],
  ])('%s', async (name, format, events) => {
    const result = await convert(join(shared, name), { format, profile: 'extended' });
    expect(result.stats).toMatchObject({ events, invalid: 0 });
    expect(result.events[0]!['aws'].cloudwatch.log_stream).toMatch(/^(eni|tgw)-/);
  });

  test('the control message is counted, nothing else', async () => {
    const result = await convert(join(shared, 'cwl-control-message.decoded.json'));
    expect(result.stats).toMatchObject({ lines: 0, events: 0, invalid: 0, controlMessages: 1 });
  });
});
if (!existsSync(shared)) process.stderr.write(`skipped: ../shared not found (${shared}): the real AWS payloads\n`);

describe('streaming input', () => {
  test('text lines are converted as they arrive, before the input ends (tail -f)', async () => {
    const input = new PassThrough();
    const flows = createFlowLogStream({ output: 'ndjson' });
    const events: string[] = [];
    flows.on('data', (chunk: Buffer) => events.push(...chunk.toString().split('\n').filter(Boolean)));
    const done = pipeline(openFlowLogInput(input, { source: 'stdin' }), flows);
    input.write(`${V2}\n`);
    for (let turn = 0; turn < 50 && events.length === 0; turn++) await new Promise(resolve => setTimeout(resolve, 10));
    // Before the fix, text waited for 4 KiB or the end of the input.
    expect(events).toHaveLength(1);
    input.end(`${V2}\n`);
    await done;
    expect(events).toHaveLength(2);
  });
});
