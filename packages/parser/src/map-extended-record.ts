import type { AwsVpcFlowFields, ExtendedFlowLogEvent, FlowLogEcsVersion, FlowLogEvent } from '@flowecs/ecs-types';
import { communityId } from './community-id';
import { flowAddress, type FlowAddress } from './flow-address';
import { flowLogFields } from './flow-log-fields';
import type { FlowLogRecord, RecordContext, UnknownFields } from './flow-log-record';
import type { FlowLogOrigin } from './flow-log-origin';
import { MILLISECONDS_THRESHOLD } from './format-timestamp';
import { mapDestination, mapProtocol, mapRecord, mapSource, relatedAddresses } from './map-record';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** The ECS version the extended output is checked against (the `@elastic/ecs` schema). */
export const ECS_VERSION: FlowLogEcsVersion = '9.4.0';

/**
 * Record fields the extended profile maps to an ECS field. Every other field
 * of the catalogue is kept under `aws.vpcflow` by its key (`interface_id`
 * in both places), so a field added to the catalogue appears there with no
 * other change here; a test checks that `AwsVpcFlowFields` types it.
 */
const ecsHomes: ReadonlySet<string> = new Set([
  'account_id',
  'action',
  'az_id',
  'bytes',
  'dstaddr',
  'dstport',
  'ecs_cluster_arn',
  'ecs_cluster_name',
  'ecs_container_id',
  'ecs_container_instance_arn',
  'ecs_container_instance_id',
  'ecs_service_name',
  'end',
  'flow_direction',
  'instance_id',
  'packets',
  'protocol',
  'region',
  'reject_reason',
  'srcaddr',
  'srcport',
  'start',
]);

/** Record fields kept under `aws.vpcflow`, in output (sorted) order. */
export const awsKeys = flowLogFields
  .map(field => field.key)
  .filter(key => !ecsHomes.has(key))
  .toSorted() as readonly (keyof AwsVpcFlowFields & keyof FlowLogRecord)[];

/** `traffic-path` codes (egress only), as AWS documents them. */
export const trafficPathNames: Readonly<Record<number, NonNullable<AwsVpcFlowFields['traffic_path_name']>>> = {
  1: 'same-vpc', // through another resource in the same VPC
  2: 'internet-or-gateway-endpoint', // through an internet gateway or a gateway VPC endpoint
  3: 'virtual-private-gateway',
  4: 'intra-region-peering', // intra-region VPC peering connection
  5: 'inter-region-peering', // inter-region VPC peering connection
  6: 'local-gateway',
  7: 'gateway-endpoint', // gateway VPC endpoint (Nitro-based instances)
  8: 'internet-gateway', // internet gateway (Nitro-based instances)
};

/** `encryption-status` codes (VPC Encryption Controls). */
export const encryptionStatusNames: Readonly<Record<number, NonNullable<AwsVpcFlowFields['encryption_status_name']>>> =
  {
    0: 'not-encrypted',
    1: 'nitro-encrypted', // encrypted by the Nitro system, managed by Encryption Controls
    2: 'application-encrypted', // e.g. TLS on port 443 to an interface or gateway endpoint
    3: 'nitro-and-application-encrypted',
  };

const tcpFlagNames = [
  [0x01, 'fin'],
  [0x02, 'syn'],
  [0x04, 'rst'],
  [0x08, 'psh'],
  [0x10, 'ack'],
  [0x20, 'urg'],
] as const;

/**
 * Maps a record to the extended profile: the standard event's fields with
 * their values unchanged, plus every other field of the record.
 */
