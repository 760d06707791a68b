import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { corpus } from '../__fixtures__/corpus';
import { createParser } from '../create-parser';
import { flowLogFields, type FlowLogFieldKey } from '../flow-log-fields';
import { NdjsonWriter } from '../ndjson-writer';
import { defineProfile } from '../define-profile';
import { ocsf } from './ocsf';
import { ocsfHomeKeys } from './ocsf-fields';

type Json = Record<string, any>;
const V5 =
  'version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status vpc-id subnet-id instance-id tcp-flags type pkt-srcaddr pkt-dstaddr region az-id sublocation-type sublocation-id pkt-src-aws-service pkt-dst-aws-service flow-direction traffic-path';
const record = (fields: Record<string, string>) =>
  V5.split(' ')
    .map(name => fields[name] ?? defaults[name])
    .join(' ');
const defaults: Record<string, string> = Object.fromEntries(
  V5.split(' ').map((name, index) => [
    name,
    '5 123456789010 eni-0a1 10.0.0.5 52.95.128.179 49152 443 6 10 840 1700000000 1700000060 ACCEPT OK vpc-0a1 subnet-0a1 i-0a1 19 IPv4 10.0.0.5 52.95.128.179 us-east-1 use1-az1 - - - S3 egress 2'.split(
      ' ',
    )[index]!,
  ]),
);

/** The OCSF events of lines after a header: as objects, and as NDJSON (templates), which must agree. */
function events(lines: readonly string[], header = V5): Json[] {
  const objects = createParser({ profile: 'ocsf' });
  const bytes = createParser({ profile: 'ocsf' });
  const out = new NdjsonWriter(64);
  const encoder = new TextEncoder();
  const results: Json[] = [];
  for (const line of [header, ...lines]) {
    const result = objects.parse(line);
    const encoded = encoder.encode(line);
    bytes.parseBytesInto(encoded, 0, encoded.length, out);
    if (result.kind === 'event') results.push(result.event as Json);
  }
  const written = new TextDecoder()
    .decode(out.view())
    .split('\n')
    .filter(Boolean)
    .map(text => JSON.parse(text) as Json);
  expect(written).toEqual(results);
  return results;
}

