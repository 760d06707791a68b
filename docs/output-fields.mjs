// The field tables are not written by hand: every output field, and the AWS
// fields it comes from, is found by running the parser. Each sample record is
// parsed as it is, then once per AWS field with that field absent (`-`) and
// once with another valid value; an output field that changes depends on it.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { EcsFlat } from '@elastic/ecs';
import { flowLogFields, parseRecord, publishedLayouts, readNetworkInterfaces } from '@flowecs/parser';

const root = fileURLToPath(new URL('..', import.meta.url));
const read = path => readFileSync(`${root}${path}`, 'utf8');

/** The AWS user guide's example records (a project fixture), then one record with every VPC field and one with every Transit Gateway field. */
function sampleRecords() {
  const examples = JSON.parse(read('packages/parser/src/__fixtures__/aws-docs-examples.json')).cases.flatMap(example =>
    example.lines.map(line => ({ name: example.name, format: example.format ?? undefined, line })),
  );
  const vpc = flowLogFields.filter(field => field.version !== 6).map(field => field.name);
  const transitGateway = publishedLayouts.find(layout => layout.format.includes('tgw-id')).format.split(' ');
  const synthetic = (name, fields, version) => ({
    name,
    format: fields.join(' '),
    line: fields
      .map(field => (field === 'version' ? String(version) : (sampleValues[field] ?? defaultValue(field))))
      .join(' '),
  });
  return [
    ...examples,
    synthetic('every VPC field (v2–v11)', vpc, 11),
    synthetic('every Transit Gateway field', transitGateway, 6),
  ];
}

// Values for the fields the AWS examples leave out, as AWS writes them; a
// field missing here gets one from its catalogue type (defaultValue).
const sampleValues = {
  'account-id': '123456789010',
  'interface-id': 'eni-1235b8ca123456789',
  srcaddr: '172.31.16.139',
  dstaddr: '52.95.128.179',
  srcport: '20641',
  dstport: '443',
  protocol: '6',
  packets: '20',
  bytes: '4249',
  start: '1418530010',
  end: '1418530070',
  action: 'ACCEPT',
  'log-status': 'OK',
  'vpc-id': 'vpc-abcdefab012345678',
  'subnet-id': 'subnet-aaaaaaaa012345678',
  'instance-id': 'i-0c50d5961bcb2d47b',
  'tcp-flags': '19',
  type: 'IPv4',
  'pkt-srcaddr': '172.31.16.139',
  'pkt-dstaddr': '52.95.128.179',
  region: 'us-east-1',
  'az-id': 'use1-az2',
  'sublocation-type': 'outpost',
  'sublocation-id': 'op-0123456789abcdef0',
  'pkt-src-aws-service': 'EC2',
  'pkt-dst-aws-service': 'S3',
  'flow-direction': 'egress',
  'traffic-path': '8',
  'ecs-cluster-arn': 'arn:aws:ecs:us-east-1:123456789010:cluster/web',
  'ecs-cluster-name': 'web',
  'ecs-container-instance-arn':
    'arn:aws:ecs:us-east-1:123456789010:container-instance/web/0a1b2c3d4e5f60718293a4b5c6d7e8f9',
  'ecs-container-instance-id': '0a1b2c3d4e5f60718293a4b5c6d7e8f9',
  'ecs-container-id': '3ad8d56b8d7e4c2b9a1f0e6d5c4b3a2f',
  'ecs-second-container-id': '7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f',
  'ecs-service-name': 'web-service',
  'ecs-task-definition-arn': 'arn:aws:ecs:us-east-1:123456789010:task-definition/web:3',
  'ecs-task-arn': 'arn:aws:ecs:us-east-1:123456789010:task/web/1f2e3d4c5b6a79880a1b2c3d4e5f6071',
  'ecs-task-id': '1f2e3d4c5b6a79880a1b2c3d4e5f6071',
  'reject-reason': 'BPA',
  'resource-id': 'nat-0123456789abcdef0',
  'encryption-status': '1',
  'instance-tag': 'web',
  'instance-tag-2': 'production',
  'interface-tag': 'frontend',
  'interface-tag-2': 'blue',
  'asg-tag': 'web-asg',
  'asg-tag-2': 'spot',
  'interface-type': 'interface',
  'next-hop-interface-id': 'eni-0f1e2d3c4b5a69788',
  'next-hop-subnet-id': 'subnet-bbbbbbbb012345678',
  'next-hop-az-id': 'use1-az4',
  'next-hop-vpc-id': 'vpc-bcdefabc012345678',
  'next-hop-interface-type': 'nat_gateway',
  'resource-type': 'TransitGatewayAttachment',
  'tgw-id': 'tgw-0123456789abcdef0',
  'tgw-attachment-id': 'tgw-attach-0123456789abcdef0',
  'tgw-src-vpc-account-id': '123456789010',
  'tgw-dst-vpc-account-id': '210987654321',
  'tgw-src-vpc-id': 'vpc-abcdefab012345678',
  'tgw-dst-vpc-id': 'vpc-bcdefabc012345678',
  'tgw-src-subnet-id': 'subnet-aaaaaaaa012345678',
  'tgw-dst-subnet-id': 'subnet-bbbbbbbb012345678',
  'tgw-src-eni': 'eni-1235b8ca123456789',
  'tgw-dst-eni': 'eni-0f1e2d3c4b5a69788',
  'tgw-src-az-id': 'use1-az2',
  'tgw-dst-az-id': 'use1-az4',
  'tgw-pair-attachment-id': 'tgw-attach-0fedcba9876543210',
  'packets-lost-no-route': '1',
  'packets-lost-blackhole': '2',
  'packets-lost-mtu-exceeded': '3',
  'packets-lost-ttl-expired': '4',
};