export function mapExtendedRecord(
  record: FlowLogRecord,
  message: string,
  context?: RecordContext,
): ExtendedFlowLogEvent {
  const standard = mapRecord(record, message, context);
  const text = (key: string) => record[key] as string | undefined;
  const number = (key: string) => record[key] as number | undefined;
  const action = text('action');
  const start = number('start');
  const end = number('end');

  const event = {} as Mutable<ExtendedFlowLogEvent['event']>;
  if (action !== undefined) event.action = action === 'ACCEPT' ? 'accept' : 'reject';
  event.category = standard.event.category;
  event.dataset = 'aws.vpcflow';
  const duration = start === undefined || end === undefined ? undefined : durationNanoseconds(start, end);
  // Only a duration JSON can carry exactly (under 104 days): longer ones come
  // from broken clocks, not from a flow log's aggregation interval.
  if (duration !== undefined && duration >= 0 && Number.isSafeInteger(duration)) event.duration = duration;
  if (standard.event.end !== undefined) event.end = standard.event.end;
  event.kind = 'event';
  event.module = 'aws';
  if (standard.event.outcome !== undefined) event.outcome = standard.event.outcome;
  const reason = text('reject_reason');
  if (reason !== undefined) event.reason = reason;
  if (standard.event.start !== undefined) event.start = standard.event.start;
  event.type = action === undefined ? ['connection'] : ['connection', action === 'ACCEPT' ? 'allowed' : 'denied'];

  const result = { message, event } as Mutable<ExtendedFlowLogEvent>;
  if (standard['@timestamp'] !== undefined) result['@timestamp'] = standard['@timestamp'];
  result.action = standard.action;
  const aws = mapDelivery(context?.origin);
  const vpcflow = mapAws(record, context?.unknown);
  if (vpcflow !== undefined) aws.vpcflow = vpcflow;
  if (Object.keys(aws).length > 0) result.aws = aws;
  result.cloud = mapCloud(standard, record, context?.origin);
  const containerId = text('ecs_container_id');
  if (containerId !== undefined) result.container = { id: containerId };
  // A NODATA/SKIPDATA line that still carries addresses (synthetic data does)
  // gets them here: the standard profile leaves them out, extended only adds.
  const destination = standard.destination ?? mapDestination(record);
  if (destination !== undefined) result.destination = destination;
  result.ecs = { version: ECS_VERSION };
  const network = mapNetwork(standard, record);
  if (network !== undefined) result.network = network;
  if (standard.observer !== undefined) result.observer = standard.observer;
  const orchestrator = mapOrchestrator(record);
  if (orchestrator !== undefined) result.orchestrator = orchestrator;
  const related = relatedAddresses([text('srcaddr'), text('dstaddr'), text('pkt_srcaddr'), text('pkt_dstaddr')]);
  if (related.length > 0) result.related = { ip: related };
  const serviceName = text('ecs_service_name');
  if (serviceName !== undefined) result.service = { name: serviceName };
  const source = standard.source ?? mapSource(record);
  if (source !== undefined) result.source = source;
  return result;
}

function durationNanoseconds(start: number, end: number): number {
  return (toMilliseconds(end) - toMilliseconds(start)) * 1e6;
}

function toMilliseconds(value: number): number {
  return value > MILLISECONDS_THRESHOLD ? value : value * 1000;
}

/** Keys the mapping derives from other fields: an unknown field never takes one. */
const derivedKeys: ReadonlySet<string> = new Set(['encryption_status_name', 'tcp_flags_array', 'traffic_path_name']);

// Each aws key's place in the sorted order, for the present keys of a record
// as a bit set: a record has a few of them, the catalogue dozens.
const awsPlaces = new Map(awsKeys.map((key, place) => [key as string, place]));
const placeSets = Math.ceil(awsKeys.length / 32);

/** The record's aws keys, in sorted order. */
function presentAwsKeys(record: FlowLogRecord): string[] {
  const sets = new Int32Array(placeSets);
  for (const key in record) {
    const place = awsPlaces.get(key);
    if (place !== undefined && record[key] !== undefined) sets[place >> 5]! |= 1 << (place & 31);
  }
  const keys: string[] = [];
  for (let set = 0; set < placeSets; set++) {
    for (let bits = sets[set]!; bits !== 0; bits &= bits - 1)
      keys.push(awsKeys[set * 32 + 31 - Math.clz32(bits & -bits)]!);
  }
  return keys;
}

function mapAws(record: FlowLogRecord, unknown: UnknownFields | undefined): AwsVpcFlowFields | undefined {
  let fields: Record<string, unknown> | undefined;
  for (const key of presentAwsKeys(record)) {
    const value = record[key]!;
    fields ??= {};
    fields[key] = value;
    if (key === 'encryption_status') {
      const name = encryptionStatusNames[value as number];
      if (name !== undefined) fields['encryption_status_name'] = name;
    } else if (key === 'tcp_flags') {
      const flags = tcpFlagNames.filter(([bit]) => ((value as number) & bit) !== 0).map(([, name]) => name);
      if (flags.length > 0) fields['tcp_flags_array'] = flags;
    } else if (key === 'traffic_path') {
      const name = trafficPathNames[value as number];
      if (name !== undefined) fields['traffic_path_name'] = name;
    }
  }
  // Fields this release does not know, as text, after the known ones. Their
  // keys were checked (unknownFieldKey): no catalogue key, no object name.
  for (const [key, value] of unknown ?? []) {
    if (derivedKeys.has(key) || (fields !== undefined && Object.hasOwn(fields, key))) continue;
    fields ??= {};
    fields[key] = value;
  }
  return fields as AwsVpcFlowFields | undefined;
}