describe('the OCSF profile: rules beyond the three Security Lake rows', () => {
  test('the packet-level address is the endpoint’s; a different one the interface saw is intermediate', () => {
    const [nat, same] = events([record({ dstaddr: '10.0.0.9', 'pkt-dstaddr': '52.95.128.179' }), record({})]);
    expect(nat!['dst_endpoint']).toMatchObject({ ip: '52.95.128.179', intermediate_ips: ['10.0.0.9'] });
    expect(nat!['src_endpoint'].intermediate_ips).toBeUndefined();
    expect(same!['dst_endpoint'].intermediate_ips).toBeUndefined();
  });

  test('traffic-path 1–8 is boundary_id 4–11; others 99 with the path; `-` 99 "-"; none listed 99 alone', () => {
    const boundaries = events(['1', '8', '9', '-'].map(path => record({ 'traffic-path': path }))).map(
      event => event['connection_info'],
    );
    expect(boundaries.map(info => [info.boundary_id, info.boundary])).toEqual([
      [4, 'Same VPC'],
      [11, 'Internet Gateway'],
      [99, '9'],
      [99, '-'],
    ]);
    const [v2] = events(
      ['2 123456789010 eni-1 10.0.0.1 10.0.0.2 1 2 6 1 40 1700000000 1700000060 ACCEPT OK'],
      'version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status',
    );
    expect(v2!['connection_info']).toEqual({ protocol_num: 6, boundary_id: 99, direction_id: 0, direction: 'Unknown' });
  });

  test('flow-direction: ingress puts the interface on the destination, anything else on the source', () => {
    const [ingress, egress, dash] = events(['ingress', 'egress', '-'].map(flow => record({ 'flow-direction': flow })));
    expect(ingress!['dst_endpoint'].interface_uid).toBe('eni-0a1');
    expect(ingress!['src_endpoint'].interface_uid).toBeUndefined();
    expect(egress!['src_endpoint']).toMatchObject({
      interface_uid: 'eni-0a1',
      vpc_uid: 'vpc-0a1',
      instance_uid: 'i-0a1',
      subnet_uid: 'subnet-0a1',
    });
    expect(dash!['src_endpoint'].interface_uid).toBe('eni-0a1');
    expect([ingress, egress, dash].map(event => event!['connection_info'].direction_id)).toEqual([1, 2, 99]);
  });

  test('a Transit Gateway record: the endpoints’ own ids, traffic without an action, the rest unmapped', () => {
    const header =
      'version resource-type account-id tgw-id tgw-attachment-id tgw-src-vpc-account-id tgw-dst-vpc-account-id tgw-src-vpc-id tgw-dst-vpc-id tgw-src-subnet-id tgw-dst-subnet-id tgw-src-eni tgw-dst-eni tgw-src-az-id tgw-dst-az-id tgw-pair-attachment-id srcaddr dstaddr srcport dstport protocol packets bytes start end log-status type packets-lost-no-route packets-lost-blackhole packets-lost-mtu-exceeded packets-lost-ttl-expired tcp-flags region flow-direction pkt-src-aws-service pkt-dst-aws-service';
    const [event] = events(
      [
        '6 TransitGatewayAttachment 123456789010 tgw-0a1 tgw-attach-0a1 123456789010 210987654321 vpc-0a1 vpc-0b2 subnet-0a1 subnet-0b2 eni-0a1 eni-0b2 use1-az1 use1-az2 tgw-attach-0b2 10.0.0.1 10.1.0.1 49152 443 6 10 840 1700000000 1700000060 OK IPv4 0 0 0 0 19 us-east-1 egress - -',
      ],
      header,
    );
    expect(event!['src_endpoint']).toEqual({
      port: 49152,
      svc_name: '-',
      ip: '10.0.0.1',
      interface_uid: 'eni-0a1',
      vpc_uid: 'vpc-0a1',
      subnet_uid: 'subnet-0a1',
      zone: 'use1-az1',
    });
    expect(event!['dst_endpoint']).toMatchObject({ interface_uid: 'eni-0b2', vpc_uid: 'vpc-0b2', zone: 'use1-az2' });
    expect(event).toMatchObject({ activity_id: 6, action_id: 0, type_uid: 400106 });
    expect(event!['action']).toBeUndefined();
    expect(event!['unmapped']).toMatchObject({
      resource_type: 'TransitGatewayAttachment',
      tgw_id: 'tgw-0a1',
      packets_lost_no_route: 0,
      tgw_dst_vpc_account_id: '210987654321',
    });
  });

  test('time: the start, else the end, else the delivery’s; without any, the record is refused (unmappable-record)', () => {
    const header = 'version interface-id end log-status';
    const [ended] = events(['2 eni-1 1700000060 OK'], header);
    expect(ended).toMatchObject({
      time: 1700000060000,
      time_dt: '2023-11-14T22:14:20.000Z',
      end_time_dt: '2023-11-14T22:14:20.000Z',
    });
    const parser = createParser({ profile: 'ocsf', format: 'version interface-id log-status' });
    const refused = parser.parse('2 eni-1 NODATA');
    expect(refused.kind === 'invalid' && [refused.error.code, refused.error.raw]).toEqual([
      'unmappable-record',
      '2 eni-1 NODATA',
    ]);
    const out = new NdjsonWriter(64);
    const bytes = new TextEncoder().encode('2 eni-1 NODATA');
    const written = parser.parseBytesInto(bytes, 0, bytes.length, out);
    expect(written.kind === 'invalid' && written.error.code).toBe('unmappable-record');
    expect(out.length).toBe(0);
    const delivered = parser.parseMessage('2 eni-1 NODATA', { eventTime: 1700000000123 });
    expect(delivered.kind === 'event' && delivered.event).toMatchObject({
      time: 1700000000123,
      time_dt: '2023-11-14T22:13:20.123Z',
    });
  });

  test('JSON records: `-` is written as `-`, null is absent', () => {
    const parse = (fields: Json) =>
      createParser({ profile: 'ocsf' }).parse(JSON.stringify({ start: 1700000000, interface_id: 'eni-1', ...fields }));
    const dash = parse({ instance_id: '-', traffic_path: '-' });
    const missing = parse({ instance_id: null, traffic_path: null });
    expect(
      dash.kind === 'event' && [dash.event.src_endpoint.instance_uid, dash.event.connection_info.boundary],
    ).toEqual(['-', '-']);
    expect(
      missing.kind === 'event' && [missing.event.src_endpoint.instance_uid, missing.event.connection_info.boundary],
    ).toEqual([undefined, undefined]);
  });

  test('fields this release does not know go to unmapped as text', () => {
    const [event] = events(['1700000000 eni-1 gold'], 'start interface-id x-new-field');
    expect(event!['unmapped']).toEqual({ x_new_field: 'gold' });
  });

  test('NDJSON is written by templates: the mapping runs per record shape, not per record', () => {
    let calls = 0;
    const counted = defineProfile({ ...ocsf, map: input => (calls++, ocsf.map(input)) });
    const parser = createParser({ profile: counted });
    const out = new NdjsonWriter(64);
    const encoder = new TextEncoder();
    const lines = [V5];
    for (let index = 0; index < 2000; index++) {
      const octet = String(index % 250);
      lines.push(
        record({
          srcaddr: `10.0.${octet}.1`,
          'pkt-srcaddr': `10.0.${octet}.1`,
          srcport: String(1024 + index),
          bytes: String(index * 7),
          start: String(1700000000 + index),
          end: String(1700000060 + index),
          action: index % 3 === 0 ? 'REJECT' : 'ACCEPT',
          // Placed, never decided on: the protocol, the path (derived) and the IP version add no shapes.
          protocol: ['6', '17', '1', '58'][index % 4]!,
          'traffic-path': ['1', '2', '3', '4', '5', '6', '7', '8', '-'][index % 9]!,
          type: index % 2 === 0 ? 'IPv4' : 'EFA',
        }),
      );
    }
    for (const line of lines) {
      const bytes = encoder.encode(line);
      parser.parseBytesInto(bytes, 0, bytes.length, out);
    }
    expect(new TextDecoder().decode(out.view()).split('\n').filter(Boolean)).toHaveLength(2000);
    // Per shape (two actions, the two orders of the addresses, the path's presence): two sentinel runs and one reference.
    expect(calls).toBeLessThan(30);
  });

  test('bad input gets the typed errors the other profiles give (the corpus, every hostile input)', () => {
    const directory = new URL('../__fixtures__/hostile/', import.meta.url);
    const hostile = readdirSync(directory)
      .filter(name => name !== 'manifest.json')
      .map(name => ({ text: new TextDecoder().decode(readFileSync(new URL(name, directory))).replace(/\n$/, '') }));
    for (const { text, format } of [...corpus(), ...hostile] as { text: string; format?: string }[]) {
      const outcome = (profile: 'standard' | 'ocsf') => {
        const result = createParser({ profile, ...(format === undefined ? {} : { format }) }).parse(text);
        return result.kind === 'invalid' ? result.error.code : result.kind;
      };
      const ocsfOutcome = outcome('ocsf');
      // A record without any time is the one thing only OCSF refuses.
      if (ocsfOutcome !== 'unmappable-record') expect(ocsfOutcome, text).toBe(outcome('standard'));
    }
  });

  // ocsf-fields.ts states the fields with an OCSF home once; this holds the mapping to it.
  test.each(flowLogFields.map(field => [field.name, field.key as FlowLogFieldKey] as const))(
    '%s: given an OCSF home, it changes the event outside unmapped; otherwise it is kept in unmapped',
    (name, key) => {
      const format = name === 'start' ? 'start' : `start ${name}`;
      const sample = flowLogFields.find(field => field.key === key)!;
      const value =
        sample.type === 'address'
          ? '10.0.0.1'
          : sample.type === 'action'
            ? 'ACCEPT'
            : sample.type === 'status'
              ? 'OK'
              : sample.type === 'account'
                ? '123456789010'
                : sample.type === 'string'
                  ? sample.shape && 'oneOf' in sample.shape
                    ? sample.shape.oneOf[0]!
                    : `${'prefix' in (sample.shape ?? {}) ? (sample.shape as { prefix: string }).prefix : ''}x1`
                  : '7';
      const withField = createParser({ profile: 'ocsf', format }).parse(
        name === 'start' ? '1700000000' : `1700000000 ${value}`,
      );
      const without = createParser({ profile: 'ocsf', format: name === 'start' ? 'start end' : format }).parse(
        name === 'start' ? '- 1700000000' : '1700000000 -',
      );
      if (withField.kind !== 'event' || without.kind !== 'event') throw new Error(name);
      const { unmapped, ...rest } = withField.event as Json;
      const { unmapped: _unmapped, ...restWithout } = without.event as Json;
      if (ocsfHomeKeys.has(key)) {
        expect(rest).not.toEqual(restWithout);
        expect(unmapped?.[key]).toBeUndefined();
      } else {
        expect(rest).toEqual(restWithout);
        expect(unmapped?.[key]).toBe(sample.type === 'integer' ? 7 : value);
      }
    },
  );
});
