/**
 * Event shapes emitted by flowecs. Types only: this package has no runtime code.
 *
 * The standard profile reproduces the flowecs contract (the Sekoia.io "AWS VPC
 * Flow logs" intake) field for field. Key order in the emitted JSON follows
 * the declaration order below; keys inside objects are sorted.
 */

import type { AwsNetworkInterface, FlowLogEndpointEnrichment } from './enrichment-fields';
import type { OcsfNetworkActivity } from './ocsf-network-activity';

/** The record's `log-status`, lower-cased: `event.outcome` and `action.outcome`. */
export type FlowLogStatus = 'ok' | 'nodata' | 'skipdata';

/** The record's `action`, lower-cased: `action.name`. */
export type FlowLogActionName = 'accept' | 'reject';

/** A date written as `YYYY-MM-DDTHH:MM:SSZ` (UTC; `.mmm` only for millisecond inputs). */
export type FlowLogDate = string;

/** `observer` of every event that has an `interface-id`. */
export interface FlowLogObserver {
  ingress: { interface: { name: string } };
}

/** `cloud`: the provider is always set, the account when the record has one. */
export interface FlowLogCloud {
  account?: { id: string };
  provider: 'aws';
}

/** `source`: the packet counters are the flow's totals, as in the contract. */
export interface FlowLogSource {
  address?: string;
  bytes?: number;
  ip?: string;
  packets?: number;
  port?: number;
}

export interface FlowLogDestination {
  address?: string;
  ip?: string;
  port?: number;
}

export interface FlowLogNetwork {
  /** The IANA protocol number, as a decimal string. */
  iana_number: string;
  /** The lower-case IANA keyword; absent for numbers IANA gives no keyword. */
  transport?: string;
}

/** A record that carries traffic: log status `OK`, or a layout without `log-status`. */
export interface FlowLogTrafficEvent {
  message: string;
  event: {
    category: ['network'];
    end?: FlowLogDate;
    outcome?: 'ok';
    start?: FlowLogDate;
  };
  /** The flow's start time, else its end; absent only for layouts with neither. */
  '@timestamp'?: FlowLogDate;
  action: {
    name?: FlowLogActionName;
    outcome?: 'ok';
    /** Set when the record has any source or destination field. */
    target?: 'network-traffic';
    type: 'forward';
  };
  cloud: FlowLogCloud;
  destination?: FlowLogDestination;
  network?: FlowLogNetwork;
  observer?: FlowLogObserver;
  /** Source and destination IPs, deduplicated and sorted. */
  related?: { ip: string[] };
  source?: FlowLogSource;
}

/**
 * A `NODATA` or `SKIPDATA` record. AWS usually writes `-` for its traffic
 * fields; where it writes values (Transit Gateway does), they are mapped as
 * for `OK` records.
 */
export interface FlowLogStatusEvent {
  message: string;
  event: {
    category: ['network'];
    end?: FlowLogDate;
    outcome: 'nodata' | 'skipdata';
    start?: FlowLogDate;
  };
  '@timestamp'?: FlowLogDate;
  action: {
    name?: FlowLogActionName;
    outcome: 'nodata' | 'skipdata';
    target?: 'network-traffic';
    type: 'forward';
  };
  cloud: FlowLogCloud;
  destination?: FlowLogDestination;
  network?: FlowLogNetwork;
  observer?: FlowLogObserver;
  related?: { ip: string[] };
  source?: FlowLogSource;
}

/** The default (standard profile) output: exactly the contract's fields. */
export type FlowLogEvent = FlowLogTrafficEvent | FlowLogStatusEvent;

/** The ECS version the extended profile is validated against (`@elastic/ecs`). */
export type FlowLogEcsVersion = '9.4.0';

/** `event.type` of the extended profile: a connection, allowed or denied when the record has an action. */
export type FlowLogEventType = 'connection' | 'allowed' | 'denied';

