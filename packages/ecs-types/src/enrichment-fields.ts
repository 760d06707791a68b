// What enrichment adds to the extended profile's events (`--geoip`, `--asn`, `--interfaces`).

/**
 * GeoIP enrichment (`--geoip`, extended profile): the fields Elastic's
 * geoip processor writes by default for a City or Country database, as ECS
 * names them (`source.geo.*`, `destination.geo.*`).
 */
export interface FlowLogGeo {
  city_name?: string;
  continent_name?: string;
  country_iso_code?: string;
  country_name?: string;
  location?: { lat: number; lon: number };
  /** The country's and the first subdivision's ISO codes, `SE-E`. */
  region_iso_code?: string;
  region_name?: string;
}

/** ASN enrichment (`--asn`, extended profile): `source.as.*`, `destination.as.*`. */
export interface FlowLogAutonomousSystem {
  number?: number;
  organization?: { name: string };
}

/** What enrichment adds to an endpoint of the extended profile. */
export interface FlowLogEndpointEnrichment {
  geo?: FlowLogGeo;
  as?: FlowLogAutonomousSystem;
}

/**
 * The logging interface as `aws ec2 describe-network-interfaces` lists it
 * (interface enrichment), keys sorted. `vpc_id` and `subnet_id` only when
 * the record has none of its own (`aws.vpcflow`); the instance and zone go
 * to `cloud.*`.
 */
export interface AwsNetworkInterface {
  description?: string;
  owner_id?: string;
  security_groups?: { id: string; name?: string }[];
  subnet_id?: string;
  /** The interface's tags, key → value, keys sorted. */
  tags?: Record<string, string>;
  type?: string;
  vpc_id?: string;
}
