import { describe, expect, test } from 'vitest';
import { createParser } from './create-parser';

const V2_HEADER =
  'version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status';
const V2 =
  '2 123456789010 eni-1235b8ca123456789 172.31.16.139 172.31.16.21 20641 22 6 20 4249 1418530010 1418530070 ACCEPT OK';
const CUSTOM_HEADER = 'srcaddr dstaddr bytes';
const CUSTOM = '10.0.0.1 10.0.0.2 99';

describe('createParser', () => {
  test('a header sets the layout for the lines after it, and a new header switches it', () => {
    const parser = createParser();
    const kinds = [V2_HEADER, V2, CUSTOM_HEADER, CUSTOM, V2_HEADER, V2].map(line => parser.parse(line));
    expect(kinds.map(result => result.kind)).toEqual(['header', 'event', 'header', 'event', 'header', 'event']);
    expect(kinds[3]!.kind === 'event' && kinds[3]!.event.source).toEqual({
      address: '10.0.0.1',
      bytes: 99,
      ip: '10.0.0.1',
    });
    expect(parser.format).toEqual(V2_HEADER.split(' '));
  });

  test('a header in underscore names works too', () => {
    const parser = createParser();
    expect(parser.parse('srcaddr dstaddr log_status')).toMatchObject({
      kind: 'header',
      format: ['srcaddr', 'dstaddr', 'log-status'],
    });
    expect(parser.parse('1.2.3.4 5.6.7.8 OK')).toMatchObject({ kind: 'event', event: { event: { outcome: 'ok' } } });
  });

  test('the format option applies until a header appears', () => {
    const parser = createParser({ format: '${srcaddr} ${dstaddr} ${bytes}' });
    expect(parser.parse(CUSTOM).kind).toBe('event');
    expect(parser.parse(V2).kind).toBe('invalid');
    parser.parse(V2_HEADER);
    expect(parser.parse(V2).kind).toBe('event');
  });

  test('blank lines are counted and reported, never dropped silently', () => {
    const parser = createParser();
    expect(['', '   ', '\r', '\t'].map(line => parser.parse(line))).toEqual([
      { kind: 'blank', lineNumber: 1 },
      { kind: 'blank', lineNumber: 2 },
      { kind: 'blank', lineNumber: 3 },
      { kind: 'blank', lineNumber: 4 },
    ]);
    expect(parser.lineNumber).toBe(4);
  });

  test('a trailing carriage return is tolerated and runs of spaces are one separator', () => {
    const parser = createParser();
    const result = parser.parse(`${V2.replace(' 22 ', '   22 ')}\r`);
    expect(result.kind === 'event' && result.event.destination).toEqual({
      address: '172.31.16.21',
      ip: '172.31.16.21',
      port: 22,
    });
  });

  test('events carry every decoded field in the record, mapped or not', () => {
    const result = createParser().parse(
      '5 1234567890 eni-1235b8ca123456789 5.6.7.8 1.2.3.4 50188 4433 6 1 44 1739865042 1739865042 ACCEPT OK vpc-1 subnet-1 - 2 IPv4 5.6.7.8 1.2.3.4 eu-west-1 euw1-az2 - - - - ingress -',
    );
    expect(result.kind === 'event' && result.record).toEqual({
      version: 5,
      account_id: '1234567890',
      interface_id: 'eni-1235b8ca123456789',
      srcaddr: '5.6.7.8',
      dstaddr: '1.2.3.4',
      srcport: 50188,
      dstport: 4433,
      protocol: 6,
      packets: 1,
      bytes: 44,
      start: 1739865042,
      end: 1739865042,
      action: 'ACCEPT',
      log_status: 'OK',
      vpc_id: 'vpc-1',
      subnet_id: 'subnet-1',
      tcp_flags: 2,
      type: 'IPv4',
      pkt_srcaddr: '5.6.7.8',
      pkt_dstaddr: '1.2.3.4',
      region: 'eu-west-1',
      az_id: 'euw1-az2',
      flow_direction: 'ingress',
    });
  });

  test('JSON keys that are not flow-log fields are ignored and counted, prototype keys included', () => {
    const result = createParser().parse(
      '{"srcaddr":"1.2.3.4","__proto__":{"polluted":1},"constructor":"x","dialect":"aws"}',
    );
    expect(result).toMatchObject({ kind: 'event', unknownKeys: 3 });
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(result.kind === 'event' && Object.getPrototypeOf(result.record)).toBe(Object.prototype);
  });

  test('reset forgets the header and the line count', () => {
    const parser = createParser();
    parser.parse(CUSTOM_HEADER);
    parser.reset();
    expect(parser.lineNumber).toBe(0);
    expect(parser.format).toBeUndefined();
    expect(parser.parse(CUSTOM)).toMatchObject({ kind: 'invalid', lineNumber: 1, error: { code: 'unknown-layout' } });
  });

  test('an unknown profile is refused up front', () => {
    // @ts-expect-error: not a profile
    expect(() => createParser({ profile: 'full' })).toThrowError(RangeError);
  });

  test('JSON records: dashed keys, float whole numbers, strings and nulls', () => {
    const result = createParser().parse(
      '{"srcaddr":"10.0.0.1","dstport":"443","protocol":6.0,"bytes":1.0e3,"tcp_flags":null,"log-status":"OK","start":1700000000123}',
    );
    expect(result.kind === 'event' && result.event).toStrictEqual({
      message:
        '{"srcaddr":"10.0.0.1","dstport":"443","protocol":6.0,"bytes":1.0e3,"tcp_flags":null,"log-status":"OK","start":1700000000123}',
      event: { category: ['network'], outcome: 'ok', start: '2023-11-14T22:13:20.123Z' },
      '@timestamp': '2023-11-14T22:13:20.123Z',
      action: { outcome: 'ok', target: 'network-traffic', type: 'forward' },
      cloud: { provider: 'aws' },
      destination: { port: 443 },
      network: { iana_number: '6', transport: 'tcp' },
      related: { ip: ['10.0.0.1'] },
      source: { address: '10.0.0.1', bytes: 1000, ip: '10.0.0.1' },
    });
  });

  test('a record whose source and destination are the same address lists it once', () => {
    const result = createParser().parse(V2.replace('172.31.16.21', '172.31.16.139'));
    expect(result.kind === 'event' && result.event).toMatchObject({ related: { ip: ['172.31.16.139'] } });
  });

  test('protocol numbers without an IANA keyword get no transport', () => {
    const parser = createParser();
    for (const [protocol, transport] of [
      ['58', 'ipv6-icmp'],
      ['143', 'ethernet'],
      ['61', undefined],
      ['200', undefined],
      ['255', undefined],
    ] as const) {
      const result = parser.parse(V2.replace(' 6 20 ', ` ${protocol} 20 `));
      expect(result.kind === 'event' && result.event.network).toEqual(
        transport === undefined ? { iana_number: protocol } : { iana_number: protocol, transport },
      );
    }
  });
});