/** The AWS fields that have no ECS home, under `aws.vpcflow`, snake_case, numbers typed. */
export interface AwsVpcFlowFields {
  asg_tag?: string;
  asg_tag_2?: string;
  ecs_second_container_id?: string;
  ecs_task_arn?: string;
  ecs_task_definition_arn?: string;
  ecs_task_id?: string;
  /** 0–3; see `encryption_status_name`. */
  encryption_status?: number;
  encryption_status_name?:
    'not-encrypted' | 'nitro-encrypted' | 'application-encrypted' | 'nitro-and-application-encrypted';
  instance_tag?: string;
  instance_tag_2?: string;
  interface_id?: string;
  interface_tag?: string;
  interface_tag_2?: string;
  interface_type?: string;
  log_status?: 'OK' | 'NODATA' | 'SKIPDATA';
  next_hop_az_id?: string;
  next_hop_interface_id?: string;
  next_hop_interface_type?: string;
  next_hop_subnet_id?: string;
  next_hop_vpc_id?: string;
  packets_lost_blackhole?: number;
  packets_lost_mtu_exceeded?: number;
  packets_lost_no_route?: number;
  packets_lost_ttl_expired?: number;
  pkt_dst_aws_service?: string;
  pkt_dstaddr?: string;
  pkt_src_aws_service?: string;
  pkt_srcaddr?: string;
  resource_id?: string;
  resource_type?: string;
  sublocation_id?: string;
  sublocation_type?: string;
  subnet_id?: string;
  tcp_flags?: number;
  tcp_flags_array?: ('fin' | 'syn' | 'rst' | 'psh' | 'ack' | 'urg')[];
  tgw_attachment_id?: string;
  tgw_dst_az_id?: string;
  tgw_dst_eni?: string;
  tgw_dst_subnet_id?: string;
  tgw_dst_vpc_account_id?: string;
  tgw_dst_vpc_id?: string;
  tgw_id?: string;
  tgw_pair_attachment_id?: string;
  tgw_src_az_id?: string;
  tgw_src_eni?: string;
  tgw_src_subnet_id?: string;
  tgw_src_vpc_account_id?: string;
  tgw_src_vpc_id?: string;
  /** 1–8; see `traffic_path_name`. */
  traffic_path?: number;
  traffic_path_name?:
    | 'same-vpc'
    | 'internet-or-gateway-endpoint'
    | 'virtual-private-gateway'
    | 'intra-region-peering'
    | 'inter-region-peering'
    | 'local-gateway'
    | 'gateway-endpoint'
    | 'internet-gateway';
  type?: string;
  version?: number;
  vpc_id?: string;
}

/**
 * The extended profile: every standard field with the same value (related.ip
 * may gain the packet-level addresses), plus the rest of the record in ECS
 * and under `aws.vpcflow`. Key order: message, event, @timestamp, then the
 * other top-level keys sorted; keys inside objects sorted.
 */
export interface ExtendedFlowLogEvent {
  message: string;
  event: {
    action?: FlowLogActionName;
    category: ['network'];
    dataset: 'aws.vpcflow';
    /** Nanoseconds from start to end. */
    duration?: number;
    end?: FlowLogDate;
    kind: 'event';
    module: 'aws';
    outcome?: FlowLogStatus;
    reason?: string;
    start?: FlowLogDate;
    type: FlowLogEventType[];
  };
  '@timestamp'?: FlowLogDate;
  action: {
    name?: FlowLogActionName;
    outcome?: FlowLogStatus;
    target?: 'network-traffic';
    type: 'forward';
  };
  /**
   * Record fields without an ECS home, and where the record was delivered
   * from (names as in Elastic's AWS inputs): the CloudWatch Logs group and
   * stream (the stream is the interface id), the S3 bucket and object key.
   */
  aws?: {
    cloudwatch?: { log_group?: string; log_stream?: string };
    network_interface?: AwsNetworkInterface;
    s3?: { bucket?: { name: string }; object?: { key: string } };
    vpcflow?: AwsVpcFlowFields;
  };
  cloud: FlowLogCloud & { availability_zone?: string; instance?: { id: string }; region?: string };
  container?: { id: string };
  destination?: FlowLogDestination & FlowLogEndpointEnrichment;
  ecs: { version: FlowLogEcsVersion };
  network?: {
    bytes?: number;
    community_id?: string;
    direction?: 'ingress' | 'egress' | 'inbound' | 'outbound' | 'internal' | 'external';
    iana_number?: string;
    packets?: number;
    transport?: string;
    type?: 'ipv4' | 'ipv6';
  };
  observer?: FlowLogObserver;
  orchestrator?: {
    cluster?: { id?: string; name?: string };
    resource?: { id?: string; name?: string; type?: 'container' };
    type: 'ecs';
  };
  related?: { ip: string[] };
  service?: { name: string };
  source?: FlowLogSource & FlowLogEndpointEnrichment;
}

/**
 * Event shape per output profile. The extended profile adds fields to the
 * standard ones and never changes them; it registers itself here.
 */
export interface FlowLogEventByProfile {
  standard: FlowLogEvent;
  extended: ExtendedFlowLogEvent;
  ocsf: OcsfNetworkActivity;
}

export type FlowLogProfile = keyof FlowLogEventByProfile;

export type {
  AwsNetworkInterface,
  FlowLogAutonomousSystem,
  FlowLogEndpointEnrichment,
  FlowLogGeo,
} from './enrichment-fields';
export type { OcsfBoundaryId, OcsfLocation, OcsfNetworkActivity, OcsfNetworkEndpoint } from './ocsf-network-activity';
