import type { AddressFacts } from './enriched-values';

// A database's records are untrusted data: each value is read only when it
// has the documented type, through own properties, and texts are bounded.
const MAX_TEXT = 256;

function member(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null && Object.hasOwn(value, key)
    ? (value as Record<string, unknown>)[key]
    : undefined;
}
const text = (value: unknown) =>
  typeof value === 'string' && value.length > 0 && value.length <= MAX_TEXT ? value : undefined;
const finite = (value: unknown) => (typeof value === 'number' && Number.isFinite(value) ? value : undefined);
/** `names.en` of a GeoIP2 record's part (`city`, `country`, …). */
const englishName = (part: unknown) => text(member(member(part, 'names'), 'en'));

/** Nothing known of an address. */
export const NO_FACTS: AddressFacts = Object.freeze({
  cityName: undefined,
  continentName: undefined,
  countryIsoCode: undefined,
  countryName: undefined,
  regionCode: undefined,
  regionIsoCode: undefined,
  regionName: undefined,
  latitude: undefined,
  longitude: undefined,
  asNumber: undefined,
  asOrganization: undefined,
});

/**
 * The facts of a City or Country record (GeoIP2's layout, which DB-IP's
 * lite databases share) and of an ASN record: what Elastic's geoip
 * processor reads by default (the country, not the registered country).
 */
export function addressFacts(geo: unknown, asn: unknown): AddressFacts {
  if ((geo === null || geo === undefined) && (asn === null || asn === undefined)) return NO_FACTS;
  const country = member(geo, 'country');
  const subdivision = member(member(geo, 'subdivisions'), '0');
  const location = member(geo, 'location');
  const latitude = finite(member(location, 'latitude'));
  const longitude = finite(member(location, 'longitude'));
  const countryCode = text(member(country, 'iso_code'));
  const regionCode = text(member(subdivision, 'iso_code'));
  const number = finite(member(asn, 'autonomous_system_number'));
  const facts: AddressFacts = {
    cityName: englishName(member(geo, 'city')),
    continentName: englishName(member(geo, 'continent')),
    countryIsoCode: countryCode,
    countryName: englishName(country),
    regionCode,
    regionIsoCode: countryCode !== undefined && regionCode !== undefined ? `${countryCode}-${regionCode}` : undefined,
    regionName: englishName(subdivision),
    // A location is both coordinates or neither.
    latitude: longitude === undefined ? undefined : latitude,
    longitude: latitude === undefined ? undefined : longitude,
    asNumber: number !== undefined && Number.isSafeInteger(number) && number >= 0 ? number : undefined,
    asOrganization: text(member(asn, 'autonomous_system_organization')),
  };
  return Object.values(facts).every(value => value === undefined) ? NO_FACTS : Object.freeze(facts);
}
