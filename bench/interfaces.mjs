// The bench's `--interfaces` dataset: the diverse mix with each line's
// interface-id one of 100,000, and a describe-network-interfaces file that
// lists all of them as the AWS CLI prints it (4-space JSON, about 2 KB an
// interface, members enrichment does not read included). Deterministic.
import { createReadStream, createWriteStream, statSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

export const INTERFACE_COUNT = 100_000;
const TYPES = ['interface', 'interface', 'interface', 'nat_gateway', 'lambda', 'vpc_endpoint', 'load_balancer'];
const eniOf = index => `eni-${index.toString(16).padStart(17, '0')}`;

/** One interface as `aws ec2 describe-network-interfaces` lists it. */
function describedInterface(index) {
  const hex = index.toString(16).padStart(17, '0');
  const subnet = index % 64;
  const address = `10.${(index >> 16) & 255}.${(index >> 8) & 255}.${index & 255}`;
  const type = TYPES[index % TYPES.length];
  const attached = type === 'interface';
  return {
    ...(attached
      ? {
          Attachment: {
            AttachTime: '2025-11-30T23:36:42.000Z',
            AttachmentId: `eni-attach-${hex}`,
            DeleteOnTermination: true,
            DeviceIndex: 0,
            NetworkCardIndex: 0,
            InstanceId: `i-${hex}`,
            InstanceOwnerId: '123456789012',
            Status: 'attached',
          },
        }
      : {}),
    AvailabilityZone: `us-east-1${'abcdef'[subnet % 6]}`,
    Description: attached ? 'Primary network interface' : `Interface for ${type} ${hex}`,
    Groups: [
      { GroupName: 'default', GroupId: 'sg-8637d3e3' },
      ...(index % 3 === 0
        ? [{ GroupName: `app-${index % 40}`, GroupId: `sg-0${(index % 40).toString(16).padStart(16, '0')}` }]
        : []),
    ],
    InterfaceType: type,
    Ipv6Addresses: [],
    MacAddress: `02:${hex.slice(-10).match(/../g).join(':')}`,
    NetworkInterfaceId: eniOf(index),
    OwnerId: '123456789012',
    PrivateDnsName: `ip-${address.replaceAll('.', '-')}.ec2.internal`,
    PrivateIpAddress: address,
    PrivateIpAddresses: [
      { Primary: true, PrivateDnsName: `ip-${address.replaceAll('.', '-')}.ec2.internal`, PrivateIpAddress: address },
    ],
    RequesterManaged: !attached,
    SourceDestCheck: true,
    Status: 'in-use',
    SubnetId: `subnet-0${subnet.toString(16).padStart(16, '0')}`,
    TagSet: [
      { Key: 'Name', Value: `web-${index % 500}` },
      { Key: 'team', Value: ['payments', 'search', 'platform'][index % 3] },
    ],
    VpcId: `vpc-0${(subnet >> 3).toString(16).padStart(16, '0')}`,
  };
}

/**
 * Writes `lines` (the diverse mix, each interface-id replaced by one of
 * INTERFACE_COUNT, spread by a multiplicative hash) and `interfaces` (the
 * describe-network-interfaces JSON of all of them).
 */
export async function writeInterfacesDataset(diverse, lines, interfaces, queried) {
  const json = createWriteStream(interfaces);
  const query = createWriteStream(queried);
  json.write('{\n    "NetworkInterfaces": [\n');
  query.write('[\n');
  for (let index = 0; index < INTERFACE_COUNT; index++) {
    const item = describedInterface(index);
    const text = JSON.stringify(item, null, 4).replaceAll('\n', '\n        ');
    const more = index + 1 < INTERFACE_COUNT ? ',' : '';
    if (!json.write(`        ${text}${more}\n`)) await once(json, 'drain');
    const kept = Object.fromEntries(Object.entries(item).filter(([key]) => QUERIED.includes(key)));
    kept.Attachment = item.Attachment === undefined ? null : { InstanceId: item.Attachment.InstanceId };
    if (!query.write(`    ${JSON.stringify(kept, null, 4).replaceAll('\n', '\n    ')}${more}\n`))
      await once(query, 'drain');
  }
  // Listened for before the lines are written: they finish meanwhile.
  const written = [once(json, 'finish'), once(query, 'finish')];
  json.end('    ]\n}\n');
  query.end(']\n');
  const out = createWriteStream(lines);
  let index = 0;
  for await (const line of createInterface({ input: createReadStream(diverse), crlfDelay: Infinity })) {
    const fields = line.split(' ');
    if (fields[0] !== 'version') fields[2] = eniOf((Math.imul(index++, 2654435761) >>> 0) % INTERFACE_COUNT);
    if (!out.write(`${fields.join(' ')}\n`)) await once(out, 'drain');
  }
  out.end();
  await Promise.all([...written, once(out, 'finish')]);
}

// The members flowecs reads: what `--query 'NetworkInterfaces[].{…}'` keeps.
const QUERIED = [
  'NetworkInterfaceId',
  'VpcId',
  'SubnetId',
  'AvailabilityZone',
  'InterfaceType',
  'Description',
  'OwnerId',
  'Groups',
  'TagSet',
];

/**
 * The `--interfaces` rows: the diverse mix with 100,000 interfaces, with and
 * without them (extended), and the start-up: a two-line file, with and
 * without the interfaces (as the AWS CLI prints them, and kept to what
 * flowecs reads by `--query`).
 */
export async function measureInterfaces({ cli, work, diverse, size, measureBest, add, runsNote }) {
  const lines = join(work, 'interfaces-v2.log');
  const interfaces = join(work, 'interfaces.json');
  const queried = join(work, 'interfaces-query.json');
  await writeInterfacesDataset(diverse, lines, interfaces, queried);
  const label = `CLI: v2 file, ${INTERFACE_COUNT.toLocaleString('en-US')} interfaces`;
  const convert = extra =>
    measureBest([cli, lines, '-o', join(work, 'out.ndjson'), '--jobs', '1', '--extended', ...extra]);
  const without = convert([]);
  add(`${label}, --extended`, 'diverse', size, without.seconds, statSync(lines).size, without.rss, runsNote);
  const enriched = convert(['--interfaces', interfaces]);
  add(
    `${label}, --extended --interfaces`,
    'diverse',
    size,
    enriched.seconds,
    statSync(lines).size,
    enriched.rss,
    runsNote,
  );
  const tiny = join(work, 'two-lines.log');
  writeFileSync(
    tiny,
    '2 123456789010 eni-00000000000000001 10.0.0.1 10.0.0.2 1 2 6 1 40 1700000000 1700000060 ACCEPT OK\n'.repeat(2),
  );
  const start = extra => measureBest([cli, tiny, '-o', join(work, 'out.ndjson'), '--extended', ...extra]).seconds;
  const bare = start([]);
  return {
    ratio: without.seconds / enriched.seconds,
    rss: enriched.rss,
    startup: start(['--interfaces', interfaces]) - bare,
    queryStartup: start(['--interfaces', queried]) - bare,
    megabytes: [statSync(interfaces).size / 1e6, statSync(queried).size / 1e6],
  };
}