/** A valid value for a field the table above does not know yet (a new AWS field), from its catalogue type. */
function defaultValue(name) {
  const definition = flowLogFields.find(field => field.name === name);
  const shape = definition.shape;
  if (shape !== undefined) return 'prefix' in shape ? `${shape.prefix}0123456789abcdef0` : shape.oneOf[0];
  return (
    {
      integer: '1',
      timestamp: '1418530010',
      address: '10.0.0.1',
      account: '123456789010',
      action: 'ACCEPT',
      status: 'OK',
    }[definition.type] ?? 'example'
  );
}

/** Another valid value for a field, chosen to move every output that reads it. */
function alternative(definition, value) {
  switch (definition.type) {
    case 'integer':
    case 'timestamp':
      return String(Number(value) === definition.maximum ? Number(value) - 1 : Number(value) + 1);
    case 'address':
      // Private to public and back, so direction and address class change too.
      return /^(10\.|172\.(1[6-9]|2\d|3[01])\.|192\.168\.)/.test(value)
        ? '198.51.100.7'
        : value.includes(':')
          ? '2001:db8::7'
          : '10.1.2.3';
    case 'account':
      return '999999999999';
    case 'action':
      return value === 'ACCEPT' ? 'REJECT' : 'ACCEPT';
    case 'status':
      // NODATA or SKIPDATA would change the event's whole shape, not one field.
      return undefined;
    default: {
      const shape = definition.shape;
      if (shape !== undefined && 'oneOf' in shape) return shape.oneOf.find(word => word !== value);
      return `${value}x`;
    }
  }
}

/** Leaf paths of an event, in order: `source.port` → value (arrays are leaves). */
function flatten(value, prefix = '', into = new Map()) {
  for (const [key, inner] of Object.entries(value)) {
    const path = prefix === '' ? key : `${prefix}.${key}`;
    if (inner !== null && typeof inner === 'object' && !Array.isArray(inner)) flatten(inner, path, into);
    else into.set(path, inner);
  }
  return into;
}

/** Per output path: the AWS fields it depends on and its first example value. */
export function outputFields(profile) {
  const fields = new Map();
  for (const sample of sampleRecords()) {
    const options = { profile, ...(sample.format === undefined ? {} : { format: sample.format }) };
    const tokens = sample.line.trim().split(/ +/);
    const names = (sample.format ?? publishedLayouts[0].format).split(' ');
    // A record a profile refuses (OCSF: no time at all) has no fields to list.
    const parse = line => {
      try {
        return flatten(parseRecord(line, options));
      } catch (error) {
        if (error.code === 'unmappable-record') return undefined;
        throw error;
      }
    };
    const base = parse(sample.line);
    if (base === undefined) continue;
    for (const [path, value] of base) {
      if (!fields.has(path)) fields.set(path, { sources: new Set(), example: value, exampleFrom: sample.name });
    }
    names.forEach((name, position) => {
      const definition = flowLogFields.find(field => field.name === name);
      const original = tokens[position];
      if (original === '-') return;
      for (const replacement of ['-', alternative(definition, original)]) {
        if (replacement === undefined) continue;
        const changed = tokens.slice();
        changed[position] = replacement;
        const result = parse(changed.join(' '));
        if (result === undefined) continue;
        for (const path of new Set([...base.keys(), ...result.keys()])) {
          if (path === 'message') continue;
          if (JSON.stringify(base.get(path)) !== JSON.stringify(result.get(path))) fields.get(path)?.sources.add(name);
        }
      }
    });
  }
  return [...fields].toSorted(([left], [right]) => (left < right ? -1 : left > right ? 1 : 0));
}

