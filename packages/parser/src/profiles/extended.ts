import type { ExtendedFlowLogEvent, FlowLogEcsVersion, FlowLogEvent } from '@flowecs/ecs-types';
import { defineProfile, type MappingInput, type Placed, type ProfileRecord } from '../define-profile';
import { deriveExtended, extendedDerivedKinds, extendedDerivedReads, type ExtendedDerived } from './extended-derive';
import { mapAws } from './extended-fields';
import { extendedEnrichment } from './enrichment-placements';
import { actionNames, mapDestination, mapProtocol, mapSource, standard } from './standard';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
type Extended = Placed<ExtendedFlowLogEvent>;

/** The ECS version the extended output is checked against (the `@elastic/ecs` schema). */
export const ECS_VERSION: FlowLogEcsVersion = '9.4.0';

/**
 * The extended profile: the standard event's fields with their values
 * unchanged, plus every other field of the record (`extended-fields.ts` says
 * which go to ECS fields and which under `aws.vpcflow`), the delivery's
 * fields, and values derived from several fields (`extended-derive.ts`).
 */
export const extended = defineProfile<ExtendedFlowLogEvent, ExtendedDerived, typeof extendedDerivedKinds>({
  name: 'extended',
  derivation: { reads: extendedDerivedReads, kinds: extendedDerivedKinds, derive: deriveExtended },
  enrichment: extendedEnrichment,
  map(input) {
    const { record, message, origin, derived } = input;
    // The standard mapping reads no derived value.
    const standardEvent = standard.map(input as unknown as MappingInput) as Placed<FlowLogEvent>;
    const action = record.action === undefined ? undefined : actionNames.get(record.action);

    const event = {} as Mutable<Extended['event']>;
    if (action !== undefined) event.action = action;
    event.category = standardEvent.event.category;
    event.dataset = 'aws.vpcflow';
    if (derived.duration !== undefined) event.duration = derived.duration;
    if (standardEvent.event.end !== undefined) event.end = standardEvent.event.end;
    event.kind = 'event';
    event.module = 'aws';
    if (standardEvent.event.outcome !== undefined) event.outcome = standardEvent.event.outcome;
    if (record.reject_reason !== undefined) event.reason = record.reject_reason;
    if (standardEvent.event.start !== undefined) event.start = standardEvent.event.start;
    event.type = action === undefined ? ['connection'] : ['connection', action === 'accept' ? 'allowed' : 'denied'];

    const result = { message, event } as Mutable<Extended>;
    if (standardEvent['@timestamp'] !== undefined) result['@timestamp'] = standardEvent['@timestamp'];
    result.action = standardEvent.action;
    const aws = mapDelivery(origin);
    const vpcflow = mapAws(record, input.unknown, derived);
    if (vpcflow !== undefined) aws.vpcflow = vpcflow;
    if (aws.cloudwatch !== undefined || aws.s3 !== undefined || aws.vpcflow !== undefined) result.aws = aws;
    result.cloud = mapCloud(standardEvent, record, origin?.region);
    if (record.ecs_container_id !== undefined) result.container = { id: record.ecs_container_id };
    // A NODATA/SKIPDATA line that still carries addresses (synthetic data does)
    // gets them here: the standard profile leaves them out, extended only adds.
    const destination = standardEvent.destination ?? mapDestination(record);
    if (destination !== undefined) result.destination = destination;
    result.ecs = { version: ECS_VERSION };
    const network = mapNetwork(standardEvent, record, derived);
    if (network !== undefined) result.network = network;
    if (standardEvent.observer !== undefined) result.observer = standardEvent.observer;
    const orchestrator = mapOrchestrator(record);
    if (orchestrator !== undefined) result.orchestrator = orchestrator;
    const related = input.sortedAddresses([record.srcaddr, record.dstaddr, record.pkt_srcaddr, record.pkt_dstaddr]);
    if (related.length > 0) result.related = { ip: related };
    if (record.ecs_service_name !== undefined) result.service = { name: record.ecs_service_name };
    const source = standardEvent.source ?? mapSource(record);
    if (source !== undefined) result.source = source;
    return result;
  },
});

/** Where the record was delivered from: `aws.cloudwatch` and `aws.s3`, as Elastic's AWS inputs name them. */
function mapDelivery(origin: MappingInput['origin']): Mutable<NonNullable<Extended['aws']>> {
  const aws: Mutable<NonNullable<Extended['aws']>> = {};
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
  standardEvent: Placed<FlowLogEvent>,
  record: ProfileRecord,
  originRegion: MappingInput['eventTime'],
): Extended['cloud'] {
  const { az_id: zone, instance_id: instance } = record;
  // The record's own region wins; else the one its path or key names.
  const region = record.region ?? originRegion;
  if (zone === undefined && instance === undefined && region === undefined) return standardEvent.cloud;
  const cloud = {} as Mutable<Extended['cloud']>;
  if (standardEvent.cloud.account !== undefined) cloud.account = standardEvent.cloud.account;
  if (zone !== undefined) cloud.availability_zone = zone;
  if (instance !== undefined) cloud.instance = { id: instance };
  cloud.provider = 'aws';
  if (region !== undefined) cloud.region = region;
  return cloud;
}

function mapNetwork(
  standardEvent: Placed<FlowLogEvent>,
  record: ProfileRecord,
  derived: Parameters<typeof extended.map>[0]['derived'],
): Extended['network'] | undefined {
  const { protocol, bytes, packets } = record;
  const base = standardEvent.network ?? (protocol === undefined ? undefined : mapProtocol(protocol));
  const network = {} as Mutable<NonNullable<Extended['network']>>;
  if (bytes !== undefined) network.bytes = bytes;
  if (derived.communityId !== undefined) network.community_id = derived.communityId;
  if (derived.direction !== undefined) network.direction = derived.direction;
  if (base !== undefined) network.iana_number = base.iana_number;
  if (packets !== undefined) network.packets = packets;
  if (base?.transport !== undefined) network.transport = base.transport;
  if (derived.type !== undefined) network.type = derived.type;
  return Object.keys(network).length === 0 ? undefined : network;
}

function mapOrchestrator(record: ProfileRecord): Extended['orchestrator'] | undefined {
  const {
    ecs_cluster_arn: clusterArn,
    ecs_cluster_name: clusterName,
    ecs_container_instance_arn: instanceArn,
    ecs_container_instance_id: instanceId,
  } = record;
  if (clusterArn === undefined && clusterName === undefined && instanceArn === undefined && instanceId === undefined)
    return undefined;
  const orchestrator = {} as Mutable<NonNullable<Extended['orchestrator']>>;
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
