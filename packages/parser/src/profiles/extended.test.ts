import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { corpus } from '../__fixtures__/corpus';
import { announceSharedSkip, hasShared, readShared, sharedLogLines } from '../__fixtures__/shared-fixtures';
import { createParser } from '../create-parser';
import type { AwsVpcFlowFields } from '@flowecs/ecs-types';
import { awsKeys, type AwsVpcFlowKey } from './extended-fields';
import { ECS_VERSION } from './extended';
import { parseRecord } from '../parse-record';

import { leaves, parseBoth, type Json } from '../__fixtures__/both-profiles';

const records = corpus();

describe('extended profile: a superset of the standard one', () => {
  test('the corpus holds every kind of record', () => {
    expect(records.length).toBeGreaterThanOrEqual(hasShared ? 60 : 30);
  });

  test.each(records)('$origin', record => {
    const { standard, extended } = parseBoth(record);
    for (const [path, value] of leaves(standard)) {
      if (path === 'related.ip') {
        // related.ip may gain the packet-level addresses, nothing else.
        expect(extended['related']['ip']).toEqual(expect.arrayContaining(value as string[]));
        continue;
      }
      expect(leaves(extended).find(([candidate]) => candidate === path)?.[1], path).toEqual(value);
    }
    // Standard keys keep their relative order.
    const extendedOrder = Object.keys(extended).filter(key => key in standard);
    expect(extendedOrder).toEqual(Object.keys(standard));
  });
});

