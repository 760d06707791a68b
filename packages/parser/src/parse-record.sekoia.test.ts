import { describe, expect, test } from 'vitest';
import { announceSharedSkip, hasShared, listShared, readShared } from './__fixtures__/shared-fixtures';
import { parseRecord } from './parse-record';

type Json = Record<string, any>;

/**
 * Where upstream's current tests differ from the contract, and why. The
 * contract (the seed document) is older than some upstream tests; its samples
 * define the default output.
 */
const differences: Record<string, { reason: string; adjust: (expected: Json) => void }> = {
  'accept_ok_v5.json': {
    reason:
      'upstream now adds aws.flowlogs.{vpc.id,subnet.id,tcp_flags} for v5 records; the contract does not (standard profile never adds fields)',
    adjust: expected => {
      expect(expected['aws']).toEqual({ flowlogs: { subnet: { id: 'subnet-1' }, tcp_flags: 2, vpc: { id: 'vpc-1' } } });
      delete expected['aws'];
    },
  },
  'custom.json': {
    reason: 'upstream now adds aws.flowlogs.*; the contract sample of this very record has none',
    adjust: expected => {
      expect(expected['aws']).toEqual({
        flowlogs: { subnet: { id: 'subnet-aaaaaaaa012345678' }, tcp_flags: 0, vpc: { id: 'vpc-abcdefab012345678' } },
      });
      delete expected['aws'];
    },
  },
  'network_traffic.json': {
    reason:
      'JSON floats: upstream writes iana_number "6.0" and then finds no transport; we read 6.0 as the number 6 ("6", tcp). Also upstream aws.flowlogs.*',
    adjust: expected => {
      expect(expected['network']).toEqual({ iana_number: '6.0' });
      expected['network'] = { iana_number: '6', transport: 'tcp' };
      expect(expected['aws']).toEqual({
        flowlogs: { subnet: { id: 'subnet-0123456789abcdefg' }, tcp_flags: 3, vpc: { id: 'vpc-0123456789abcdefg' } },
      });
      delete expected['aws'];
    },
  },
};

describe.skipIf(!hasShared)('Sekoia.io intake tests (../shared/fixtures/sekoia)', () => {
  announceSharedSkip('the Sekoia.io golden tests');
  const files = hasShared ? listShared('fixtures/sekoia').filter(name => name.endsWith('.json')) : [];

  test('all nine upstream cases are here', () => {
    expect(files).toHaveLength(9);
  });

  test.each(files)('%s', file => {
    const { input, expected } = JSON.parse(readShared(`fixtures/sekoia/${file}`)) as {
      input: { message: string };
      expected: Json;
    };
    const difference = differences[file];
    difference?.adjust(expected);
    const event = parseRecord(input.message);
    expect(event).toStrictEqual(expected);
    // Key order too: upstream files list keys in the contract's order.
    expect(JSON.stringify(event)).toBe(JSON.stringify(expected));
  });

  test('only the documented cases differ', () => {
    expect(Object.keys(differences).every(file => files.includes(file))).toBe(true);
  });
});
