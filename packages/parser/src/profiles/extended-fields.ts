import type { AwsVpcFlowFields } from '@flowecs/ecs-types';
import type { Placed, ProfileRecord, Slot } from '../define-profile';
import { flowLogFields, type FlowLogFieldKey } from '../flow-log-fields';
import type { ExtendedDerivedView } from './extended-derive';

/**
 * Record fields the extended profile maps to an ECS field. Every other field
 * of the catalogue is kept under `aws.vpcflow` by its key (`interface_id`
 * in both places), so a field added to the catalogue appears there with no
 * other change here; a test checks that `AwsVpcFlowFields` types it.
 */
const ecsHomeKeys = [
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
] as const satisfies readonly FlowLogFieldKey[];
const ecsHomes: ReadonlySet<string> = new Set(ecsHomeKeys);

/** A record key kept under `aws.vpcflow`. */
export type AwsVpcFlowKey = Exclude<FlowLogFieldKey, (typeof ecsHomeKeys)[number]>;

/** Record fields kept under `aws.vpcflow`, in output (sorted) order. */
export const awsKeys = flowLogFields
  .map(field => field.key as FlowLogFieldKey)
  .filter(key => !ecsHomes.has(key))
  .toSorted() as readonly AwsVpcFlowKey[];

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

/** Keys the mapping derives from other fields: an unknown field never takes one. */
const derivedKeys: ReadonlySet<string> = new Set(['encryption_status_name', 'tcp_flags_array', 'traffic_path_name']);

// Each aws key's place in the sorted order, for the present keys of a record
// as a bit set: a record has a few of them, the catalogue dozens.
const awsPlaces: ReadonlyMap<string, number> = new Map(awsKeys.map((key, place) => [key, place]));
const placeSets = Math.ceil(awsKeys.length / 32);

/** The record's aws keys, in sorted order. */
function presentAwsKeys(record: ProfileRecord): (typeof awsKeys)[number][] {
  const sets = new Int32Array(placeSets);
  for (const key in record) {
    const place = awsPlaces.get(key);
    if (place !== undefined && record[key as FlowLogFieldKey] !== undefined) sets[place >> 5]! |= 1 << (place & 31);
  }
  const keys: (typeof awsKeys)[number][] = [];
  for (let set = 0; set < placeSets; set++) {
    for (let bits = sets[set]!; bits !== 0; bits &= bits - 1)
      keys.push(awsKeys[set * 32 + 31 - Math.clz32(bits & -bits)]!);
  }
  return keys;
}

/** `aws.vpcflow`: the fields without an ECS home, their names, then fields this release does not know. */
export function mapAws(
  record: ProfileRecord,
  unknown: readonly (readonly [string, Slot])[] | undefined,
  derived: ExtendedDerivedView,
): Placed<AwsVpcFlowFields> | undefined {
  let fields: Record<string, unknown> | undefined;
  for (const key of presentAwsKeys(record)) {
    fields ??= {};
    fields[key] = record[key];
    if (key === 'encryption_status') {
      const name = encryptionStatusNames[record.encryption_status!];
      if (name !== undefined) fields['encryption_status_name'] = name;
    } else if (key === 'tcp_flags') {
      if (derived.tcpFlags !== undefined) fields['tcp_flags_array'] = [...derived.tcpFlags];
    } else if (key === 'traffic_path') {
      const name = trafficPathNames[record.traffic_path!];
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
  return fields as Placed<AwsVpcFlowFields> | undefined;
}
