import type { NetworkInterfaces } from './network-interfaces';

/**
 * A MaxMind DB, opened: mmdb-lib's `Reader` (what `@flowecs/stream`'s
 * `openIpDatabase` gives), or anything with its `get`. The parser reads no
 * file: it is handed databases.
 */
export interface IpDatabase {
  /** The database's record for an address, or null. May throw on a damaged database. */
  get(address: string): unknown;
}

/** The databases a parser enriches events with (`enrich` option). */
export interface FlowLogEnrichment {
  /**
   * Network interfaces by id (`readNetworkInterfaces`): each record's
   * `interface-id` gives its instance, VPC, subnet, zone, security groups,
   * type, description, owner and tags.
   */
  readonly interfaces?: NetworkInterfaces | undefined;
  /** A City or Country database (GeoIP2, GeoLite2, DB-IP lite): where each endpoint's address is. */
  readonly geoip?: IpDatabase | undefined;
  /** An ASN database (GeoLite2 ASN, DB-IP ASN lite): each endpoint's autonomous system. */
  readonly asn?: IpDatabase | undefined;
}