/** ECS type of a path; fields outside ECS get the type their values have, marked †. */
export function ecsType(path, example) {
  const definition = EcsFlat[path];
  if (definition !== undefined)
    return `\`${definition.type}\`${definition.normalize.includes('array') ? ' (array)' : ''}`;
  const sample = Array.isArray(example) ? example[0] : example;
  const type = typeof sample === 'number' ? 'long' : 'keyword';
  return `\`${type}\`${Array.isArray(example) ? ' (array)' : ''} †`;
}

// A City and an ASN database record, as MaxMind's GeoIP2 layout writes them:
// what enrichment reads (docs only: the tests use MaxMind's test databases).
const databaseRecords = {
  geoip: {
    city: { names: { en: 'Linköping' } },
    continent: { names: { en: 'Europe' } },
    country: { iso_code: 'SE', names: { en: 'Sweden' } },
    subdivisions: [{ iso_code: 'E', names: { en: 'Östergötland County' } }],
    location: { latitude: 58.4167, longitude: 15.6167 },
  },
  asn: { autonomous_system_number: 29518, autonomous_system_organization: 'Bredband2 AB' },
  // An item of `aws ec2 describe-network-interfaces`, for the record's interface-id.
  interfaces: {
    NetworkInterfaceId: 'eni-1235b8ca123456789',
    Attachment: { InstanceId: 'i-1234567890abcdef0' },
    AvailabilityZone: 'us-east-1d',
    Description: 'my network interface',
    Groups: [{ GroupName: 'default', GroupId: 'sg-8637d3e3' }],
    InterfaceType: 'interface',
    OwnerId: '123456789010',
    SubnetId: 'subnet-b61f49f0',
    TagSet: [{ Key: 'Name', Value: 'web-1' }],
    VpcId: 'vpc-a01106c2',
  },
};
const ENRICHED_RECORD =
  '2 123456789010 eni-1235b8ca123456789 89.160.20.112 81.2.69.142 49152 443 6 20 4249 1418530010 1418530070 ACCEPT OK';

/** Per path enrichment adds: the database or interface fields it comes from and an example, found by running the parser. */
export function enrichmentFields(profile) {
  const run = records =>
    flatten(
      parseRecord(ENRICHED_RECORD, {
        profile,
        enrich: {
          geoip: { get: () => records.geoip },
          asn: { get: () => records.asn },
          interfaces: readNetworkInterfaces(JSON.stringify([records.interfaces])),
        },
      }),
    );
  const plain = flatten(parseRecord(ENRICHED_RECORD, { profile }));
  const fields = new Map();
  for (const [path, value] of run(databaseRecords))
    if (JSON.stringify(plain.get(path)) !== JSON.stringify(value))
      fields.set(path, { sources: new Set(), example: value });
  for (const role of ['geoip', 'asn', 'interfaces']) {
    for (const leaf of flatten(databaseRecords[role]).keys()) {
      // The interface's id is what matches it to the record: every interface field depends on it.
      if (leaf === 'NetworkInterfaceId') continue;
      const records = structuredClone(databaseRecords);
      const keys = leaf.split('.');
      delete keys.slice(0, -1).reduce((object, key) => object[key], records[role])[keys.at(-1)];
      const result = run(records);
      for (const [path, field] of fields)
        if (JSON.stringify(result.get(path)) !== JSON.stringify(field.example)) field.sources.add(`${role}: ${leaf}`);
    }
  }
  // An ECS geo_point is one field: `location`, not its `lat` and `lon`.
  for (const [path, field] of fields) {
    const point = path.replace(/\.(lat|lon)$/, '');
    if (point === path || EcsFlat[point]?.type !== 'geo_point') continue;
    fields.delete(path);
    const merged = fields.get(point) ?? { sources: field.sources, example: {} };
    merged.example = { ...merged.example, [path.slice(point.length + 1)]: field.example };
    fields.set(point, merged);
  }
  return [...fields].toSorted(([left], [right]) => (left < right ? -1 : left > right ? 1 : 0));
}