/** Where the record was delivered from: `aws.cloudwatch` and `aws.s3`, as Elastic's AWS inputs name them. */
function mapDelivery(origin: FlowLogOrigin | undefined): NonNullable<ExtendedFlowLogEvent['aws']> {
  const aws: NonNullable<ExtendedFlowLogEvent['aws']> = {};
  if (origin === undefined) return aws;
  if (origin.logGroup !== undefined || origin.logStream !== undefined) {
    aws.cloudwatch = {};
    if (origin.logGroup !== undefined) aws.cloudwatch.log_group = origin.logGroup;
    if (origin.logStream !== undefined) aws.cloudwatch.log_stream = origin.logStream;
  }
  if (origin.bucket !== undefined || origin.key !== undefined) {
    aws.s3 = {};
    if (origin.bucket !== undefined) aws.s3.bucket = { name: origin.bucket };
    if (origin.key !== undefined) aws.s3.object = { key: origin.key };
  }
  return aws;
}

function mapCloud(
  standard: FlowLogEvent,
  record: FlowLogRecord,
  origin: FlowLogOrigin | undefined,
): ExtendedFlowLogEvent['cloud'] {
  const zone = record['az_id'] as string | undefined;
  const instance = record['instance_id'] as string | undefined;
  // The record's own region wins; else the one its path or key names.
  const region = (record['region'] as string | undefined) ?? origin?.region;
  if (zone === undefined && instance === undefined && region === undefined) return standard.cloud;
  const cloud = {} as Mutable<ExtendedFlowLogEvent['cloud']>;
  if (standard.cloud.account !== undefined) cloud.account = standard.cloud.account;
  if (zone !== undefined) cloud.availability_zone = zone;
  if (instance !== undefined) cloud.instance = { id: instance };
  cloud.provider = 'aws';
  if (region !== undefined) cloud.region = region;
  return cloud;
}

function mapNetwork(standard: FlowLogEvent, record: FlowLogRecord): ExtendedFlowLogEvent['network'] | undefined {
  const sourceAddress = record['srcaddr'] as string | undefined;
  const destinationAddress = record['dstaddr'] as string | undefined;
  const protocol = record['protocol'] as number | undefined;
  const bytes = record['bytes'] as number | undefined;
  const packets = record['packets'] as number | undefined;
  const base = standard.network ?? (protocol === undefined ? undefined : mapProtocol(protocol));
  const network = {} as Mutable<NonNullable<ExtendedFlowLogEvent['network']>>;
  if (bytes !== undefined) network.bytes = bytes;
  // Each address parsed once, for the Community ID, the direction and the type.
  const source = sourceAddress === undefined ? undefined : flowAddress(sourceAddress);
  const destination = destinationAddress === undefined ? undefined : flowAddress(destinationAddress);
  if (source !== undefined && destination !== undefined && protocol !== undefined) {
    const id = communityId(
      source.bytes,
      destination.bytes,
      protocol,
      record['srcport'] as number | undefined,
      record['dstport'] as number | undefined,
    );
    if (id !== undefined) network.community_id = id;
  }
  const direction = networkDirection(record['flow_direction'] as string | undefined, source, destination);
  if (direction !== undefined) network.direction = direction;
  if (base !== undefined) network.iana_number = base.iana_number;
  if (packets !== undefined) network.packets = packets;
  if (base?.transport !== undefined) network.transport = base.transport;
  const type = networkType(record['type'] as string | undefined, source ?? destination);
  if (type !== undefined) network.type = type;
  return Object.keys(network).length === 0 ? undefined : network;
}

/** From the record's `type` (IPv4/IPv6) when given, else from the address itself. */
function networkType(recordType: string | undefined, address: FlowAddress | undefined): 'ipv4' | 'ipv6' | undefined {
  if (recordType === 'IPv4') return 'ipv4';
  if (recordType === 'IPv6') return 'ipv6';
  return address?.kind;
}

type Direction = NonNullable<NonNullable<ExtendedFlowLogEvent['network']>['direction']>;

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

function mapOrchestrator(record: FlowLogRecord): ExtendedFlowLogEvent['orchestrator'] | undefined {
  const clusterArn = record['ecs_cluster_arn'] as string | undefined;
  const clusterName = record['ecs_cluster_name'] as string | undefined;
  const instanceArn = record['ecs_container_instance_arn'] as string | undefined;
  const instanceId = record['ecs_container_instance_id'] as string | undefined;
  if (clusterArn === undefined && clusterName === undefined && instanceArn === undefined && instanceId === undefined)
    return undefined;
  const orchestrator = {} as Mutable<NonNullable<ExtendedFlowLogEvent['orchestrator']>>;
  if (clusterArn !== undefined || clusterName !== undefined) {
    orchestrator.cluster = {};
    if (clusterArn !== undefined) orchestrator.cluster.id = clusterArn;
    if (clusterName !== undefined) orchestrator.cluster.name = clusterName;
  }
  if (instanceArn !== undefined || instanceId !== undefined) {
    orchestrator.resource = {};
    if (instanceId !== undefined) orchestrator.resource.id = instanceId;
    if (instanceArn !== undefined) orchestrator.resource.name = instanceArn;
    orchestrator.resource.type = 'container';
  }
  orchestrator.type = 'ecs';
  return orchestrator;
}
