import type {
  FlowLogDestination,
  FlowLogEvent,
  FlowLogSource,
  FlowLogStatusEvent,
  FlowLogTrafficEvent,
} from '@flowecs/ecs-types';
import type { FlowLogRecord } from './flow-log-record';
import { formatTimestamp } from './format-timestamp';
import { ianaProtocolKeyword } from './iana-protocol-keyword';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * Maps a decoded record to the standard-profile event: exactly the contract's
 * fields. Objects are built in output order (top level: message, event,
 * @timestamp, action, cloud, destination, network, observer, related, source;
 * sorted keys inside), so `JSON.stringify` writes the contract's byte order.
 */
export function mapRecord(record: FlowLogRecord, message: string): FlowLogEvent {
  const status = record['log_status'] as string | undefined;
  const start = record['start'] as number | undefined;
  const end = record['end'] as number | undefined;
  const startText = start === undefined ? undefined : formatTimestamp(start);
  const accountId = record['account_id'] as string | undefined;
  const interfaceId = record['interface_id'] as string | undefined;
  const cloud = accountId === undefined ? { provider: 'aws' as const } : { account: { id: accountId }, provider: 'aws' as const };
  const observer = interfaceId === undefined ? undefined : { ingress: { interface: { name: interfaceId } } };

  // NODATA and SKIPDATA records describe the interface, not traffic: they keep
  // only what the contract's nodata sample shows, even when the line has more.
  if (status === 'NODATA' || status === 'SKIPDATA') {
    const outcome = status === 'NODATA' ? 'nodata' : 'skipdata';
    const event = { category: ['network'] } as Mutable<FlowLogStatusEvent['event']>;
    if (end !== undefined) event.end = formatTimestamp(end);
    event.outcome = outcome;
    if (startText !== undefined) event.start = startText;
    const result: Mutable<FlowLogStatusEvent> = { message, event } as Mutable<FlowLogStatusEvent>;
    if (startText !== undefined) result['@timestamp'] = startText;
    result.action = { outcome, type: 'forward' };
    result.cloud = cloud;
    if (observer !== undefined) result.observer = observer;
    return result;
  }

  const sourceAddress = record['srcaddr'] as string | undefined;
  const destinationAddress = record['dstaddr'] as string | undefined;
  const sourcePort = record['srcport'] as number | undefined;
  const destinationPort = record['dstport'] as number | undefined;
  const bytes = record['bytes'] as number | undefined;
  const packets = record['packets'] as number | undefined;
  const protocol = record['protocol'] as number | undefined;
  const action = record['action'] as string | undefined;

  const event: Mutable<FlowLogTrafficEvent['event']> = { category: ['network'] };
  if (end !== undefined) event.end = formatTimestamp(end);
  if (status !== undefined) event.outcome = 'ok';
  if (startText !== undefined) event.start = startText;
  const result: Mutable<FlowLogTrafficEvent> = { message, event } as Mutable<FlowLogTrafficEvent>;
  if (startText !== undefined) result['@timestamp'] = startText;

  let destination: FlowLogDestination | undefined;
  if (destinationAddress !== undefined || destinationPort !== undefined) {
    destination = {};
    if (destinationAddress !== undefined) {
      destination.address = destinationAddress;
      destination.ip = destinationAddress;
    }
    if (destinationPort !== undefined) destination.port = destinationPort;
  }
  let source: FlowLogSource | undefined;
  if (sourceAddress !== undefined || sourcePort !== undefined || bytes !== undefined || packets !== undefined) {
    source = {};
    if (sourceAddress !== undefined) source.address = sourceAddress;
    if (bytes !== undefined) source.bytes = bytes;
    if (sourceAddress !== undefined) source.ip = sourceAddress;
    if (packets !== undefined) source.packets = packets;
    if (sourcePort !== undefined) source.port = sourcePort;
  }

  const actionObject: Mutable<FlowLogTrafficEvent['action']> = {} as Mutable<FlowLogTrafficEvent['action']>;
  if (action !== undefined) actionObject.name = action === 'ACCEPT' ? 'accept' : 'reject';
  if (status !== undefined) actionObject.outcome = 'ok';
  if (source !== undefined || destination !== undefined) actionObject.target = 'network-traffic';
  actionObject.type = 'forward';
  result.action = actionObject;
  result.cloud = cloud;
  if (destination !== undefined) result.destination = destination;
  if (protocol !== undefined) {
    const transport = ianaProtocolKeyword(protocol);
    result.network = transport === undefined ? { iana_number: String(protocol) } : { iana_number: String(protocol), transport };
  }
  if (observer !== undefined) result.observer = observer;
  if (sourceAddress !== undefined || destinationAddress !== undefined) {
    result.related = { ip: relatedAddresses(sourceAddress, destinationAddress) };
  }
  if (source !== undefined) result.source = source;
  return result;
}

function relatedAddresses(source: string | undefined, destination: string | undefined): string[] {
  if (source === undefined) return [destination as string];
  if (destination === undefined || destination === source) return [source];
  return source < destination ? [source, destination] : [destination, source];
}
