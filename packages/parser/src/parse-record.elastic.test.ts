import { describe, expect, test } from 'vitest';
import { announceSharedSkip, hasShared, listShared, readShared, sharedLogLines } from './__fixtures__/shared-fixtures';
import { createParser } from './create-parser';

type Json = Record<string, any>;

// Fields both Elastic's pipeline and our standard profile emit with the same
// meaning. Elastic's @timestamp is the end time (ours is the start, as the
// contract says) and its event.outcome is success/failure (ours the log status).
const comparablePaths = [
  'source.ip',
  'source.address',
  'source.port',
  'source.bytes',
  'source.packets',
  'destination.ip',
  'destination.address',
  'destination.port',
  'network.iana_number',
  'network.transport',
  'cloud.account.id',
  'cloud.provider',
  'event.start',
  'event.end',
  'event.category',
];

const read = (document: Json, path: string): unknown =>
  path.split('.').reduce<any>((value, key) => value?.[key], document);
// Elastic writes milliseconds (`.000Z`); the contract writes whole seconds.
// Older expected files write event.category as a plain string.
const normalise = (path: string, value: unknown) => {
  if (path === 'event.category' && typeof value === 'string') return [value];
  return typeof value === 'string' ? value.replace(/\.000Z$/, 'Z') : value;
};

describe.skipIf(!hasShared)('Elastic pipeline test inputs (../shared/fixtures/elastic)', () => {
  announceSharedSkip('the Elastic fixture tests');
  const logs = hasShared
    ? [...listShared('fixtures/elastic').filter(name => name.endsWith('.log')), 'system/test-extra-samples.log']
    : [];

  test('the fixture set is the one this suite was written for', () => {
    expect(logs).toEqual([
      'test-ecs-samples.log',
      'test-extra-samples.log',
      'test-tcp-flag-sequence.log',
      'test-tgw-samples.log',
      'test-v5-all-fields.log',
      'test-v8-samples.log',
      'test-with-message-field.log',
      'system/test-extra-samples.log',
    ]);
  });

  test.each(logs)('every line of %s parses by auto-detection and agrees with Elastic', file => {
    const parser = createParser();
    const lines = sharedLogLines(`fixtures/elastic/${file}`);
    const expected: Json[] | undefined = file.startsWith('system/')
      ? undefined
      : JSON.parse(readShared(`fixtures/elastic/${file}-expected.json`)).expected;
    expect(lines.length).toBeGreaterThan(0);
    let compared = 0;
    lines.forEach((line, index) => {
      const result = parser.parse(line);
      if (result.kind !== 'event')
        throw new Error(
          `${file}:${index + 1} is ${result.kind}: ${result.kind === 'invalid' ? result.error.message : ''}`,
        );
      const theirs = expected?.[index];
      if (theirs === undefined) return;
      for (const path of comparablePaths) {
        const ours = read(result.event, path);
        const elastic = normalise(path, read(theirs, path));
        if (ours === undefined || elastic === undefined) continue;
        expect(ours, `${file}:${index + 1} ${path}`).toEqual(elastic);
        compared++;
      }
      // A status record's outcome is its log status, whatever else the line holds.
      const status = theirs['aws']?.['vpcflow']?.['log_status'];
      if (status !== undefined) expect(result.event.event.outcome).toBe(String(status).toLowerCase());
    });
    if (expected !== undefined) expect(compared).toBeGreaterThan(lines.length);
  });

  test("Elastic's bad.log stays invalid: an unknown layout, not a silent event", () => {
    const [line] = sharedLogLines('fixtures/elastic/beats-module/bad.log');
    const result = createParser().parse(line!);
    expect(result.kind).toBe('invalid');
    expect(result.kind === 'invalid' && result.error.code).toBe('unknown-layout');
  });

  test('the {"message": …} wrapper is unwrapped and message holds the inner record', () => {
    const [line] = sharedLogLines('fixtures/elastic/test-with-message-field.log');
    const result = createParser().parse(line!);
    expect(result.kind === 'event' && result.event).toMatchObject({
      message: '2 428961148399 eni-0e0bf7be352692297 - - - - - - - 1671029698 1671029728 - NODATA',
      event: { outcome: 'nodata', start: '2022-12-14T14:54:58Z' },
      cloud: { account: { id: '428961148399' } },
    });
  });

  test('Transit Gateway default layout (36 fields): addresses, ports and account, no observer', () => {
    const lines = sharedLogLines('fixtures/elastic/test-tgw-samples.log');
    const result = createParser().parse(lines[2]!);
    expect(result.kind === 'event' && result.event).toStrictEqual({
      message: lines[2],
      event: { category: ['network'], end: '2025-08-19T08:36:20Z', outcome: 'ok', start: '2025-08-19T08:35:53Z' },
      '@timestamp': '2025-08-19T08:35:53Z',
      action: { outcome: 'ok', target: 'network-traffic', type: 'forward' },
      cloud: { account: { id: '748335378900' }, provider: 'aws' },
      destination: { address: '89.160.20.128', ip: '89.160.20.128', port: 8080 },
      network: { iana_number: '17', transport: 'udp' },
      related: { ip: ['216.160.83.56', '89.160.20.128'] },
      source: { address: '216.160.83.56', bytes: 6842, ip: '216.160.83.56', packets: 13, port: 36721 },
    });
  });

  test('v8 (40 fields): the record decodes every field, reject-reason included', () => {
    const [line] = sharedLogLines('fixtures/elastic/test-v8-samples.log');
    const result = createParser().parse(line!);
    expect(result.kind === 'event' && result.record).toMatchObject({
      reject_reason: 'BPA',
      ecs_cluster_name: 'backend-cluster',
      ecs_task_id: 'e504f037-35c',
      flow_direction: 'ingress',
      log_status: 'NODATA',
    });
  });
});
