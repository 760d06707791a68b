import { readFileSync } from 'node:fs';
import { EcsFlat } from '@elastic/ecs';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { createParser } from '../create-parser';
import { NdjsonWriter } from '../ndjson-writer';
import type { FlowLogParserOptions } from '../resolve-options';
import { ocsfValidators } from '../__fixtures__/ocsf-schemas';
import { interfaceKinds, prepareInterface, setInterfaceValues } from './enriched-values';
import { NetworkInterfacesError, readNetworkInterfaces } from './network-interfaces';

type Json = Record<string, any>;
// The AWS CLI reference's example output of `aws ec2 describe-network-interfaces`.
const documented = readFileSync(new URL('../__fixtures__/describe-network-interfaces.json', import.meta.url));
const V2 = (eni: string) =>
  `2 123456789010 ${eni} 10.0.1.17 10.0.2.5 49152 443 6 20 4249 1418530010 1418530070 ACCEPT OK`;
const V5 = (eni: string, vpc: string, subnet: string, instance: string) =>
  `5 ${vpc} ${subnet} ${instance} ${eni} 123456789010 IPv4 10.0.1.17 10.0.2.5 use1-az1 1418530010 1418530070`;
const V5_FORMAT = 'version vpc-id subnet-id instance-id interface-id account-id type srcaddr dstaddr az-id start end';
const tagged = {
  NetworkInterfaces: [
    {
      NetworkInterfaceId: 'eni-0a1b2c3d4e5f60001',
      InterfaceType: 'nat_gateway',
      Description: 'Interface for NAT Gateway nat-0123',
      Groups: [],
      TagSet: [
        { Key: 'team', Value: 'payments' },
        { Key: '__proto__', Value: 'still a tag' },
        { Key: 'Name', Value: 'nat-a' },
      ],
      VpcId: 'vpc-0aaa',
      SubnetId: 'subnet-0bbb',
      AvailabilityZone: 'eu-west-1b',
      OwnerId: '210987654321',
    },
  ],
};

/** Events for `line`, as objects, JSON and NDJSON (templates), which must agree. */
function eventOf(line: string, options: FlowLogParserOptions): Json {
  const result = createParser(options).parse(line);
  if (result.kind !== 'event') throw new Error(`not an event: ${JSON.stringify(result)}`);
  const json = createParser(options).parseToJson(line);
  expect(json.kind === 'event' && json.event).toBe(JSON.stringify(result.event));
  const writer = new NdjsonWriter(1024);
  const parser = createParser(options);
  // Twice: the second line goes through the template the first one made.
  for (let index = 0; index < 2; index++) parser.parseBytesInto(Buffer.from(line), 0, line.length, writer);
  const text = new TextDecoder().decode(writer.bytes.subarray(0, writer.length));
  expect(text).toBe(`${JSON.stringify(result.event)}\n`.repeat(2));
  return result.event as Json;
}

