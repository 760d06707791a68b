import type {
  FlowLogDestination,
  FlowLogEvent,
  FlowLogNetwork,
  FlowLogSource,
  FlowLogStatus,
} from '@flowecs/ecs-types';
import type { FlowLogRecord, RecordContext } from './flow-log-record';
import { formatTimestamp } from './format-timestamp';
import { ianaProtocolKeyword } from './iana-protocol-keyword';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * Maps a decoded record to the standard-profile event: exactly the contract's
 * fields. Objects are built in output order (top level: message, event,
 * @timestamp, action, cloud, destination, network, observer, related, source;
 * sorted keys inside), so `JSON.stringify` writes the contract's byte order.
 */
export function mapRecord(record: FlowLogRecord, message: string, context?: RecordContext): FlowLogEvent {
  const status = record['log_status'] as string | undefined;
  const start = record['start'] as number | undefined;
  const end = record['end'] as number | undefined;
  const startText = start === undefined ? undefined : formatTimestamp(start);
  // NODATA and SKIPDATA keep their values too, as OK records (only `-` is absent).
  const outcome = status === undefined ? undefined : outcomes[status]!;
  // The record's own account wins; else the one its path or key names.
  const accountId = (record['account_id'] as string | undefined) ?? context?.origin?.accountId;
  const interfaceId = record['interface_id'] as string | undefined;
  const cloud =
    accountId === undefined ? { provider: 'aws' as const } : { account: { id: accountId }, provider: 'aws' as const };
  const observer = interfaceId === undefined ? undefined : { ingress: { interface: { name: interfaceId } } };

  const sourceAddress = record['srcaddr'] as string | undefined;
  const destinationAddress = record['dstaddr'] as string | undefined;
  const protocol = record['protocol'] as number | undefined;
  const action = record['action'] as string | undefined;

  const destination = mapDestination(record);
  const source = mapSource(record);
  // The usual OK record has every field: build it as one literal, in the same
  // key order (one object shape, no property-by-property growth).
  if (
    outcome === 'ok' &&
    startText !== undefined &&
    end !== undefined &&
    action !== undefined &&
    protocol !== undefined &&
    accountId !== undefined &&
    observer !== undefined &&
    source !== undefined &&
    destination !== undefined &&
    sourceAddress !== undefined &&
    destinationAddress !== undefined
  ) {
    return {
      message,
      event: { category: ['network'], end: formatTimestamp(end), outcome: 'ok', start: startText },
      '@timestamp': startText,
      action: {
        name: action === 'ACCEPT' ? 'accept' : 'reject',
        outcome: 'ok',
        target: 'network-traffic',
        type: 'forward',
      },
      cloud,
      destination,
      network: mapProtocol(protocol),
      observer,
      related: { ip: relatedPair(sourceAddress, destinationAddress) },
      source,
    };
  }

  const endText = end === undefined ? undefined : formatTimestamp(end);
  const event = { category: ['network'] } as Mutable<FlowLogEvent['event']>;
  if (endText !== undefined) event.end = endText;
  if (outcome !== undefined) event.outcome = outcome;
  if (startText !== undefined) event.start = startText;
  const result = { message, event } as Mutable<FlowLogEvent>;
  // The flow's start; without one (NAT gateway and transit-gateway path
  // formats), its end; without either, the delivery's time for it.
  const timestamp =
    startText ?? endText ?? (context?.eventTime === undefined ? undefined : formatTimestamp(context.eventTime));
  if (timestamp !== undefined) result['@timestamp'] = timestamp;

  const actionObject = {} as Mutable<FlowLogEvent['action']>;
  if (action !== undefined) actionObject.name = action === 'ACCEPT' ? 'accept' : 'reject';
  if (outcome !== undefined) actionObject.outcome = outcome;
  if (source !== undefined || destination !== undefined) actionObject.target = 'network-traffic';
  actionObject.type = 'forward';
  result.action = actionObject;
  result.cloud = cloud;
  if (destination !== undefined) result.destination = destination;
  if (protocol !== undefined) result.network = mapProtocol(protocol);
  if (observer !== undefined) result.observer = observer;
  if (sourceAddress !== undefined || destinationAddress !== undefined) {
    result.related = { ip: relatedPair(sourceAddress, destinationAddress) };
  }
  if (source !== undefined) result.source = source;
  return result;
}

/** `destination` from dstaddr and dstport, or undefined when the record has neither. */
export function mapDestination(record: FlowLogRecord): FlowLogDestination | undefined {
  const address = record['dstaddr'] as string | undefined;
  const port = record['dstport'] as number | undefined;
  if (address === undefined && port === undefined) return undefined;
  if (address !== undefined && port !== undefined) return { address, ip: address, port };
  const destination: FlowLogDestination = {};
  if (address !== undefined) {
    destination.address = address;
    destination.ip = address;
  }
  if (port !== undefined) destination.port = port;
  return destination;
}

/** `source` from srcaddr, srcport and the flow's byte and packet totals. */
export function mapSource(record: FlowLogRecord): FlowLogSource | undefined {
  const address = record['srcaddr'] as string | undefined;
  const port = record['srcport'] as number | undefined;
  const bytes = record['bytes'] as number | undefined;
  const packets = record['packets'] as number | undefined;
  if (address === undefined && port === undefined && bytes === undefined && packets === undefined) return undefined;
  if (address !== undefined && port !== undefined && bytes !== undefined && packets !== undefined)
    return { address, bytes, ip: address, packets, port };
  const source: FlowLogSource = {};
  if (address !== undefined) source.address = address;
  if (bytes !== undefined) source.bytes = bytes;
  if (address !== undefined) source.ip = address;
  if (packets !== undefined) source.packets = packets;
  if (port !== undefined) source.port = port;
  return source;
}

/** `log-status` to `event.outcome` and `action.outcome`: the one place the words are spelled. */
const outcomes: Readonly<Record<string, FlowLogStatus>> = { OK: 'ok', NODATA: 'nodata', SKIPDATA: 'skipdata' };

const protocolNumbers = Array.from({ length: 256 }, (_, protocol) => String(protocol));

/** `network.iana_number` and `network.transport`. */
export function mapProtocol(protocol: number): FlowLogNetwork {
  const transport = ianaProtocolKeyword(protocol);
  const number = protocolNumbers[protocol]!;
  return transport === undefined ? { iana_number: number } : { iana_number: number, transport };
}

/** Source and destination for `related.ip`: the common two-address case without arrays to sort. */
function relatedPair(source: string | undefined, destination: string | undefined): string[] {
  if (source === undefined) return [destination!];
  if (destination === undefined || destination === source) return [source];
  return source < destination ? [source, destination] : [destination, source];
}

/** Addresses, deduplicated and sorted; absent ones skipped. */
export function relatedAddresses(addresses: readonly (string | undefined)[]): string[] {
  const unique: string[] = [];
  for (const address of addresses) {
    if (address !== undefined && !unique.includes(address)) unique.push(address);
  }
  return unique.length > 1 ? unique.toSorted() : unique;
}
