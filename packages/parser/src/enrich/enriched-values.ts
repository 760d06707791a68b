import type { DerivedKinds, DerivedView } from '../define-profile';

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
  EnrichedValues,
  DerivedKinds<EnrichedValues> & { [Key in keyof EnrichedValues]: 'text' }
>;

/** The key of an endpoint's fact among the enriched values. */
export const factKey = <Fact extends keyof AddressFacts>(endpoint: EnrichedEndpoint, fact: Fact) =>
  `${endpoint}${fact[0]!.toUpperCase()}${fact.slice(1)}` as `${EnrichedEndpoint}${Capitalize<Fact>}`;
