import type { OcsfBoundaryId, OcsfNetworkActivity, OcsfNetworkEndpoint } from '@flowecs/ecs-types';
import { defineProfile, type DerivedView, type MappingInput, type Placed, type Slot } from '../define-profile';
import type { FlowLogRecord } from '../flow-log-record';
import type { FlowLogFieldKey } from '../flow-log-fields';
import { defined } from './defined';
import { ocsfEnrichment } from './enrichment-placements';
import { ocsfUnmappedFields } from './ocsf-fields';

type Derived = DerivedView<ReturnType<typeof boundary.derive>, typeof boundary.kinds>;
type Input = MappingInput<Derived>;
type Activity = Pick<OcsfNetworkActivity, 'activity_id' | 'activity_name' | 'type_uid' | 'type_name'>;

// OCSF 1.1.0 class 4001: the classification and activities Security Lake writes (`ocsf.test.ts`
// holds each caption to the schema's dictionary).
const activities = {
  unknown: { activity_name: 'Unknown', activity_id: 0, type_uid: 400100, type_name: 'Network Activity: Unknown' },
  refuse: { activity_name: 'Refuse', activity_id: 5, type_uid: 400105, type_name: 'Network Activity: Refuse' },
  traffic: { activity_name: 'Traffic', activity_id: 6, type_uid: 400106, type_name: 'Network Activity: Traffic' },
} as const satisfies Record<string, Activity>;

/** `boundary_id` 4 to 11 and their captions: AWS's `traffic-path` codes 1 to 8. */
export const boundaries: readonly (readonly [OcsfBoundaryId, string])[] = [
  [4, 'Same VPC'],
  [5, 'Internet/VPC Gateway'],
  [6, 'Virtual Private Gateway'],
  [7, 'Intra-region VPC'],
  [8, 'Inter-region VPC'],
  [9, 'Local Gateway'],
  [10, 'Gateway VPC'],
  [11, 'Internet Gateway'],
];
const pathTexts = Array.from({ length: 256 }, (_, path) => String(path));

const metadataOf = (version: string | undefined): OcsfNetworkActivity['metadata'] => ({
  product: defined<OcsfNetworkActivity['metadata']['product']>(
    { version, name: 'Amazon VPC', feature: { name: 'Flowlogs' }, vendor_name: 'AWS' },
    version !== undefined,
  ),
  profiles: ['cloud', 'security_control', 'datetime'],
  version: '1.1.0',
});
// Built once per version (at most 255): objects are shared between events, as JSON writes them.
const metadata = [undefined, ...pathTexts].map(metadataOf);

/** A text field's value; `-` when the record lists it without one (Security Lake writes it so). */
const text = (input: Input, key: FlowLogFieldKey): Slot =>
  (input.placed[key] ?? (input.listed.has(key) ? '-' : undefined)) as Slot;

/**
 * `boundary_id` and its caption from `traffic-path`: derived, not decided, so
 * that the path's nine values do not multiply the record shapes.
 */
const boundary = {
  reads: ['traffic_path'],
  kinds: { boundaryId: 'number', boundary: 'text' },
  derive(record: FlowLogRecord): { boundaryId: number; boundary: string | undefined } {
    const path = record['traffic_path'] as number | undefined;
    if (path === undefined) return { boundaryId: 99, boundary: undefined };
    const known = boundaries[path - 1];
    return known === undefined
      ? { boundaryId: 99, boundary: pathTexts[path] }
      : { boundaryId: known[0], boundary: known[1] };
  },
} as const;

/**
 * The OCSF profile: OCSF 1.1.0 Network Activity (4001) with the `cloud`,
 * `datetime` and `security_control` profiles, equal to Amazon Security
 * Lake's rows for VPC flow logs (absent values left out, not `null`). Two
 * of its values yield to the schema: a record without an action has
 * `action_id` 0 (Security Lake writes 99, which `security_control`
 * excludes), and an address of `-` is left out (`ip_t` refuses it).
 * docs/fields.md lists every rule and where it comes from.
 */
