import { sha1 } from '@noble/hashes/legacy.js';

// ICMP types that have a counterpart (request/reply): the pair hashes like a
// two-way flow. Other types are one-way. As in the Community ID reference
// implementation (taken from Zeek).
const ICMP_COUNTERPARTS = new Map([
  [8, 0],
  [0, 8],
  [13, 14],
  [14, 13],
  [15, 16],
  [16, 15],
  [10, 9],
  [9, 10],
  [17, 18],
  [18, 17],
]);
const ICMPV6_COUNTERPARTS = new Map([
  [128, 129],
  [129, 128],
  [133, 134],
  [134, 133],
  [135, 136],
  [136, 135],
  [130, 131],
  [131, 130],
  [144, 145],
  [145, 144],
  [146, 147],
  [147, 146],
]);

const TCP = 6;
const UDP = 17;
const SCTP = 132;
const ICMP = 1;
const ICMPV6 = 58;

/**
 * Community ID v1 (seed 0) of a flow: `1:` + base64(SHA-1(seed . addresses .
 * protocol . 0 . ports)), endpoints ordered so both directions agree. For
 * ICMP the flow log's ports stand for type and code. Returns undefined when
 * the record lacks what the hash needs.
 */
export function communityId(
  sourceAddress: readonly number[],
  destinationAddress: readonly number[],
  protocol: number,
  sourcePort: number | undefined,
  destinationPort: number | undefined,
): string | undefined {
  let source = sourceAddress;
  let destination = destinationAddress;
  const usesPorts =
    protocol === TCP || protocol === UDP || protocol === SCTP || protocol === ICMP || protocol === ICMPV6;
  let first = 0;
  let second = 0;
  let oneWay = false;
  if (usesPorts) {
    if (sourcePort === undefined || destinationPort === undefined) return undefined;
    first = sourcePort;
    second = destinationPort;
    if (protocol === ICMP || protocol === ICMPV6) {
      const counterpart = (protocol === ICMP ? ICMP_COUNTERPARTS : ICMPV6_COUNTERPARTS).get(sourcePort);
      if (counterpart === undefined) oneWay = true;
      else second = counterpart;
    }
    if (!oneWay && compareEndpoints(source, first, destination, second) > 0) {
      [source, destination] = [destination, source];
      [first, second] = [second, first];
    }
  } else if (compareEndpoints(source, 0, destination, 0) > 0) {
    [source, destination] = [destination, source];
  }
  const input = new Uint8Array(2 + source.length + destination.length + 2 + (usesPorts ? 4 : 0));
  let offset = 2; // the seed, 0
  input.set(source, offset);
  offset += source.length;
  input.set(destination, offset);
  offset += destination.length;
  input[offset++] = protocol;
  input[offset++] = 0;
  if (usesPorts) {
    input[offset++] = first >> 8;
    input[offset++] = first & 0xff;
    input[offset++] = second >> 8;
    input[offset++] = second & 0xff;
  }
  return `1:${sha1Base64(input)}`;
}

/** SHA-1 as base64, in JavaScript (@noble/hashes): for runtimes without Node's. */
export function portableSha1Base64(data: Uint8Array): string {
  return base64(sha1(data));
}

// Node's one-shot native hash when the runtime has it, found without a `node:`
// import (the parser runs anywhere); @noble/hashes elsewhere. Same digest.
type OneShotHash = (algorithm: 'sha1', data: Uint8Array, encoding: 'base64') => string;
const runtime = (globalThis as { process?: { getBuiltinModule?: (id: string) => { hash?: OneShotHash } | undefined } })
  .process;
const nativeHash = runtime?.getBuiltinModule?.('node:crypto')?.hash;
const sha1Base64: (data: Uint8Array) => string =
  nativeHash === undefined ? portableSha1Base64 : data => nativeHash('sha1', data, 'base64');

// Unsigned byte order. The spec leaves a mixed IPv4/IPv6 pair (seen in
// Transit Gateway logs) open: the IPv4 endpoint comes first, which is what
// Elasticsearch's community_id processor gives for Elastic's own samples.
function compareEndpoints(
  leftAddress: readonly number[],
  leftPort: number,
  rightAddress: readonly number[],
  rightPort: number,
): number {
  if (leftAddress.length !== rightAddress.length) return leftAddress.length - rightAddress.length;
  for (let index = 0; index < leftAddress.length; index++) {
    const difference = leftAddress[index]! - rightAddress[index]!;
    if (difference !== 0) return difference;
  }
  return leftPort - rightPort;
}

function base64(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}
