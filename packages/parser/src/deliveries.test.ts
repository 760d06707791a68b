import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { decodeCloudWatchEnvelope } from './cloudwatch-envelope';
import { createJsonObjectSplitter, splitJsonObjects } from './json-object-splitter';
import { createParser } from './create-parser';
import { readAwsLogsPath } from './flow-log-origin';
import { NdjsonWriter } from './ndjson-writer';
import { exportTimestampLength } from './export-timestamp';
import { formatParquetRow, parquetHeader } from './parquet-row';
import { parseRecord } from './parse-record';

const encoder = new TextEncoder();
const V2 =
  '2 123456789010 eni-1235b8ca123456789 172.31.16.139 172.31.16.21 20641 22 6 20 4249 1418530010 1418530070 ACCEPT OK';

describe('createJsonObjectSplitter', () => {
  test('objects back to back, in any chunking, come out whole', () => {
    fc.assert(
      fc.property(
        fc.array(fc.dictionary(fc.string(), fc.jsonValue()), { minLength: 1, maxLength: 6 }),
        fc.array(fc.nat(), { maxLength: 8 }),
        fc.constantFrom('', '\n', ' \r\n'),
        (objects, cuts, separator) => {
          // Cut at any byte, inside a character too.
          const bytes = encoder.encode(objects.map(object => JSON.stringify(object)).join(separator));
          const points = [...new Set(cuts.map(cut => cut % (bytes.length + 1)))].toSorted(
            (left, right) => left - right,
          );
          const splitter = createJsonObjectSplitter();
          const found: string[] = [];
          let from = 0;
          for (const point of [...points, bytes.length]) {
            // A copy, cleared after: the splitter must not keep a chunk it has used up.
            const chunk = bytes.slice(from, point);
            splitter.push(chunk, object => found.push(object));
            chunk.fill(0);
            from = point;
          }
          splitter.end(object => found.push(object));
          expect(found.map(object => JSON.parse(object))).toEqual(
            objects.map(object => JSON.parse(JSON.stringify(object))),
          );
        },
      ),
    );
  });

  test('text between objects is refused after the objects before it are handed on', () => {
    const found: string[] = [];
    expect(() =>
      createJsonObjectSplitter().push(encoder.encode('{"a":1}{"b":2} oops'), object => found.push(object)),
    ).toThrow(/Expected "\{" between envelopes/);
    expect(found).toEqual(['{"a":1}', '{"b":2}']);
  });

  test('an object over the limit is refused while it grows, never held whole', () => {
    const splitter = createJsonObjectSplitter(100);
    const found: string[] = [];
    splitter.push(encoder.encode('{"logEvents":"'), object => found.push(object));
    expect(() => splitter.push(encoder.encode('x'.repeat(200)), object => found.push(object))).toThrow(
      expect.objectContaining({ code: 'envelope-too-large' }),
    );
    expect(found).toEqual([]);
  });

  test('an input that ends inside an object is refused', () => {
    const splitter = createJsonObjectSplitter();
    splitter.push(encoder.encode('{"a":1} {"b":'), () => undefined);
    expect(() => splitter.end(() => undefined)).toThrow(/ends inside an envelope/);
  });
});

describe('decodeCloudWatchEnvelope', () => {
  const base = {
    messageType: 'DATA_MESSAGE',
    owner: '123456789010',
    logGroup: 'g',
    logStream: 'eni-1',
    subscriptionFilters: ['f'],
    logEvents: [{ id: '1', timestamp: 1418530010000, message: V2 }],
  };

  test('a data message, typed', () => {
    expect(decodeCloudWatchEnvelope(JSON.stringify(base))).toEqual(base);
  });

  test.each([
    [{ ...base, messageType: 'OTHER' }, 'Unknown messageType "OTHER".'],
    [{ ...base, logEvents: 'none' }, 'The envelope\'s "logEvents" is not a list.'],
    [{ ...base, logEvents: [{ id: 1, timestamp: 1, message: 'x' }] }, 'logEvents[0].id is not a string.'],
    [{ ...base, logEvents: [{ id: '1', timestamp: 1, message: 7 }] }, 'logEvents[0].message is not a string.'],
    [{ ...base, logGroup: undefined }, 'The envelope\'s "logGroup" is not a string.'],
    [[base], 'The envelope is not a JSON object.'],
  ])('%j is invalid-envelope', (value, message) => {
    expect(() => decodeCloudWatchEnvelope(JSON.stringify(value))).toThrow(message);
  });

  test('inherited names are not read', () => {
    const sneaky = JSON.parse(
      JSON.stringify({ ...base, logEvents: [{ id: '1', timestamp: 1, __proto__: { message: V2 } }] }),
    );
    expect(() => decodeCloudWatchEnvelope(sneaky)).toThrow('logEvents[0].message is not a string.');
  });
});

