import type { ExtendedFlowLogEvent } from '@flowecs/ecs-types';
import { communityId } from '../community-id';
import type { DerivedKinds, DerivedView } from '../define-profile';
import type { FlowLogFieldKey } from '../flow-log-fields';
import { flowAddress, type FlowAddress } from '../flow-address';
import type { FlowLogRecord } from '../flow-log-record';
import { MILLISECONDS_THRESHOLD } from '../format-timestamp';

type Direction = NonNullable<NonNullable<ExtendedFlowLogEvent['network']>['direction']>;

/**
 * The extended profile's values computed from several fields of a record
 * (or from a value's content, such as an address's range), not copied from
 * one. The mapping places them; this file says how each is computed.
 */
export interface ExtendedDerived {
  /** `event.duration`, nanoseconds. */
  readonly duration: number | undefined;
  readonly communityId: string | undefined;
  readonly direction: Direction | undefined;
  readonly type: 'ipv4' | 'ipv6' | undefined;
  /** `tcp-flags` as words (`aws.vpcflow.tcp_flags_array`). */
  readonly tcpFlags: readonly TcpFlag[] | undefined;
}

/**
 * How NDJSON templates treat each derived value: a number or a text written
 * into the event as it is (a slot), or one of a few words the event's shape
 * may depend on (a template per word).
 */
export const extendedDerivedKinds = {
  duration: 'number',
  communityId: 'text',
  direction: 'word',
  type: 'word',
  tcpFlags: 'word',
} as const satisfies DerivedKinds<ExtendedDerived>;

/** The derived values as the mapping sees them: the duration and the Community ID are slots. */
export type ExtendedDerivedView = DerivedView<ExtendedDerived, typeof extendedDerivedKinds>;

type TcpFlag = 'fin' | 'syn' | 'rst' | 'psh' | 'ack' | 'urg';
const tcpFlagNames: readonly TcpFlag[] = ['fin', 'syn', 'rst', 'psh', 'ack', 'urg'];
// The six documented bits' 64 combinations, each one array (a template per combination).
const tcpFlagSets = Array.from({ length: 64 }, (_, bits) =>
  Object.freeze(tcpFlagNames.filter((_name, bit) => (bits & (1 << bit)) !== 0)),
);

/** The record keys `deriveExtended` reads (NDJSON templates decode only these; a test holds the list to the function). */
export const extendedDerivedReads: readonly FlowLogFieldKey[] = [
  'start',
  'end',
  'srcaddr',
  'dstaddr',
  'protocol',
  'srcport',
  'dstport',
  'flow_direction',
  'type',
  'tcp_flags',
];

export function deriveExtended(record: FlowLogRecord): ExtendedDerived {
  const start = record['start'] as number | undefined;
  const end = record['end'] as number | undefined;
  const sourceAddress = record['srcaddr'] as string | undefined;
  const destinationAddress = record['dstaddr'] as string | undefined;
  const protocol = record['protocol'] as number | undefined;
  // Each address parsed once, for the Community ID, the direction and the type.
  const source = sourceAddress === undefined ? undefined : flowAddress(sourceAddress);
  const destination = destinationAddress === undefined ? undefined : flowAddress(destinationAddress);
  return {
    duration: start === undefined || end === undefined ? undefined : durationNanoseconds(start, end),
    communityId:
      source === undefined || destination === undefined || protocol === undefined
        ? undefined
        : communityId(
            source.bytes,
            destination.bytes,
            protocol,
            record['srcport'] as number | undefined,
            record['dstport'] as number | undefined,
          ),
    direction: networkDirection(record['flow_direction'] as string | undefined, source, destination),
    type: networkType(record['type'] as string | undefined, source ?? destination),
    tcpFlags: tcpFlagsOf(record['tcp_flags'] as number | undefined),
  };
}

/**
 * Only a duration JSON can carry exactly (under 104 days): longer ones come
 * from broken clocks, not from a flow log's aggregation interval; negative
 * ones too.
 */
function tcpFlagsOf(value: number | undefined): readonly TcpFlag[] | undefined {
  if (value === undefined || (value & 0x3f) === 0) return undefined;
  return tcpFlagSets[value & 0x3f];
}

function durationNanoseconds(start: number, end: number): number | undefined {
  const duration = (toMilliseconds(end) - toMilliseconds(start)) * 1e6;
  return duration >= 0 && Number.isSafeInteger(duration) ? duration : undefined;
}

function toMilliseconds(value: number): number {
  return value > MILLISECONDS_THRESHOLD ? value : value * 1000;
}

/** From the record's `type` (IPv4/IPv6) when given, else from the address itself. */
function networkType(recordType: string | undefined, address: FlowAddress | undefined): 'ipv4' | 'ipv6' | undefined {
  if (recordType === 'IPv4') return 'ipv4';
  if (recordType === 'IPv6') return 'ipv6';
  return address?.kind;
}

/**
 * AWS's flow-direction when the record has it (ingress/egress, relative to
 * the interface); otherwise derived from which side is a private address.
 */
function networkDirection(
  flowDirection: string | undefined,
  source: FlowAddress | undefined,
  destination: FlowAddress | undefined,
): Direction | undefined {
  if (flowDirection === 'ingress' || flowDirection === 'egress') return flowDirection;
  if (source === undefined || destination === undefined) return undefined;
  const sourceInternal = source.internal;
  const destinationInternal = destination.internal;
  if (sourceInternal && destinationInternal) return 'internal';
  if (sourceInternal) return 'outbound';
  if (destinationInternal) return 'inbound';
  return 'external';
}