export const ocsf = defineProfile<OcsfNetworkActivity, ReturnType<typeof boundary.derive>, typeof boundary.kinds>({
  name: 'ocsf',
  timestampPrecision: 'milliseconds',
  derivation: boundary,
  enrichment: ocsfEnrichment,
  map(input) {
    const { record, eventTime, timestamp, milliseconds } = input;
    const { start, end, packets, bytes } = record;
    const at = start ?? end ?? eventTime;
    if (at === undefined) input.refuse('The record has no start, end or delivery time; an OCSF event needs `time`.');
    const activity = activityOf(input);
    // The logging interface is the destination of ingress traffic, else the source.
    const ingress = record.flow_direction === 'ingress';
    const { action, action_id, disposition } = mapAction(input);
    return defined<Placed<OcsfNetworkActivity>>(
      {
        metadata: metadata[record.version === undefined ? 0 : record.version + 1]!,
        cloud: mapCloud(input),
        src_endpoint: mapEndpoint(input, 'src', !ingress),
        dst_endpoint: mapEndpoint(input, 'dst', ingress),
        connection_info: mapConnection(input, input.derived),
        traffic: packets === undefined && bytes === undefined ? undefined : defined({ packets, bytes }, false),
        time: milliseconds(at),
        time_dt: timestamp(at),
        start_time_dt: start === undefined ? undefined : timestamp(start),
        end_time_dt: end === undefined ? undefined : timestamp(end),
        status_code: text(input, 'log_status'),
        severity_id: 1,
        severity: 'Informational',
        class_name: 'Network Activity',
        class_uid: 4001,
        category_name: 'Network Activity',
        category_uid: 4,
        activity_name: activity.activity_name,
        activity_id: activity.activity_id,
        action,
        action_id,
        disposition,
        type_uid: activity.type_uid,
        type_name: activity.type_name,
        unmapped: mapUnmapped(input),
      },
      false,
    );
  },
});

/** ACCEPT is traffic, REJECT refused; without an action (Transit Gateway), an OK record is traffic; else unknown. */
function activityOf({ record, listed }: Input): Activity {
  if (record.action === 'ACCEPT') return activities.traffic;
  if (record.action === 'REJECT') return activities.refuse;
  return record.log_status === 'OK' && !listed.has('action') ? activities.traffic : activities.unknown;
}

/** `cloud`: the record's account and region, else those its path names; its zone. */
function mapCloud(input: Input): Placed<OcsfNetworkActivity['cloud']> {
  const { record, origin } = input;
  const account = record.account_id ?? origin?.accountId ?? text(input, 'account_id');
  const region = record.region ?? origin?.region ?? text(input, 'region');
  return defined<Placed<OcsfNetworkActivity['cloud']>>(
    {
      account: account === undefined ? undefined : { uid: account },
      region,
      zone: text(input, 'az_id'),
      provider: 'AWS',
    },
    false,
  );
}

/**
 * One endpoint: its address (the packet's own, `pkt-*addr`, when given; the
 * address the interface saw is then an intermediate one if it differs), port
 * and service; the logging interface's ids on its side; a Transit Gateway
 * record's own ids for the side.
 */
