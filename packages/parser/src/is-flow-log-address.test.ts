import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import ipaddr from 'ipaddr.js';
import { isIPv6, scanDottedQuad } from './byte-tokens';

const bytesOf = (text: string) => new TextEncoder().encode(text);
// A whole-token dotted quad: the scan must stop at the token's end.
const isDottedQuad = (text: string, start: number, end: number) => {
  const bytes = bytesOf(text);
  return scanDottedQuad(bytes, start, end) === end;
};
import { isFlowLogAddress } from './is-flow-log-address';

describe('isFlowLogAddress', () => {
  test.each([
    '10.0.0.1',
    '0.0.0.0',
    '255.255.255.255',
    '2001:db8::1',
    '::',
    '::1',
    '2a02:cf40::',
    'fe80::a:b:c:d',
    '::ffff:10.0.0.1',
    '2001:0DB8:0000:0000:0000:0000:0000:0001',
  ])('accepts %s', address => {
    expect(isFlowLogAddress(address)).toBe(true);
  });

  test.each([
    '',
    '-',
    '10.1',
    '10.0.1',
    '256.0.0.1',
    '01.0.0.1',
    '0x7f.0.0.1',
    '1.2.3.4.5',
    '1.2.3.',
    ':::',
    '2001:db8::1::2',
    'fe80::1%eth0',
    '::ffff:010.0.0.1',
    'eni-1234',
    '1.2.3.4 ',
    `${'1:'.repeat(30)}1`,
  ])('refuses %j', address => {
    expect(isFlowLogAddress(address)).toBe(false);
  });

  test('accepts every IPv4 and IPv6 address as Node prints it', () => {
    fc.assert(
      fc.property(fc.ipV4(), address => isFlowLogAddress(address)),
      { seed: 1, numRuns: 2000 },
    );
    fc.assert(
      fc.property(fc.ipV6(), address => isFlowLogAddress(address)),
      { seed: 2, numRuns: 2000 },
    );
  });
});

describe("scanDottedQuad, the scanner's IPv4 rule", () => {
  // It must accept exactly what ipaddr.js's isValidFourPartDecimal accepts.
  const nearIPv4 = fc.stringMatching(/^[0-9.x:a-f ]{0,20}$/);
  const quads = fc
    .tuple(fc.nat(300), fc.nat(300), fc.nat(300), fc.nat(300), fc.boolean())
    .map(([a, b, c, d, pad]) => `${pad ? '0' : ''}${a}.${b}.${c}.${d}`);

  test('agrees with ipaddr.js on random text and near-addresses', () => {
    fc.assert(
      fc.property(fc.oneof(nearIPv4, quads, fc.ipV4(), fc.string()), text => {
        expect(isDottedQuad(text, 0, text.length)).toBe(ipaddr.IPv4.isValidFourPartDecimal(text));
      }),
      { seed: 7, numRuns: 20000 },
    );
  });

  test('works on a slice of a longer line', () => {
    const line = 'x 10.0.0.1 y';
    expect(isDottedQuad(line, 2, 10)).toBe(true);
    expect(isDottedQuad(line, 2, 9)).toBe(false);
    expect(isDottedQuad(line, 1, 10)).toBe(false);
  });
});

describe("isIPv6, the scanner's IPv6 rule", () => {
  // Together with scanDottedQuad it must accept exactly what isFlowLogAddress (ipaddr.js) accepts.
  const accepts = (text: string) => {
    const bytes = bytesOf(text);
    return scanDottedQuad(bytes, 0, bytes.length) === bytes.length || isIPv6(bytes, 0, bytes.length);
  };
  const group = fc.stringMatching(/^[0-9a-fA-F]{0,5}$/);
  const nearIPv6 = fc
    .array(fc.oneof(group, fc.constant(''), fc.constantFrom('1.2.3.4', '01.2.3.4', '256.1.1.1', 'ffff')), {
      maxLength: 10,
    })
    .map(parts => parts.join(':'));
  const joined = fc
    .tuple(nearIPv6, fc.constantFrom('', ':', '::', '.', '::1', '1::'))
    .map(([text, extra]) => text + extra);

  test('agrees with ipaddr.js on near-IPv6 text', () => {
    fc.assert(
      fc.property(fc.oneof(nearIPv6, joined, fc.ipV6(), fc.stringMatching(/^[0-9a-f:.]{0,46}$/)), text => {
        expect(accepts(text), text).toBe(isFlowLogAddress(text));
      }),
      { seed: 13, numRuns: 50000 },
    );
  });

  test.each([
    '::',
    '::1',
    '1::',
    '2001:db8::1',
    '::ffff:10.0.0.1',
    '1:2:3:4:5:6:7:8',
    '1:2:3:4:5:6:1.2.3.4',
    'FE80::A',
  ])('accepts %s', text => {
    expect(accepts(text)).toBe(true);
  });

  test.each([
    ':::',
    '1:2:3:4:5:6:7:8:9',
    '1::2::3',
    ':1::',
    '12345::',
    '1:2:3:4:5:6:7::8',
    '::ffff:010.0.0.1',
    '1:',
    '::1%eth0',
  ])('refuses %s', text => {
    expect(accepts(text)).toBe(false);
  });
});