describe('extended mapping details', () => {
  const v5Format =
    'version srcaddr dstaddr srcport dstport protocol start end type packets bytes account-id vpc-id subnet-id instance-id interface-id region az-id sublocation-type sublocation-id action tcp-flags pkt-srcaddr pkt-dstaddr pkt-src-aws-service pkt-dst-aws-service traffic-path flow-direction log-status';
  const egress =
    '5 10.0.0.71 52.95.128.179 34210 80 6 1616729292 1616729349 IPv4 7 471 123456789012 vpc-abcdefab012345678 subnet-aaaaaaaa012345678 i-0c50d5961bcb2d47b eni-1235b8ca123456789 ap-southeast-2 apse2-az3 - - REJECT 3 10.0.0.71 52.95.128.179 - S3 8 egress OK';

  test('an egress v5 record', () => {
    const event = parseRecord(egress, { format: v5Format, profile: 'extended' });
    expect(event.event).toMatchObject({
      action: 'reject',
      type: ['connection', 'denied'],
      kind: 'event',
      dataset: 'aws.vpcflow',
      module: 'aws',
      duration: 57_000_000_000,
    });
    expect(event.cloud).toEqual({
      account: { id: '123456789012' },
      availability_zone: 'apse2-az3',
      instance: { id: 'i-0c50d5961bcb2d47b' },
      provider: 'aws',
      region: 'ap-southeast-2',
    });
    expect(event.network).toMatchObject({
      bytes: 471,
      packets: 7,
      direction: 'egress',
      type: 'ipv4',
      iana_number: '6',
      transport: 'tcp',
    });
    expect(event.aws?.vpcflow).toMatchObject({
      tcp_flags: 3,
      tcp_flags_array: ['fin', 'syn'],
      traffic_path: 8,
      traffic_path_name: 'internet-gateway',
      pkt_dst_aws_service: 'S3',
      vpc_id: 'vpc-abcdefab012345678',
      version: 5,
    });
    expect(JSON.stringify(event)).not.toContain('"-"');
  });

  test('direction from the addresses when the record has no flow-direction', () => {
    const direction = (source: string, destination: string) =>
      parseRecord(defaultLine(source, destination), { profile: 'extended' }).network?.direction;
    expect(direction('10.0.0.1', '192.168.1.1')).toBe('internal');
    expect(direction('10.0.0.1', '8.8.8.8')).toBe('outbound');
    expect(direction('8.8.8.8', '172.16.0.1')).toBe('inbound');
    expect(direction('8.8.8.8', '1.1.1.1')).toBe('external');
    expect(direction('fd00::1', '::ffff:10.0.0.2')).toBe('internal');
  });

  test('network.type follows the record type, else the address (IPv4-mapped IPv6 is ipv6)', () => {
    const type = (address: string) =>
      parseRecord(defaultLine(address, '10.0.0.1'), { profile: 'extended' }).network?.type;
    expect(type('::ffff:10.0.0.9')).toBe('ipv6');
    expect(type('10.0.0.9')).toBe('ipv4');
    expect(type('2001:db8::1')).toBe('ipv6');
  });

  test('v7 ECS task fields, the Beats way, and reject-reason', () => {
    const [line] = hasShared ? sharedLogLines('fixtures/elastic/test-v8-samples.log') : [''];
    if (!hasShared) return;
    const event = parseRecord(line!, { profile: 'extended' });
    expect(event.orchestrator).toEqual({
      cluster: { id: 'arn:aws:ecs:us-east-1:000000000000:cluster/backend-cluster', name: 'backend-cluster' },
      resource: {
        id: 'i-18de3682c033431da',
        name: 'arn:aws:ecs:us-east-1:000000000000:container-instance/backend-cluster/i-18de3682c033431da',
        type: 'container',
      },
      type: 'ecs',
    });
    expect(event.container).toEqual({ id: '601a6500-efa' });
    expect(event.service).toEqual({ name: 'payments-service' });
    expect(event.event.reason).toBe('BPA');
    expect(event.aws?.vpcflow).toMatchObject({ ecs_second_container_id: 'dea79277-480', ecs_task_id: 'e504f037-35c' });
  });

  test('v9–v11 fields and the decoded encryption status', () => {
    const format =
      'version srcaddr dstaddr srcport dstport protocol start end action log-status reject-reason resource-id encryption-status instance-tag instance-tag-2 interface-tag interface-tag-2 asg-tag asg-tag-2 interface-type next-hop-interface-id next-hop-subnet-id next-hop-az-id next-hop-vpc-id next-hop-interface-type';
    const line =
      '11 10.0.0.71 52.95.128.179 34210 80 6 1616729292 1616729349 REJECT OK BPA nat-0c50d5961bcb2d47b 1 web web-2 eth0 eth0-2 my-asg my-asg-2 nat_gateway eni-1111aaaa2222bbbb3 subnet-aaaaaaaa012345678 apse2-az3 vpc-abcdefab012345678 network_load_balancer';
    const event = parseRecord(line, { format, profile: 'extended' });
    expect(event.aws?.vpcflow).toEqual({
      asg_tag: 'my-asg',
      asg_tag_2: 'my-asg-2',
      encryption_status: 1,
      encryption_status_name: 'nitro-encrypted',
      instance_tag: 'web',
      instance_tag_2: 'web-2',
      interface_tag: 'eth0',
      interface_tag_2: 'eth0-2',
      interface_type: 'nat_gateway',
      log_status: 'OK',
      next_hop_az_id: 'apse2-az3',
      next_hop_interface_id: 'eni-1111aaaa2222bbbb3',
      next_hop_interface_type: 'network_load_balancer',
      next_hop_subnet_id: 'subnet-aaaaaaaa012345678',
      next_hop_vpc_id: 'vpc-abcdefab012345678',
      resource_id: 'nat-0c50d5961bcb2d47b',
      version: 11,
    });
    expect(Object.keys(event.aws!.vpcflow!)).toEqual(Object.keys(event.aws!.vpcflow!).toSorted());
  });

  test('millisecond times give a duration in nanoseconds', () => {
    const event = parseRecord('{"srcaddr":"10.0.0.1","start":1700000000123,"end":1700000001000}', {
      profile: 'extended',
    });
    expect(event.event.duration).toBe(877_000_000);
  });

  test('golden file: the extended output of every AWS documentation example', async () => {
    const examples: { format: string | null; lines: string[] }[] = JSON.parse(
      readFileSync(new URL('../__fixtures__/aws-docs-examples.json', import.meta.url), 'utf8'),
    ).cases;
    const output = examples.flatMap(example =>
      example.lines.map(line =>
        JSON.stringify(
          parseRecord(line, { profile: 'extended', ...(example.format === null ? {} : { format: example.format }) }),
        ),
      ),
    );
    await expect(`${output.join('\n')}\n`).toMatchFileSnapshot('../__fixtures__/aws-docs-examples.extended.ndjson');
  });
});