function mapEndpoint(input: Input, side: 'src' | 'dst', logging: boolean): Placed<OcsfNetworkEndpoint> {
  const { record, sameAddress } = input;
  const seen = side === 'src' ? record.srcaddr : record.dstaddr;
  const original = side === 'src' ? record.pkt_srcaddr : record.pkt_dstaddr;
  const ip = original ?? seen;
  const via = original !== undefined && seen !== undefined && !sameAddress(original, seen) ? [seen] : undefined;
  const id = (vpc: FlowLogFieldKey, tgw: FlowLogFieldKey) =>
    (logging ? text(input, vpc) : undefined) ?? text(input, tgw);
  const svc = text(input, side === 'src' ? 'pkt_src_aws_service' : 'pkt_dst_aws_service');
  const interfaceUid = id('interface_id', side === 'src' ? 'tgw_src_eni' : 'tgw_dst_eni');
  const instanceUid = logging ? text(input, 'instance_id') : undefined;
  // OCSF needs one of ip, svc_name, instance_uid or interface_uid (among others): Security Lake's rows
  // always have svc_name, `-` when there is no service, so an endpoint the record says nothing of keeps that.
  const named = ip !== undefined || svc !== undefined || instanceUid !== undefined || interfaceUid !== undefined;
  return defined<Placed<Omit<OcsfNetworkEndpoint, 'location'>>>(
    {
      port: side === 'src' ? record.srcport : record.dstport,
      svc_name: named ? svc : '-',
      ip,
      intermediate_ips: via,
      interface_uid: interfaceUid,
      vpc_uid: id('vpc_id', side === 'src' ? 'tgw_src_vpc_id' : 'tgw_dst_vpc_id'),
      instance_uid: instanceUid,
      subnet_uid: id('subnet_id', side === 'src' ? 'tgw_src_subnet_id' : 'tgw_dst_subnet_id'),
      zone: text(input, side === 'src' ? 'tgw_src_az_id' : 'tgw_dst_az_id'),
    },
    false,
  );
}

/** `connection_info`: protocol, flags, IP version, boundary (`traffic-path`) and direction (`flow-direction`). */
function mapConnection(input: Input, derived: Derived): Placed<OcsfNetworkActivity['connection_info']> {
  const { record, placed } = input;
  const flow = record.flow_direction;
  const direction =
    flow === 'ingress'
      ? ([1, 'Inbound'] as const)
      : flow === 'egress'
        ? ([2, 'Outbound'] as const)
        : flow === undefined
          ? input.listed.has('flow_direction')
            ? ([99, '-'] as const)
            : ([0, 'Unknown'] as const)
          : ([99, flow] as const);
  return defined<Placed<OcsfNetworkActivity['connection_info']>>(
    {
      protocol_num: placed.protocol,
      tcp_flags: record.tcp_flags,
      protocol_ver: text(input, 'type'),
      // A derived number: one of OcsfBoundaryId's values (`boundary.derive`).
      boundary_id: derived.boundaryId as unknown as OcsfBoundaryId,
      boundary: derived.boundary ?? (input.listed.has('traffic_path') ? '-' : undefined),
      direction_id: direction[0],
      direction: direction[1],
    },
    false,
  );
}

type Outcome = Placed<Pick<OcsfNetworkActivity, 'action' | 'action_id' | 'disposition'>>;
const outcomes = {
  ACCEPT: { action: 'Allowed', action_id: 1, disposition: 'Allowed' },
  REJECT: { action: 'Denied', action_id: 2, disposition: 'Blocked' },
  // Security Lake writes action and disposition `-` with action_id 99, which security_control excludes: 0 Unknown.
  dash: { action: '-' as OcsfNetworkActivity['action'], action_id: 0, disposition: '-' },
  none: { action: undefined, action_id: 0, disposition: undefined },
} as const satisfies Record<string, Outcome | { action: undefined; action_id: 0; disposition: undefined }>;

/** `action`, `action_id` and `disposition` (security_control): ACCEPT allowed, REJECT blocked, else unknown. */
function mapAction({ record, listed }: Input): (typeof outcomes)[keyof typeof outcomes] {
  const action = record.action;
  return action === undefined ? (listed.has('action') ? outcomes.dash : outcomes.none) : outcomes[action];
}

/** `unmapped`: the fields without an OCSF home (sorted), then fields this release does not know. */
function mapUnmapped(input: Input): Record<string, Slot | string | number> | undefined {
  let unmapped: Record<string, Slot | string | number> | undefined;
  for (const [key, isText] of ocsfUnmappedFields) {
    const value = isText ? text(input, key) : input.placed[key];
    if (value !== undefined) (unmapped ??= {})[key] = value;
  }
  const unknown = input.unknown;
  if (unknown !== undefined) for (const [key, value] of unknown) (unmapped ??= {})[key] = value;
  return unmapped;
}