describe('Parquet rows', () => {
  test('values in column order, `-` for null, `-` and empty text; BigInt as decimal', () => {
    expect(parquetHeader(['account_id', 'log_status', 'pkt_srcaddr'])).toBe('account-id log-status pkt-srcaddr');
    expect(
      formatParquetRow(['version', 'srcaddr', 'bytes', 'action', 'vpc_id'], [2, '10.0.0.1', 4249n, null, '-']),
    ).toBe('2 10.0.0.1 4249 - -');
  });

  test.each([
    [true, 'a boolean'],
    [new Uint8Array([1]), 'binary data'],
    [{ a: 1 }, 'a nested value'],
    ['two words', 'text with a space'],
    [Number.NaN, 'the number NaN'],
  ])('%j is invalid-value, naming the column', (value, what) => {
    expect(() => formatParquetRow(['version', 'tcp_flags'], [2, value])).toThrow(
      `Column "tcp_flags" holds ${what}, which no flow-log field takes.`,
    );
  });
});

describe('CloudWatch Logs export lines', () => {
  test.each([
    ['2025-02-25T12:25:04.000Z rest', 24],
    ['2025-02-25T12:25:04Z rest', 20],
    ['2025-02-25T12:25:04.123456789Z rest', 30],
    ['2025-02-25T12:25:04.1234567890Z rest', 0],
    ['2025-02-25T12:25:04.000Zrest', 0],
    ['2025-02-25 12:25:04.000Z rest', 0],
    ['2025-13-45T12:25:04.000Z rest', 0],
    [V2, 0],
  ])('%s: prefix %d', (line, length) => {
    const bytes = new TextEncoder().encode(line);
    expect(exportTimestampLength(bytes, 0, bytes.length)).toBe(length);
  });

  test('the prefix is stripped, and is @timestamp only for a record without start or end', () => {
    expect(parseRecord(`2014-12-14T04:06:50.000Z ${V2}`)).toEqual(parseRecord(V2));
    const event = parseRecord('2025-02-25T12:25:04.000Z 2 10.0.0.1', { format: 'version srcaddr' });
    expect(event).toMatchObject({ message: '2 10.0.0.1', '@timestamp': '2025-02-25T12:25:04Z' });
  });
});

