/**
 * The OCSF profile's event: an OCSF 1.1.0 Network Activity (class 4001)
 * event with the `cloud`, `datetime` and `security_control` profiles, as
 * Amazon Security Lake writes it for a VPC flow-log record. Absent values
 * are left out (Security Lake writes `null`); a text field the record holds
 * as `-` is `-`, as Security Lake writes it.
 */
export interface OcsfNetworkActivity {
  metadata: {
    product: {
      /** The record's `version`. */
      version?: string;
      name: 'Amazon VPC';
      feature: { name: 'Flowlogs' };
      vendor_name: 'AWS';
    };
    profiles: ['cloud', 'security_control', 'datetime'];
    version: '1.1.0';
  };
  cloud: { account?: { uid: string }; region?: string; zone?: string; provider: 'AWS' };
  src_endpoint: OcsfNetworkEndpoint;
  dst_endpoint: OcsfNetworkEndpoint;
  connection_info: {
    protocol_num?: number;
    tcp_flags?: number;
    protocol_ver?: string;
    /** `traffic-path` + 3 (4 Same VPC … 11 Internet Gateway); 99 when the record has no path. */
    boundary_id: OcsfBoundaryId;
    boundary?: string;
    /** 1 Inbound (ingress), 2 Outbound (egress), 99 Other (`-`); 0 Unknown when the record has no direction. */
    direction_id: 0 | 1 | 2 | 99;
    direction?: string;
  };
  traffic?: { packets?: number; bytes?: number };
  /** Epoch milliseconds: the flow's start (else its end, else the delivery's time). */
  time: number;
  time_dt: string;
  start_time_dt?: string;
  end_time_dt?: string;
  /** The record's `log-status`. */
  status_code?: string;
  severity_id: 1;
  severity: 'Informational';
  class_name: 'Network Activity';
  class_uid: 4001;
  category_name: 'Network Activity';
  category_uid: 4;
  activity_name: 'Unknown' | 'Refuse' | 'Traffic';
  /** 5 Refuse (REJECT), 6 Traffic (ACCEPT), 0 Unknown (no action). */
  activity_id: 0 | 5 | 6;
  action: 'Unknown' | 'Allowed' | 'Denied';
  action_id: 0 | 1 | 2;
  disposition?: string;
  /** 400100 + `activity_id`. */
  type_uid: 400100 | 400105 | 400106;
  type_name: 'Network Activity: Unknown' | 'Network Activity: Refuse' | 'Network Activity: Traffic';
  /** Record fields without an OCSF home, by their underscore names: text as written, numbers as numbers. */
  unmapped?: Record<string, string | number>;
}

/** OCSF 1.1.0 `boundary_id`: 4 to 11 are AWS's traffic paths 1 to 8. */
export type OcsfBoundaryId = 4 | 5 | 6 | 7 | 8 | 9 | 10 | 11 | 99;

/** An OCSF `network_endpoint` as a flow-log record fills it. */
export interface OcsfNetworkEndpoint {
  port?: number;
  /** `pkt-src-aws-service` or `pkt-dst-aws-service`. */
  svc_name?: string;
  ip?: string;
  /** The address the flow log's interface saw, when the packet's own (`pkt-*addr`) differs. */
  intermediate_ips?: string[];
  /** The logging interface's ids: the destination's for ingress, else the source's; a Transit Gateway record's own. */
  interface_uid?: string;
  vpc_uid?: string;
  instance_uid?: string;
  subnet_uid?: string;
  /** A Transit Gateway record's availability zone of the endpoint. */
  zone?: string;
  /** GeoIP enrichment (`--geoip`): where the address is. */
  location?: OcsfLocation;
}

/** OCSF 1.1.0 `location`, as a MaxMind City or Country database fills it. */
export interface OcsfLocation {
  city?: string;
  continent?: string;
  /** ISO 3166-1 alpha-2. */
  country?: string;
  /** The first subdivision's ISO 3166-2 code, without the country (`E` for `SE-E`). */
  region?: string;
  /** `[longitude, latitude]` (GeoJSON). */
  coordinates?: [number, number];
}
