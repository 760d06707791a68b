import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { cliIn } from './__fixtures__/run-cli';

// The AWS CLI reference's example output of `aws ec2 describe-network-interfaces`.
const documented = readFileSync(
  new URL('../../../packages/parser/src/__fixtures__/describe-network-interfaces.json', import.meta.url),
  'utf8',
);

let directory: string;
beforeAll(() => {
  directory = mkdtempSync(join(tmpdir(), 'flowecs-interfaces-'));
});
afterAll(() => rmSync(directory, { recursive: true, force: true }));
const { cli, file } = cliIn(() => directory);

const record = (eni: string) =>
  `2 123456789010 ${eni} 10.0.1.17 10.0.2.5 49152 443 6 20 4249 1418530010 1418530070 ACCEPT OK`;
const events = (stdout: string) =>
  stdout
    .split('\n')
    .filter(Boolean)
    .map(line => JSON.parse(line) as Record<string, any>);

describe('flowecs --interfaces (built binary)', () => {
  test("extended: the instance, zone and the interface's facts; the rest of the event unchanged", () => {
    const interfaces = file('us-east-1.json', documented);
    const path = file('flows.log', `${record('eni-e5aa89a3')}\n${record('eni-00000000000000000')}\n`);
    const plain = cli([path, '--profile', 'extended']);
    const result = cli([path, '--profile', 'extended', '--interfaces', interfaces]);
    expect(result.status).toBe(0);
    expect(result.stderr).toBe('');
    const [listed, unlisted] = events(result.stdout);
    expect(listed!['cloud']).toMatchObject({
      availability_zone: 'us-east-1d',
      instance: { id: 'i-1234567890abcdef0' },
    });
    expect(listed!['aws'].network_interface).toStrictEqual({
      description: 'my network interface',
      owner_id: '123456789012',
      security_groups: [{ id: 'sg-8637d3e3', name: 'default' }],
      subnet_id: 'subnet-b61f49f0',
      vpc_id: 'vpc-a01106c2',
    });
    expect(unlisted).toStrictEqual(events(plain.stdout)[1]);
  });

  test('repeatable: one file per account and region; --jobs 2 writes what --jobs 1 writes', () => {
    const first = file('a.json', documented);
    const second = file(
      'b.json',
      JSON.stringify([
        { NetworkInterfaceId: 'eni-0b', InterfaceType: 'lambda', TagSet: [{ Key: 'team', Value: 'x' }] },
      ]),
    );
    const lines = Array.from({ length: 20_000 }, (_, index) =>
      record(['eni-e5aa89a3', 'eni-0b', 'eni-f9ba99bf'][index % 3]!),
    );
    const path = file('many.log', `${lines.join('\n')}\n`);
    const options = ['--profile', 'ocsf', '--interfaces', first, '--interfaces', second];
    const one = cli([path, ...options]);
    const two = cli([path, ...options, '--jobs', '2']);
    expect(one.status).toBe(0);
    expect(two.stdout).toBe(one.stdout);
    const [documentedEvent] = events(one.stdout);
    expect(documentedEvent!['src_endpoint']).toMatchObject({
      instance_uid: 'i-1234567890abcdef0',
      vpc_uid: 'vpc-a01106c2',
    });
    const extended = events(cli([path, '--extended', '--interfaces', first, '--interfaces', second]).stdout);
    expect(extended[1]!['aws'].network_interface).toStrictEqual({ tags: { team: 'x' }, type: 'lambda' });
  });

  test.each([
    [
      'a missing file',
      ['--extended', '--interfaces', 'missing.json'],
      /^flowecs: --interfaces: missing\.json: cannot be read: ENOENT/,
    ],
    [
      'a device',
      ['--extended', '--interfaces', '/dev/zero'],
      /^flowecs: --interfaces: \/dev\/zero: cannot be read: not a regular file/,
    ],
    [
      'the standard profile',
      ['--interfaces', 'missing.json'],
      /^flowecs: --interfaces adds fields, and the standard profile is the contract.*--profile extended/,
    ],
  ])('%s: a usage error (exit 2), no stack trace', (_, options, message) => {
    const result = cli([file('one.log', `${record('eni-e5aa89a3')}\n`), ...options]);
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(message);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  test('a malformed file: exit 2, naming the file and what is wrong', () => {
    const bad = file('bad.json', '{"NetworkInterfaces": [{"VpcId": "vpc-1"}]}');
    const result = cli([file('one.log', `${record('eni-1')}\n`), '--extended', '--interfaces', bad]);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(
      /^flowecs: --interfaces: .*bad\.json: NetworkInterfaces\[0\]: no "NetworkInterfaceId"/,
    );
  });
});