describe('readNetworkInterfaces', () => {
  test("AWS's documented describe-network-interfaces output: each interface by id, the members enrichment uses", () => {
    const interfaces = readNetworkInterfaces(documented, 'describe.json');
    expect([...interfaces.keys()]).toEqual(['eni-e5aa89a3', 'eni-f9ba99bf']);
    expect(interfaces.get('eni-e5aa89a3')).toStrictEqual({
      id: 'eni-e5aa89a3',
      instanceId: 'i-1234567890abcdef0',
      vpcId: 'vpc-a01106c2',
      subnetId: 'subnet-b61f49f0',
      availabilityZone: 'us-east-1d',
      description: 'my network interface',
      ownerId: '123456789012',
      securityGroups: [{ id: 'sg-8637d3e3', name: 'default' }],
    });
    expect(Object.isFrozen(interfaces.get('eni-f9ba99bf'))).toBe(true);
  });

  test('the list alone (--query NetworkInterfaces), several documents into one map, tags sorted and kept as tags', () => {
    const into = readNetworkInterfaces(JSON.stringify(tagged.NetworkInterfaces), 'a.json');
    readNetworkInterfaces(documented, 'b.json', into);
    expect(into.size).toBe(3);
    const tags = into.get('eni-0a1b2c3d4e5f60001')!.tags!;
    expect(Object.keys(tags)).toEqual(['Name', '__proto__', 'team']);
    expect(Object.getPrototypeOf(tags)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(tags, '__proto__')?.value).toBe('still a tag');
  });

  test.each([
    ['', /^x\.json: not JSON/],
    ['{"NetworkInterfaces": [', /^x\.json: not JSON/],
    ['{"Reservations": []}', /^x\.json: no "NetworkInterfaces" list/],
    ['{"NetworkInterfaces": [{"VpcId": "vpc-1"}]}', /^x\.json: NetworkInterfaces\[0\]: no "NetworkInterfaceId"/],
    ['{"NetworkInterfaces": [7]}', /^x\.json: NetworkInterfaces\[0\]: not an object/],
    ['[{"NetworkInterfaceId": "eni-1", "VpcId": 5}]', /NetworkInterfaces\[0\]: "VpcId" is not a string/],
    ['[{"NetworkInterfaceId": "eni-1", "Groups": {}}]', /"Groups" is not a list/],
    ['[{"NetworkInterfaceId": "eni-1", "TagSet": [{"Value": "v"}]}]', /a tag without a "Key"/],
  ])('a malformed document is a NetworkInterfacesError naming the file and what is wrong: %s', (text, message) => {
    let thrown: unknown;
    try {
      readNetworkInterfaces(text, 'x.json');
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(NetworkInterfacesError);
    expect((thrown as NetworkInterfacesError).code).toBe('network-interfaces-invalid');
    expect((thrown as Error).message).toMatch(message);
  });

  test('bytes that are not UTF-8 are refused', () => {
    expect(() => readNetworkInterfaces(new Uint8Array([0x5b, 0xff, 0x5d]), 'x.json')).toThrow(/x\.json: not UTF-8/);
  });
});

describe('interface enrichment', () => {
  const interfaces = readNetworkInterfaces(documented);
  readNetworkInterfaces(JSON.stringify(tagged), 'tagged', interfaces);

  test('extended: the instance and zone in cloud.*, the rest under aws.network_interface, keys sorted', () => {
    const event = eventOf(V2('eni-0a1b2c3d4e5f60001'), { profile: 'extended', enrich: { interfaces } });
    expect(event['cloud']).toStrictEqual({
      account: { id: '123456789010' },
      availability_zone: 'eu-west-1b',
      provider: 'aws',
    });
    expect(Object.keys(event['aws'])).toEqual(['network_interface', 'vpcflow']);
    expect(event['aws'].network_interface).toStrictEqual({
      description: 'Interface for NAT Gateway nat-0123',
      owner_id: '210987654321',
      subnet_id: 'subnet-0bbb',
      tags: JSON.parse('{"Name": "nat-a", "__proto__": "still a tag", "team": "payments"}'),
      type: 'nat_gateway',
      vpc_id: 'vpc-0aaa',
    });
    expect(Object.keys(event)).toEqual(Object.keys(event).toSorted((left, right) => rank(left) - rank(right)));
    const documentedEvent = eventOf(V2('eni-e5aa89a3'), { profile: 'extended', enrich: { interfaces } });
    expect(documentedEvent['cloud'].instance).toStrictEqual({ id: 'i-1234567890abcdef0' });
    expect(documentedEvent['aws'].network_interface.security_groups).toStrictEqual([
      { id: 'sg-8637d3e3', name: 'default' },
    ]);
  });

  test("the record's own value wins: its instance, zone, VPC and subnet are kept, the file's left out", () => {
    const line = V5('eni-e5aa89a3', 'vpc-record', 'subnet-record', 'i-record');
    const event = eventOf(line, { profile: 'extended', format: V5_FORMAT, enrich: { interfaces } });
    expect(event['cloud']).toMatchObject({ availability_zone: 'use1-az1', instance: { id: 'i-record' } });
    expect(event['aws'].vpcflow).toMatchObject({ vpc_id: 'vpc-record', subnet_id: 'subnet-record' });
    expect(event['aws'].network_interface.vpc_id).toBeUndefined();
    expect(event['aws'].network_interface.subnet_id).toBeUndefined();
    const ocsf = eventOf(line, { profile: 'ocsf', format: V5_FORMAT, enrich: { interfaces } });
    expect(ocsf['src_endpoint']).toMatchObject({ instance_uid: 'i-record', vpc_uid: 'vpc-record' });
  });

  test('an interface the files do not list, or a record without interface-id: no field, no error', () => {
    const options = { profile: 'extended', enrich: { interfaces } } as const;
    const plain = eventOf(V2('eni-00000000000000000'), { profile: 'extended' });
    expect(eventOf(V2('eni-00000000000000000'), options)).toStrictEqual(plain);
    expect(eventOf(V2('-'), options)).toStrictEqual(eventOf(V2('-'), { profile: 'extended' }));
  });

  test("OCSF: the logging interface's endpoint gains instance_uid, vpc_uid and subnet_uid, valid against the schema", () => {
    const event = eventOf(V2('eni-e5aa89a3'), { profile: 'ocsf', enrich: { interfaces } });
    expect(event['src_endpoint']).toStrictEqual({
      port: 49152,
      ip: '10.0.1.17',
      interface_uid: 'eni-e5aa89a3',
      vpc_uid: 'vpc-a01106c2',
      instance_uid: 'i-1234567890abcdef0',
      subnet_uid: 'subnet-b61f49f0',
    });
    expect(event['dst_endpoint'].instance_uid).toBeUndefined();
    const validators = ocsfValidators();
    expect([...validators.strict(event), ...validators.aws(event)]).toEqual([]);
  });

  test('extended: the ECS fields are ECS fields of their type (@elastic/ecs)', () => {
    const ecs = EcsFlat as Record<string, { type: string }>;
    expect(ecs['cloud.instance.id']?.type).toBe('keyword');
    expect(ecs['cloud.availability_zone']?.type).toBe('keyword');
    expect(ecs['aws.network_interface.type']).toBeUndefined();
  });

  test('any interface file and record: NDJSON (templates) equals the objects', () => {
    const text = fc.string({ maxLength: 12, unit: 'grapheme' });
    const item = fc.record(
      {
        InterfaceType: text,
        Description: text,
        VpcId: text,
        Groups: fc.array(fc.record({ GroupId: fc.string({ minLength: 1 }), GroupName: text }), { maxLength: 3 }),
        TagSet: fc.array(fc.record({ Key: fc.string({ minLength: 1 }), Value: text }), { maxLength: 3 }),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(fc.array(item, { minLength: 1, maxLength: 4 }), fc.nat(), (items, pick) => {
        const listed = readNetworkInterfaces(
          JSON.stringify(items.map((entry, index) => ({ ...entry, NetworkInterfaceId: `eni-${index}` }))),
        );
        const line = V2(`eni-${pick % (items.length + 1)}`);
        for (const profile of ['extended', 'ocsf'] as const) eventOf(line, { profile, enrich: { interfaces: listed } });
      }),
      { numRuns: 200 },
    );
  });

  test('setInterfaceValues sets every interface kind, listed or not (one hidden class, named stores)', () => {
    for (const prepared of [prepareInterface(interfaces.get('eni-e5aa89a3')!), undefined]) {
      const values = {} as Parameters<typeof setInterfaceValues>[0];
      setInterfaceValues(values, prepared);
      expect(Object.keys(values)).toEqual(Object.keys(interfaceKinds));
    }
  });

  test('the standard profile refuses it; the option must be a Map', () => {
    expect(() => createParser({ enrich: { interfaces } })).toThrow(/standard profile takes no enrichment/);
    expect(() => createParser({ profile: 'extended', enrich: { interfaces: {} as never } })).toThrow(
      /enrich.interfaces must be a Map of interfaces by id/,
    );
  });
});

/** The extended event's key order: message, event, @timestamp, then sorted. */
function rank(key: string): number {
  const leading = ['message', 'event', '@timestamp'].indexOf(key);
  return leading >= 0 ? leading - 10 : key.charCodeAt(0);
}
