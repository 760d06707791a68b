import type { AwsVpcFlowFields, ExtendedFlowLogEvent, FlowLogEcsVersion, FlowLogEvent } from '@flowecs/ecs-types';
import { deriveExtended, type ExtendedDerived } from './derive-extended';
import { flowLogFields } from './flow-log-fields';
import type { FlowLogRecord, RecordContext, UnknownFields } from './flow-log-record';
import type { FlowLogOrigin } from './flow-log-origin';
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

/**
 * Maps a record to the extended profile: the standard event's fields with
 * their values unchanged, plus every other field of the record.
 */
export function mapExtendedRecord(
  record: FlowLogRecord,
  message: string,
  context?: RecordContext,
): ExtendedFlowLogEvent {
  return mapExtended(record, message, context, deriveExtended(record));
}

/** `mapExtendedRecord` with the record's derived values given (NDJSON templates give sentinels). */
export function mapExtended(
  record: FlowLogRecord,
  message: string,
  context: RecordContext | undefined,
  derived: ExtendedDerived,
): ExtendedFlowLogEvent {
  const standard = mapRecord(record, message, context);
  const text = (key: string) => record[key] as string | undefined;
  const action = text('action');

  const event = {} as Mutable<ExtendedFlowLogEvent['event']>;
  if (action !== undefined) event.action = action === 'ACCEPT' ? 'accept' : 'reject';
  event.category = standard.event.category;
  event.dataset = 'aws.vpcflow';
  if (derived.duration !== undefined) event.duration = derived.duration;
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
  const vpcflow = mapAws(record, context?.unknown, derived);
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
  const network = mapNetwork(standard, record, derived);
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

function mapAws(
  record: FlowLogRecord,
  unknown: UnknownFields | undefined,
  derived: ExtendedDerived,
): AwsVpcFlowFields | undefined {
  let fields: Record<string, unknown> | undefined;
  for (const key of presentAwsKeys(record)) {
    const value = record[key]!;
    fields ??= {};
    fields[key] = value;
    if (key === 'encryption_status') {
      const name = encryptionStatusNames[value as number];
      if (name !== undefined) fields['encryption_status_name'] = name;
    } else if (key === 'tcp_flags') {
      if (derived.tcpFlags !== undefined) fields['tcp_flags_array'] = [...derived.tcpFlags];
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

function mapNetwork(
  standard: FlowLogEvent,
  record: FlowLogRecord,
  derived: ExtendedDerived,
): ExtendedFlowLogEvent['network'] | undefined {
  const protocol = record['protocol'] as number | undefined;
  const bytes = record['bytes'] as number | undefined;
  const packets = record['packets'] as number | undefined;
  const base = standard.network ?? (protocol === undefined ? undefined : mapProtocol(protocol));
  const network = {} as Mutable<NonNullable<ExtendedFlowLogEvent['network']>>;
  if (bytes !== undefined) network.bytes = bytes;
  if (derived.communityId !== undefined) network.community_id = derived.communityId;
  if (derived.direction !== undefined) network.direction = derived.direction;
  if (base !== undefined) network.iana_number = base.iana_number;
  if (packets !== undefined) network.packets = packets;
  if (base?.transport !== undefined) network.transport = base.transport;
  if (derived.type !== undefined) network.type = derived.type;
  return Object.keys(network).length === 0 ? undefined : network;
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