/**
 * Where our extended output and Elastic's pipeline disagree on a field both
 * emit, and why. Every other shared field must be equal.
 */
const elasticDifferences: Record<
  string,
  { reason: string; check: (ours: unknown, theirs: unknown, event: Json) => void }
> = {
  '@timestamp': {
    reason: 'ours is the start time, as the contract says; Elastic uses the end time',
    check: (ours, _theirs, event) => expect(ours).toBe(event['event']['start']),
  },
  'event.outcome': {
    reason: 'ours is the log status (the contract); Elastic maps the action to success/failure',
    check: (ours, _theirs, event) => expect(ours).toBe(String(event['aws']?.['vpcflow']?.['log_status']).toLowerCase()),
  },
  'event.action': {
    reason:
      'Elastic keeps the raw ACCEPT/REJECT; we lower-case it like the Beats processor (ECS keywords are lower case)',
    check: (ours, theirs) => expect(ours).toBe(String(theirs).toLowerCase()),
  },
  'ecs.version': {
    reason: "we check against ECS 9.4.0; Elastic's samples were produced with 8.11.0",
    check: ours => expect(ours).toBe(ECS_VERSION),
  },
  'related.ip': {
    reason: 'we deduplicate and add pkt-srcaddr/pkt-dstaddr (Beats does the same); Elastic lists src and dst only',
    check: (ours, theirs) => expect(ours).toEqual(expect.arrayContaining(theirs as string[])),
  },
};
// Elastic leaves `cloud.region: "-"` and `cloud.availability_zone: "-"`; we
// never emit "-", so those are not fields both emit and need no entry.

// Elastic writes event.start/end with `.000`; the contract writes whole seconds.
function withoutMilliseconds(path: string, value: unknown): unknown {
  return typeof value === 'string' && path.startsWith('event.') && value.endsWith('.000Z')
    ? value.replace('.000Z', 'Z')
    : value;
}

function defaultLine(source: string, destination: string): string {
  return `2 123456789010 eni-1 ${source} ${destination} 1 2 6 1 1 1418530010 1418530070 ACCEPT OK`;
}

describe.skipIf(!hasShared)("parity with Elastic's expected outputs (v7, v8, Transit Gateway)", () => {
  announceSharedSkip('the Elastic parity test');
  const files = ['test-ecs-samples.log', 'test-v8-samples.log', 'test-tgw-samples.log'];

  test.each(files)('%s', file => {
    const lines = sharedLogLines(`fixtures/elastic/${file}`);
    const expected: Json[] = JSON.parse(readShared(`fixtures/elastic/${file}-expected.json`)).expected;
    const parser = createParser({ profile: 'extended' });
    let communityIds = 0;
    let compared = 0;
    lines.forEach((line, index) => {
      const result = parser.parse(line);
      if (result.kind !== 'event') throw new Error(`${file}:${index + 1}: ${result.kind}`);
      const ours = new Map(leaves(result.event));
      const theirs = leaves(expected[index]!).filter(
        ([path]) => !path.startsWith('aws.') && path !== 'event.original' && path !== 'tags',
      );
      for (const [path, value] of theirs) {
        if (!ours.has(path)) continue;
        const difference = elasticDifferences[path];
        if (difference !== undefined) difference.check(ours.get(path), value, result.event);
        else expect(ours.get(path), `${file}:${index + 1} ${path}`).toEqual(withoutMilliseconds(path, value));
        if (path === 'network.community_id') communityIds++;
        compared++;
      }
    });
    expect(communityIds).toBe(lines.length);
    expect(compared).toBeGreaterThan(lines.length * 15);
  });
});

describe('aws.vpcflow: every catalogue field without an ECS home', () => {
  test('each field kept under aws.vpcflow is declared in AwsVpcFlowFields (@flowecs/ecs-types)', () => {
    // A type error here names the keys to add to AwsVpcFlowFields in packages/ecs-types/src/index.ts.
    type Untyped = Exclude<AwsVpcFlowKey, keyof AwsVpcFlowFields>;
    const untyped: [Untyped] extends [never] ? 'none' : Untyped = 'none';
    expect(untyped).toBe('none');
    expect(awsKeys.length).toBeGreaterThan(40);
  });
});
