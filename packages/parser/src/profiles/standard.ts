import type {
  FlowLogActionName,
  FlowLogDestination,
  FlowLogEvent,
  FlowLogNetwork,
  FlowLogSource,
  FlowLogStatus,
  FlowLogTrafficEvent,
} from '@flowecs/ecs-types';
import { defineProfile, type Placed, type ProfileRecord } from '../define-profile';
import { fieldWords } from '../flow-log-fields';
import { ianaProtocolKeyword } from '../iana-protocol-keyword';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** The `log-status` and `action` words, lower-cased: `event.outcome`, `action.outcome` and `action.name`. */
const lowerCased = <Word extends string>(words: readonly Word[]) =>
  new Map(words.map(word => [word, word.toLowerCase()] as const)) as ReadonlyMap<Word, Lowercase<Word>>;
const statusOutcomes: ReadonlyMap<(typeof fieldWords.status)[number], FlowLogStatus> = lowerCased(fieldWords.status);
export const actionNames: ReadonlyMap<(typeof fieldWords.action)[number], FlowLogActionName> = lowerCased(
  fieldWords.action,
);

/**
 * The standard profile: exactly the contract's fields. Objects are built in
 * output order (top level: message, event, @timestamp, action, cloud,
 * destination, network, observer, related, source; sorted keys inside), so
 * JSON writes the contract's byte order. NODATA and SKIPDATA records keep
 * their values too (only `-` is absent).
 */
export const standard = defineProfile<FlowLogEvent>({
  name: 'standard',
  map({ record, message, eventTime, origin, timestamp, sortedAddresses }) {
    const status = record.log_status;
    const outcome = status === undefined ? undefined : statusOutcomes.get(status);
    const start = record.start === undefined ? undefined : timestamp(record.start);
    const end = record.end === undefined ? undefined : timestamp(record.end);
    const event = { category: ['network'] } as Mutable<Placed<FlowLogTrafficEvent['event']>>;
    if (end !== undefined) event.end = end;
    if (outcome !== undefined) (event as { outcome?: FlowLogStatus }).outcome = outcome;
    if (start !== undefined) event.start = start;
    const source = mapSource(record);
    const destination = mapDestination(record);
    const action = {} as Mutable<Placed<FlowLogTrafficEvent['action']>>;
    if (record.action !== undefined) action.name = actionNames.get(record.action)!;
    if (outcome !== undefined) (action as { outcome?: FlowLogStatus }).outcome = outcome;
    if (source !== undefined || destination !== undefined) action.target = 'network-traffic';
    action.type = 'forward';
    // The record's own account wins; else the one its path or key names.
    const account = record.account_id ?? origin?.accountId;
    const cloud =
      account === undefined ? { provider: 'aws' as const } : { account: { id: account }, provider: 'aws' as const };
    // The flow's start; without one (NAT gateway and transit-gateway path
    // formats), its end; without either, the delivery's time for it.
    const at = start ?? end ?? (eventTime === undefined ? undefined : timestamp(eventTime));
    // The keys every event has, in one literal (one allocation, not one per key).
    const result: Mutable<Placed<FlowLogTrafficEvent>> =
      at === undefined ? { message, event, action, cloud } : { message, event, '@timestamp': at, action, cloud };
    if (destination !== undefined) result.destination = destination;
    if (record.protocol !== undefined) result.network = mapProtocol(record.protocol);
    if (record.interface_id !== undefined) result.observer = { ingress: { interface: { name: record.interface_id } } };
    if (record.srcaddr !== undefined || record.dstaddr !== undefined)
      result.related = { ip: sortedAddresses([record.srcaddr, record.dstaddr]) };
    if (source !== undefined) result.source = source;
    return result;
  },
});

/** `destination` from dstaddr and dstport, or undefined when the record has neither. */
export function mapDestination(record: ProfileRecord): Placed<FlowLogDestination> | undefined {
  const { dstaddr: address, dstport: port } = record;
  if (address === undefined && port === undefined) return undefined;
  const destination: Placed<FlowLogDestination> = {};
  if (address !== undefined) {
    destination.address = address;
    destination.ip = address;
  }
  if (port !== undefined) destination.port = port;
  return destination;
}

/** `source` from srcaddr, srcport and the flow's byte and packet totals. */
export function mapSource(record: ProfileRecord): Placed<FlowLogSource> | undefined {
  const { srcaddr: address, srcport: port, bytes, packets } = record;
  if (address === undefined && port === undefined && bytes === undefined && packets === undefined) return undefined;
  const source: Placed<FlowLogSource> = {};
  if (address !== undefined) source.address = address;
  if (bytes !== undefined) source.bytes = bytes;
  if (address !== undefined) source.ip = address;
  if (packets !== undefined) source.packets = packets;
  if (port !== undefined) source.port = port;
  return source;
}

const protocolNumbers = Array.from({ length: 256 }, (_, protocol) => String(protocol));

/** `network.iana_number` and `network.transport`: the protocol is decided (at most 255). */
export function mapProtocol(protocol: number): FlowLogNetwork {
  const transport = ianaProtocolKeyword(protocol);
  const number = protocolNumbers[protocol]!;
  return transport === undefined ? { iana_number: number } : { iana_number: number, transport };
}