describe('readAwsLogsPath', () => {
  test.each([
    [
      'bucket/AWSLogs/123456789012/vpcflowlogs/us-east-1/2024/09/05/x.log.gz',
      { accountId: '123456789012', region: 'us-east-1' },
    ],
    [
      'p/AWSLogs/aws-account-id=123456789012/aws-service=vpcflowlogs/aws-region=eu-west-1/year=2024/x.log.parquet',
      { accountId: '123456789012', region: 'eu-west-1' },
    ],
    [
      'AWSLogs/aws-account-id=123456789012/service=vpcflowlogs/aws-region=us-gov-west-1/x',
      { accountId: '123456789012', region: 'us-gov-west-1' },
    ],
    ['AWSLogs/123456789012/CloudTrail/us-east-1/x.json.gz', undefined],
    ['AWSLogs/12345/vpcflowlogs/us-east-1/x', undefined],
    ['flows/x.log', undefined],
    // The object's own name, when the folders were left behind by `aws s3 sync`.
    [
      'us-east-1/2024/09/05/123456789012_vpcflowlogs_us-east-1_fl-1234abcd_20240905T1620Z_fe123456.log.gz',
      { accountId: '123456789012', region: 'us-east-1' },
    ],
    [
      '123456789012_vpcflowlogs_ap-southeast-2_fl-0a1b2c3d_20210326T0325Z_a1b2c3d4.log.parquet',
      { accountId: '123456789012', region: 'ap-southeast-2' },
    ],
    [
      'x/123456789012_vpcflowlogs_us-gov-west-1_fl-1_20210326T0325Z_a1.log',
      { accountId: '123456789012', region: 'us-gov-west-1' },
    ],
    // The folders win over the name.
    [
      'AWSLogs/111111111111/vpcflowlogs/eu-west-1/123456789012_vpcflowlogs_us-east-1_fl-1_20210326T0325Z_a1.log.gz',
      { accountId: '111111111111', region: 'eu-west-1' },
    ],
    // Names that only look alike.
    ['12345678901_vpcflowlogs_us-east-1_fl-1234abcd_20240905T1620Z_fe123456.log.gz', undefined],
    ['1234567890123_vpcflowlogs_us-east-1_fl-1234abcd_20240905T1620Z_fe123456.log.gz', undefined],
    ['123456789012_vpcflowlogs_useast1_fl-1234abcd_20240905T1620Z_fe123456.log.gz', undefined],
    ['123456789012_vpcflowlogs_US-EAST-1_fl-1234abcd_20240905T1620Z_fe123456.log.gz', undefined],
    ['123456789012_cloudtrail_us-east-1_fl-1234abcd_20240905T1620Z_fe123456.log.gz', undefined],
    ['123456789012_vpcflowlogs_us-east-1_fl-1234abcd_2024090T1620Z_fe123456.log.gz', undefined],
    ['123456789012_vpcflowlogs_us-east-1_fl-1234abcd_20240905T1620Z_fe123456.json.gz', undefined],
    ['AWSLogs/123456789012/vpcflowlogs/useast1/x.log', undefined],
  ])('%s', (path, expected) => {
    expect(readAwsLogsPath(path)).toEqual(expected);
  });
});

describe('parseMessage: one record delivered on its own', () => {
  const decoder = new TextDecoder();

  test('the byte lane and the object path agree, with an origin account and an event time', () => {
    const cases = [
      ['2 - eni-1 10.0.0.1 10.0.0.2 1 2 6 1 1 - - ACCEPT OK', { eventTime: 1418530010000 }],
      [
        '2 - eni-1 10.0.0.1 10.0.0.2 1 2 6 1 1 1418530010 1418530070 ACCEPT OK',
        { origin: { accountId: '123456789012' } },
      ],
      [V2, { eventTime: 1, origin: { accountId: '999999999999', logGroup: 'g' } }],
      [`${V2}\n`, undefined],
    ] as const;
    for (const [message, context] of cases) {
      const objects = createParser().parseMessage(message, context);
      const out = new NdjsonWriter(256);
      const bytes = createParser().parseMessageInto(message, context, out);
      expect(bytes.kind).toBe('event');
      expect(objects.kind).toBe('event');
      if (objects.kind === 'event') expect(decoder.decode(out.view())).toBe(`${JSON.stringify(objects.event)}\n`);
    }
    const result = createParser().parseMessage(cases[0][0], cases[0][1]);
    expect(result.kind === 'event' && result.event['@timestamp']).toBe('2014-12-14T04:06:50Z');
    const own = createParser({ origin: { accountId: '123456789012' } }).parseMessage(V2);
    expect(own.kind === 'event' && own.event.cloud.account?.id).toBe('123456789010');
  });

  test('never a header, never blank', () => {
    const parser = createParser();
    const header = parser.parseMessage(
      'version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status',
    );
    expect(header.kind === 'invalid' && header.error.code).toBe('unexpected-header');
    const blank = parser.parseMessage('\n');
    expect(blank.kind === 'invalid' && blank.error.code).toBe('empty-record');
    // The layout did not change.
    expect(parser.format).toBeUndefined();
  });
});

test('the splitter stays linear on long runs of escapes inside a string', () => {
  // A fresh search for the next quote after each escape would make this quadratic.
  const text = `{"message":"${'\\\\'.repeat(200_000)}"}{"b":1}`;
  const found = splitJsonObjects(encoder.encode(text));
  expect(found).toHaveLength(2);
  expect(JSON.parse(found[0]!).message).toHaveLength(200_000);
});
