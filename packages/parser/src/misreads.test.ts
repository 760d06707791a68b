import { describe, expect, test } from 'vitest';
import { createParser } from './create-parser';
import { NdjsonWriter } from './ndjson-writer';
import { parseFormat } from './parse-format';
import { parseRecord } from './parse-record';

// The misreads a new user met (each test failed before its fix; see the
// closing note of the issue "Nothing lost, nothing misread").
const V2_HEADER =
  'version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status';
const decoder = new TextDecoder();
const vpcflowOf = (event: unknown) => (event as { aws: { vpcflow: Record<string, unknown> } }).aws.vpcflow;

/** Every way a line can be parsed to JSON must agree: objects, the text lane and the byte lane. */
function allLanes(lines: readonly string[], profile: 'standard' | 'extended' = 'standard') {
  const objects = createParser({ profile });
  const bytes = createParser({ profile });
  const out = new NdjsonWriter(1024, size => new Uint8Array(size));
  return lines.map(line => {
    const result = objects.parse(line);
    const encoded = new TextEncoder().encode(line);
    out.length = 0;
    const fast = bytes.parseBytesInto(encoded, 0, encoded.length, out);
    expect(fast.kind).toBe(result.kind);
    if (result.kind === 'event')
      expect(decoder.decode(out.bytes.subarray(0, out.length))).toBe(`${JSON.stringify(result.event)}\n`);
    return result;
  });
}

describe('5. NODATA and SKIPDATA records that carry values keep them', () => {
  // Elastic's test-tgw-samples.log, first line: Transit Gateway writes SKIPDATA with traffic values.
  const tgw =
    '3 - 748335378900 tgw-0a12bc34de56f7890 tgw-attach-0789ijkl - - vpc-0jkl5678 vpc-0ghi9012 - - eni-0cc3dd4ee5f66aa7b eni-0cc3dd4ee5f66aa7b - - - 1.128.0.0 2a02:cf40:: 39464 22 6 49 8947 1755592533 1755592558 SKIPDATA - - - - - - - ingress - -';

  test('the Transit Gateway SKIPDATA record maps its addresses, ports, bytes and packets', () => {
    const [result] = allLanes([tgw]);
    expect(result!.kind === 'event' && result!.event).toEqual({
      message: tgw,
      event: { category: ['network'], end: '2025-08-19T08:35:58Z', outcome: 'skipdata', start: '2025-08-19T08:35:33Z' },
      '@timestamp': '2025-08-19T08:35:33Z',
      action: { outcome: 'skipdata', target: 'network-traffic', type: 'forward' },
      cloud: { account: { id: '748335378900' }, provider: 'aws' },
      destination: { address: '2a02:cf40::', ip: '2a02:cf40::', port: 22 },
      network: { iana_number: '6', transport: 'tcp' },
      related: { ip: ['1.128.0.0', '2a02:cf40::'] },
      source: { address: '1.128.0.0', bytes: 8947, ip: '1.128.0.0', packets: 49, port: 39464 },
    });
  });

  test('a v2 NODATA line with values, in both lanes', () => {
    const line =
      '2 123456789010 eni-1235b8ca123456789 10.0.0.1 10.0.0.2 443 49152 6 3 180 1431280876 1431280934 ACCEPT NODATA';
    const [, result] = allLanes([V2_HEADER, line]);
    expect(result!.kind === 'event' && result!.event).toMatchObject({
      event: { outcome: 'nodata' },
      action: { name: 'accept', outcome: 'nodata', target: 'network-traffic', type: 'forward' },
      source: { port: 443, bytes: 180 },
      destination: { port: 49152 },
    });
  });

  test('the seed nodata sample keeps exactly its fields', () => {
    const line = '2 123456789010 eni-1235b8ca123456789 - - - - - - - 1431280876 1431280934 - NODATA';
    const [result] = allLanes([line]);
    expect(JSON.stringify(result!.kind === 'event' && result!.event)).toBe(
      '{"message":"2 123456789010 eni-1235b8ca123456789 - - - - - - - 1431280876 1431280934 - NODATA","event":{"category":["network"],"end":"2015-05-10T18:02:14Z","outcome":"nodata","start":"2015-05-10T18:01:16Z"},"@timestamp":"2015-05-10T18:01:16Z","action":{"outcome":"nodata","type":"forward"},"cloud":{"account":{"id":"123456789010"},"provider":"aws"},"observer":{"ingress":{"interface":{"name":"eni-1235b8ca123456789"}}}}',
    );
  });
});

