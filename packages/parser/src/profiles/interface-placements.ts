import type { AwsNetworkInterface, ExtendedFlowLogEvent, OcsfNetworkActivity } from '@flowecs/ecs-types';
import type { Placed } from '../define-profile';
import type { EnrichmentView } from '../enrich/enriched-values';
import { defined } from './defined';

// Where interface enrichment (`enrich.interfaces`) goes. The record's own
// value always wins: a fact is placed only where the event has no value.

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
type Extended = Mutable<Placed<ExtendedFlowLogEvent>>;

/** Sorted keys, as every object of the extended profile's events has. */
export function sortedKeys<T extends object>(object: T): T {
  return Object.fromEntries(Object.entries(object).toSorted(([left], [right]) => (left < right ? -1 : 1))) as T;
}

/** The extended event's top-level keys that come first; the others are sorted. */
const leading = new Set(['message', 'event', '@timestamp']);

/** Sets a top-level key of the extended event, at its sorted place. */
function setSorted(event: Record<string, unknown>, key: string, value: unknown): void {
  const later = Object.keys(event).filter(other => !leading.has(other) && other > key);
  const moved = later.map(other => [other, event[other]] as const);
  for (const other of later) delete event[other];
  event[key] = value;
  for (const [other, kept] of moved) event[other] = kept;
}

/**
 * The extended profile: the instance and zone as ECS has them
 * (`cloud.instance.id`, `cloud.availability_zone`), the rest under
 * `aws.network_interface` (`AwsNetworkInterface`).
 */
export function placeExtendedInterface(event: Extended, found: EnrichmentView): void {
  const cloud = event.cloud;
  const instance = cloud.instance === undefined ? found.interfaceInstanceId : undefined;
  const zone = cloud.availability_zone === undefined ? found.interfaceAvailabilityZone : undefined;
  if (instance !== undefined || zone !== undefined)
    event.cloud = sortedKeys({
      ...cloud,
      ...(instance === undefined ? {} : { instance: { id: instance } }),
      ...(zone === undefined ? {} : { availability_zone: zone }),
    });
  const vpcflow = event.aws?.vpcflow;
  const networkInterface = defined<Placed<AwsNetworkInterface>>(
    {
      description: found.interfaceDescription,
      owner_id: found.interfaceOwnerId,
      security_groups: found.interfaceSecurityGroups as Placed<AwsNetworkInterface['security_groups']>,
      subnet_id: vpcflow?.subnet_id === undefined ? found.interfaceSubnetId : undefined,
      tags: found.interfaceTags as Placed<AwsNetworkInterface['tags']>,
      type: found.interfaceType,
      vpc_id: vpcflow?.vpc_id === undefined ? found.interfaceVpcId : undefined,
    },
    false,
  );
  if (Object.keys(networkInterface).length === 0) return;
  const aws = sortedKeys({ ...event.aws, network_interface: networkInterface });
  if (event.aws === undefined) setSorted(event as Record<string, unknown>, 'aws', aws);
  else event.aws = aws;
}

type Ocsf = Mutable<Placed<OcsfNetworkActivity>>;
type Endpoint = Placed<OcsfNetworkActivity['src_endpoint']>;

/**
 * The OCSF profile: the logging interface's endpoint (the one whose
 * `interface_uid` is the record's `interface-id`) gains its `instance_uid`,
 * `vpc_uid` and `subnet_uid`, in the key order the profile writes.
 */
export function placeOcsfInterface(event: Ocsf, found: EnrichmentView): void {
  for (const side of ['src_endpoint', 'dst_endpoint'] as const) {
    const endpoint: Endpoint = event[side];
    if (endpoint.interface_uid === undefined) continue;
    const adds =
      (endpoint.instance_uid === undefined && found.interfaceInstanceId !== undefined) ||
      (endpoint.vpc_uid === undefined && found.interfaceVpcId !== undefined) ||
      (endpoint.subnet_uid === undefined && found.interfaceSubnetId !== undefined);
    if (!adds) continue;
    event[side] = defined<Endpoint>(
      {
        port: endpoint.port,
        svc_name: endpoint.svc_name,
        ip: endpoint.ip,
        intermediate_ips: endpoint.intermediate_ips,
        interface_uid: endpoint.interface_uid,
        vpc_uid: endpoint.vpc_uid ?? found.interfaceVpcId,
        instance_uid: endpoint.instance_uid ?? found.interfaceInstanceId,
        subnet_uid: endpoint.subnet_uid ?? found.interfaceSubnetId,
        zone: endpoint.zone,
        location: endpoint.location,
      },
      false,
    );
  }
}
