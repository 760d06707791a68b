import fc from 'fast-check';
import ipaddr from 'ipaddr.js';
import { describe, expect, test } from 'vitest';
import { flowAddress } from './flow-address';

// What the extended mapping derived before (ipaddr.js parse and range): held equal.
function reference(text: string) {
  const parsed = ipaddr.parse(text);
  const ranged =
    parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress()
      ? (parsed as ipaddr.IPv6).toIPv4Address()
      : parsed;
  return {
    bytes: parsed.toByteArray(),
    kind: parsed.kind(),
    internal: ['private', 'uniqueLocal', 'linkLocal', 'loopback', 'carrierGradeNat'].includes(ranged.range()),
  };
}

describe('flowAddress', () => {
  const special = fc.constantFrom(
    '10.1.2.3',
    '172.31.255.255',
    '172.32.0.1',
    '192.168.0.1',
    '100.64.0.1',
    '100.128.0.1',
    '169.254.1.1',
    '127.0.0.1',
    '0.0.0.0',
    '::1',
    '::',
    'fe80::1',
    'fc00::1',
    'fd12::1',
    '::ffff:10.0.0.1',
    '::ffff:8.8.8.8',
    '2001:db8::1',
    'ff02::1',
  );
  test('bytes, kind and internal range agree with ipaddr.js', () => {
    fc.assert(
      fc.property(fc.oneof(fc.ipV4(), fc.ipV6(), special), text => {
        expect(flowAddress(text)).toEqual(reference(text));
      }),
      { seed: 3, numRuns: 20000 },
    );
  });
});
