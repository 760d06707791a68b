import type { DerivedKinds, DerivedView } from '../define-profile';
import { PlacedJson } from '../placed-json';
import type { NetworkInterface } from './network-interfaces';

/**
 * What enrichment knows of one address: from a City or Country database
 * (the `geoip` option), and from an ASN database (`asn`). Each is undefined
 * when the database has no value for it.
 */
export interface AddressFacts {
  readonly cityName: string | undefined;
  readonly continentName: string | undefined;
  readonly countryIsoCode: string | undefined;
  readonly countryName: string | undefined;
  /** The first subdivision's ISO 3166-2 code without the country (`E`). */
  readonly regionCode: string | undefined;
  /** The country's and the first subdivision's codes (`SE-E`), as Elastic writes `region_iso_code`. */
  readonly regionIsoCode: string | undefined;
  readonly regionName: string | undefined;
  readonly latitude: number | undefined;
  readonly longitude: number | undefined;
  readonly asNumber: number | undefined;
  readonly asOrganization: string | undefined;
}

/** Every fact is placed, never decided on: a text or a number of the event. */
export const factKinds = {
  cityName: 'text',
  continentName: 'text',
  countryIsoCode: 'text',
  countryName: 'text',
  regionCode: 'text',
  regionIsoCode: 'text',
  regionName: 'text',
  latitude: 'number',
  longitude: 'number',
  asNumber: 'number',
  asOrganization: 'text',
} as const satisfies DerivedKinds<AddressFacts>;

/** The interface's facts as derived values (`setInterfaceValues`). */
export interface InterfaceValues {
  readonly interfaceInstanceId: string | undefined;
  readonly interfaceVpcId: string | undefined;
  readonly interfaceSubnetId: string | undefined;
  readonly interfaceAvailabilityZone: string | undefined;
  readonly interfaceType: string | undefined;
  readonly interfaceDescription: string | undefined;
  readonly interfaceOwnerId: string | undefined;
  readonly interfaceSecurityGroups: PlacedJson<NetworkInterface['securityGroups']> | undefined;
  readonly interfaceTags: PlacedJson<NetworkInterface['tags']> | undefined;
}

/** An interface's values ready to place, made on its first record: one small object a record reads. */
export type PreparedInterface = InterfaceValues;

export function prepareInterface(found: NetworkInterface): PreparedInterface {
  const { securityGroups, tags } = found;
  return {
    interfaceInstanceId: found.instanceId,
    interfaceVpcId: found.vpcId,
    interfaceSubnetId: found.subnetId,
    interfaceAvailabilityZone: found.availabilityZone,
    interfaceType: found.type,
    interfaceDescription: found.description,
    interfaceOwnerId: found.ownerId,
    interfaceSecurityGroups: securityGroups === undefined ? undefined : new PlacedJson(securityGroups),
    interfaceTags: tags === undefined ? undefined : new PlacedJson(tags),
  };
}

/**
 * What enrichment places from the record's interface (`NetworkInterface`),
 * by derived key: texts, and the groups and tags as JSON values (shared by
 * every record of the interface).
 */
export const interfaceKinds = {
  interfaceInstanceId: 'text',
  interfaceVpcId: 'text',
  interfaceSubnetId: 'text',
  interfaceAvailabilityZone: 'text',
  interfaceType: 'text',
  interfaceDescription: 'text',
  interfaceOwnerId: 'text',
  interfaceSecurityGroups: 'json',
  interfaceTags: 'json',
} as const satisfies DerivedKinds<InterfaceValues>;

/**
 * Sets the interface's facts as derived values (undefined for an interface
 * the files do not list). Every key of `interfaceKinds`, always, in one
 * order: the values object keeps one hidden class, and the stores stay
 * named ones (`network-interfaces.test.ts` checks that each kind is set).
 */
export function setInterfaceValues(values: Mutable<InterfaceValues>, prepared: PreparedInterface | undefined): void {
  values.interfaceInstanceId = prepared?.interfaceInstanceId;
  values.interfaceVpcId = prepared?.interfaceVpcId;
  values.interfaceSubnetId = prepared?.interfaceSubnetId;
  values.interfaceAvailabilityZone = prepared?.interfaceAvailabilityZone;
  values.interfaceType = prepared?.interfaceType;
  values.interfaceDescription = prepared?.interfaceDescription;
  values.interfaceOwnerId = prepared?.interfaceOwnerId;
  values.interfaceSecurityGroups = prepared?.interfaceSecurityGroups;
  values.interfaceTags = prepared?.interfaceTags;
}

type Mutable<T> = { -readonly [Key in keyof T]: T[Key] };

/** The endpoints enrichment looks up. */
export type EnrichedEndpoint = 'source' | 'destination';

/** The derived values enrichment adds: each endpoint's facts, `sourceCityName`, `destinationAsNumber`, … */
type EnrichedValues = {
  readonly [
    Key in `${EnrichedEndpoint}${Capitalize<keyof AddressFacts>}`
  ]: Key extends `${EnrichedEndpoint}${infer Fact}` ? AddressFacts[Uncapitalize<Fact> & keyof AddressFacts] : never;
};

/** The enriched values as a placement sees them: slots, to place or test for presence. */
export type EnrichmentView = DerivedView<
  EnrichedValues & InterfaceValues,
  DerivedKinds<EnrichedValues & InterfaceValues> & { [Key in keyof (EnrichedValues & InterfaceValues)]: 'text' }
>;

/** The key of an endpoint's fact among the enriched values. */
export const factKey = <Fact extends keyof AddressFacts>(endpoint: EnrichedEndpoint, fact: Fact) =>
  `${endpoint}${fact[0]!.toUpperCase()}${fact.slice(1)}` as `${EnrichedEndpoint}${Capitalize<Fact>}`;