describe('6. a header that cannot be used leaves no layout behind', () => {
  test('records after a rejected header are invalid until the next usable header', () => {
    const lines = [
      `${V2_HEADER} tcp-flags`,
      '2 123456789010 eni-1235b8ca123456789 172.31.16.139 172.31.16.21 20641 22 6 20 4249 1418530010 1418530070 ACCEPT OK 3',
      // Names a field twice: not a layout anyone can read.
      `${V2_HEADER} log-status`,
      '2 123456789010 eni-1235b8ca123456789 172.31.16.139 172.31.16.21 20641 22 6 20 4249 1418530010 1418530070 ACCEPT OK 7',
      '2 123456789010 eni-1235b8ca123456789 172.31.16.139 172.31.16.21 20641 22 6 20 4249 1418530010 1418530070 ACCEPT OK',
      V2_HEADER,
      '2 123456789010 eni-1235b8ca123456789 172.31.16.139 172.31.16.21 20641 22 6 20 4249 1418530010 1418530070 ACCEPT OK',
    ];
    const results = allLanes(lines);
    expect(results.map(result => (result.kind === 'invalid' ? result.error.code : result.kind))).toEqual([
      'header',
      'event',
      'invalid-header',
      'after-invalid-header',
      'after-invalid-header',
      'header',
      'event',
    ]);
    const after = results[3]!;
    expect(after.kind === 'invalid' && after.error.message).toContain('line 3');
  });

  test('with a format given, a rejected header still stops the records after it', () => {
    const parser = createParser({ format: V2_HEADER });
    expect(parser.parse('version version').kind).toBe('invalid');
    const result = parser.parse(
      '2 123456789010 eni-1235b8ca123456789 172.31.16.139 172.31.16.21 20641 22 6 20 4249 1418530010 1418530070 ACCEPT OK',
    );
    expect(result.kind === 'invalid' && result.error.code).toBe('after-invalid-header');
  });
});

describe('7. fields AWS added after this release', () => {
  const lines = [
    `${V2_HEADER} tcp-flags`,
    '2 123456789010 eni-1235b8ca123456789 172.31.16.139 172.31.16.21 20641 22 6 20 4249 1418530010 1418530070 ACCEPT OK 3',
    `${V2_HEADER} future-field`,
    '2 123456789010 eni-1235b8ca123456789 172.31.16.139 172.31.16.21 20641 22 6 20 4249 1418530010 1418530070 ACCEPT OK 7',
  ];

  test('a header with an unknown name is accepted; the standard profile ignores its values', () => {
    const results = allLanes(lines);
    const header = results[2]!;
    expect(header.kind === 'header' && header.unknownFields).toEqual(['future-field']);
    const last = results[3]!;
    expect(last.kind).toBe('event');
    expect(last.kind === 'event' && last.record['tcp_flags']).toBeUndefined();
    expect(last.kind === 'event' && last.unknownKeys).toBe(1);
    const plain = parseRecord(
      '2 123456789010 eni-1235b8ca123456789 172.31.16.139 172.31.16.21 20641 22 6 20 4249 1418530010 1418530070 ACCEPT OK',
    );
    expect(last.kind === 'event' && last.event).toEqual({ ...plain, message: lines[3] });
  });

  test('the extended profile keeps unknown values as strings under aws.vpcflow', () => {
    const last = allLanes(lines, 'extended')[3]!;
    expect(last.kind === 'event' && vpcflowOf(last.event)).toMatchObject({ future_field: '7' });
    expect(last.kind === 'event' && vpcflowOf(last.event)).not.toHaveProperty('tcp_flags');
  });

  test('unknown JSON keys too, but never a prototype name, a known key or unprintable text', () => {
    const parser = createParser({ profile: 'extended' });
    const result = parser.parse(
      JSON.stringify({
        version: 2,
        srcaddr: '10.0.0.1',
        'log-status': 'OK',
        'future-field': 'x',
        later_field: 12,
        constructor: 'no',
        __proto__: 'no',
        toString: 'no',
        'Bad Name': 'no',
        long: 'y'.repeat(2000),
        tcp_flags_array: 'no',
      }),
    );
    expect(result.kind).toBe('event');
    const vpcflow = (result.kind === 'event' && vpcflowOf(result.event)) as Record<string, unknown>;
    expect(Object.keys(vpcflow).toSorted()).toEqual(['future_field', 'later_field', 'log_status', 'version']);
    expect(vpcflow['later_field']).toBe('12');
    expect(Object.getPrototypeOf(vpcflow)).toBe(Object.prototype);
  });

  test('an unknown name in an explicit format stays an error, with a suggestion', () => {
    expect(() => parseFormat('${version} ${srcadr} ${dstaddr}')).toThrow(
      'The format names an unknown field "${srcadr}". Did you mean "srcaddr"?',
    );
    expect(() => parseFormat('version zzzzzzzz')).toThrow(/^The format names an unknown field "zzzzzzzz"\.$/);
  });
});

describe('8. @timestamp without start', () => {
  test('is end when the layout has no start', () => {
    const results = allLanes([
      'version srcaddr dstaddr end action log-status',
      '2 10.0.0.1 10.0.0.2 1418530070 ACCEPT OK',
      '2 10.0.0.1 10.0.0.2 1418530070 - NODATA',
    ]);
    for (const result of results.slice(1))
      expect(result.kind === 'event' && result.event['@timestamp']).toBe('2014-12-14T04:07:50Z');
  });

  test('records with a start are unchanged', () => {
    const event = parseRecord(
      '2 123456789010 eni-1235b8ca123456789 172.31.16.139 172.31.16.21 20641 22 6 20 4249 1418530010 1418530070 ACCEPT OK',
    );
    expect(event['@timestamp']).toBe('2014-12-14T04:06:50Z');
  });
});
