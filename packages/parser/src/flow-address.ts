import ipaddr from 'ipaddr.js';
import { isIPv6, quadBytes } from './byte-tokens';

/** An address of a record, as the extended mapping needs it: parsed once. */
export interface FlowAddress {
  /** Network byte order (4 or 16 bytes). */
  readonly bytes: readonly number[];
  /** `::ffff:10.0.0.1` is IPv6: the form decides, not the value. */
  readonly kind: 'ipv4' | 'ipv6';
  /** In a private, unique-local, link-local, loopback or carrier-grade NAT range (IPv4-mapped as IPv4). */
  readonly internal: boolean;
}

const internalRanges = new Set(['private', 'uniqueLocal', 'linkLocal', 'loopback', 'carrierGradeNat']);

/** A CIDR range as its network's bytes and its prefix length. */
export type Cidr = readonly [bytes: readonly number[], prefix: number];
type Ranges = readonly (readonly [name: string, cidrs: readonly Cidr[]])[];

/** ipaddr.js's special ranges as byte prefixes, in its order (its `range()` takes the first that matches). */
function rangesOf(special: Record<string, unknown[]>): Ranges {
  return Object.entries(special).map(([name, value]) => {
    const list = (Array.isArray(value[0]) ? value : [value]) as [ipaddr.IPv4 | ipaddr.IPv6, number][];
    return [name, list.map(([address, prefix]) => [address.toByteArray(), prefix] as const)] as const;
  });
}
type WithRanges = { SpecialRanges: Record<string, unknown[]> };
const ipv4Ranges = rangesOf((ipaddr.IPv4.prototype as unknown as WithRanges).SpecialRanges);
const ipv6Ranges = rangesOf((ipaddr.IPv6.prototype as unknown as WithRanges).SpecialRanges);

/** Whether the address at `bytes[offset…]` is in `cidr` (of the same family). */
export function matches(bytes: readonly number[], offset: number, [network, prefix]: Cidr): boolean {
  for (let bit = 0; bit < prefix; bit += 8) {
    const mask = prefix - bit >= 8 ? 0xff : (0xff << (8 - (prefix - bit))) & 0xff;
    if (((bytes[offset + bit / 8]! ^ network[bit / 8]!) & mask) !== 0) return false;
  }
  return true;
}

// Each range's CIDRs filed under the first bytes they cover, in ipaddr.js's
// order: an address is tested against the few that can hold it.
type Candidates = readonly (readonly [internal: boolean, cidr: Cidr])[];
function byFirstByte(ranges: Ranges): readonly Candidates[] {
  return Array.from({ length: 256 }, (_, first) =>
    ranges.flatMap(([name, cidrs]) =>
      cidrs
        .filter(cidr => matches([first], 0, [cidr[0], Math.min(8, cidr[1])]))
        .map(cidr => [internalRanges.has(name), cidr] as const),
    ),
  );
}
const ipv4Candidates = byFirstByte(ipv4Ranges);
const ipv6Candidates = byFirstByte(ipv6Ranges);

/** `ipaddr.range()` of the address at `bytes[offset…]`, tested for the internal ranges. */
function isInternal(bytes: readonly number[], offset: number, candidates: readonly Candidates[]): boolean {
  for (const [internal, cidr] of candidates[bytes[offset]!]!) if (matches(bytes, offset, cidr)) return internal;
  return false;
}

/** Whether the address at `bytes[offset…]` is in none of ipaddr.js's special ranges (its `range()` is `unicast`). */
function isUnicast(bytes: readonly number[], candidates: readonly Candidates[]): boolean {
  for (const [, cidr] of candidates[bytes[0]!]!) if (matches(bytes, 0, cidr)) return false;
  return true;
}

/**
 * Whether an address the parser accepted is a global unicast address: in
 * none of ipaddr.js's special-purpose ranges (private, loopback,
 * link-local, shared, documentation, multicast, IPv4-mapped, …).
 */
export function isGlobalAddress(text: string): boolean {
  if (text.includes(':')) return isUnicast(flowAddress(text).bytes, ipv6Candidates);
  // A dotted quad without the objects flowAddress makes: this runs once per address looked up.
  quadBytes(ascii(text), 0, text.length, quad, 0);
  return isUnicast(quad, ipv4Candidates);
}
const quad = [0, 0, 0, 0];

// Scratch, not state: nothing in it outlives a call. An address the parser
// accepted is at most 45 characters (IPv6 with an embedded quad).
const scratch = new Uint8Array(64);
function ascii(text: string): Uint8Array {
  const bytes = text.length <= scratch.length ? scratch : new Uint8Array(text.length);
  for (let index = 0; index < text.length; index++) bytes[index] = text.charCodeAt(index);
  return bytes;
}

/** `text` must be an address the parser accepted (a canonical dotted quad or IPv6 text). */
export function flowAddress(text: string): FlowAddress {
  if (!text.includes(':')) {
    // A canonical dotted quad (the scanner's rule): its parts are its bytes.
    const bytes = [0, 0, 0, 0];
    quadBytes(ascii(text), 0, text.length, bytes, 0);
    return { bytes, kind: 'ipv4', internal: isInternal(bytes, 0, ipv4Candidates) };
  }
  // The scanner's IPv6 rule reads the groups as it checks them.
  const bytes = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
  if (!isIPv6(ascii(text), 0, text.length, bytes)) throw new TypeError(`Not an IPv6 address: ${text}`);
  // ipaddr.js reads the deprecated IPv4-compatible form `::a.b.c.d` as
  // `::ffff:a.b.c.d`; so did every Community ID computed before.
  if (text.startsWith('::') && text.lastIndexOf(':') === 1 && text.includes('.')) bytes[10] = bytes[11] = 0xff;
  const mapped = bytes.slice(0, 10).every(byte => byte === 0) && bytes[10] === 0xff && bytes[11] === 0xff;
  return {
    bytes,
    kind: 'ipv6',
    internal: mapped ? isInternal(bytes, 12, ipv4Candidates) : isInternal(bytes, 0, ipv6Candidates),
  };
}
