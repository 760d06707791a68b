import type {
  ExtendedFlowLogEvent,
  FlowLogEndpointEnrichment,
  OcsfLocation,
  OcsfNetworkActivity,
} from '@flowecs/ecs-types';
import type { EnrichmentPlacement, Placed } from '../define-profile';
import { factKey, type AddressFacts, type EnrichedEndpoint, type EnrichmentView } from '../enrich/enriched-values';
import { defined } from './defined';
import { placeExtendedInterface, placeOcsfInterface, sortedKeys } from './interface-placements';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
const endpoints: readonly EnrichedEndpoint[] = ['source', 'destination'];
const factOf = (found: EnrichmentView, endpoint: EnrichedEndpoint, fact: keyof AddressFacts) =>
  found[factKey(endpoint, fact)];

/**
 * The extended profile's enrichment, as Elastic's geoip processor writes it
 * by default: `source.geo.*` and `destination.geo.*` (`region_iso_code` is
 * `SE-E`), `source.as.number` and `source.as.organization.name`; and the
 * interface's (`interface-placements.ts`).
 */
export const extendedEnrichment: EnrichmentPlacement<ExtendedFlowLogEvent> = {
  addresses: { source: ['srcaddr'], destination: ['dstaddr'] },
  place(event, found) {
    const target = event as Mutable<Placed<ExtendedFlowLogEvent>>;
    placeExtendedInterface(target, found);
    for (const endpoint of endpoints) {
      const at = (fact: keyof AddressFacts) => factOf(found, endpoint, fact);
      const latitude = at('latitude');
      const geo = defined<Placed<NonNullable<FlowLogEndpointEnrichment['geo']>>>(
        {
          city_name: at('cityName'),
          continent_name: at('continentName'),
          country_iso_code: at('countryIsoCode'),
          country_name: at('countryName'),
          location: latitude === undefined ? undefined : { lat: latitude, lon: at('longitude') },
          region_iso_code: at('regionIsoCode'),
          region_name: at('regionName'),
        },
        false,
      );
      const number = at('asNumber');
      const organization = at('asOrganization');
      const as = defined<Placed<NonNullable<FlowLogEndpointEnrichment['as']>>>(
        { number, organization: organization === undefined ? undefined : { name: organization } },
        false,
      );
      const additions: Placed<FlowLogEndpointEnrichment> = {};
      if (Object.keys(as).length > 0) additions.as = as;
      if (Object.keys(geo).length > 0) additions.geo = geo;
      if (additions.as !== undefined || additions.geo !== undefined)
        target[endpoint] = sortedKeys({ ...target[endpoint], ...additions });
    }
  },
};

/**
 * The OCSF profile's enrichment: the endpoint's `location` (OCSF 1.1.0's
 * `location` object: city, continent, country code, region code and
 * `[longitude, latitude]`). OCSF 1.1.0 has no autonomous system on an
 * endpoint: the ASN goes to `unmapped` (`src_as_number`, `src_as_organization`,
 * `dst_…`). The address looked up is the endpoint's `ip`: the packet's own.
 * The interface's ids go to its endpoint (`interface-placements.ts`).
 */
export const ocsfEnrichment: EnrichmentPlacement<OcsfNetworkActivity> = {
  addresses: { source: ['pkt_srcaddr', 'srcaddr'], destination: ['pkt_dstaddr', 'dstaddr'] },
  place(event, found) {
    const target = event as Mutable<Placed<OcsfNetworkActivity>>;
    placeOcsfInterface(target, found);
    for (const endpoint of endpoints) {
      const at = (fact: keyof AddressFacts) => factOf(found, endpoint, fact);
      const latitude = at('latitude');
      const location = defined<Placed<OcsfLocation>>(
        {
          city: at('cityName'),
          continent: at('continentName'),
          country: at('countryIsoCode'),
          region: at('regionCode'),
          coordinates: latitude === undefined ? undefined : [at('longitude'), latitude],
        },
        false,
      );
      const side = endpoint === 'source' ? 'src' : 'dst';
      // OCSF needs one of coordinates, city, country, postal code or region in a location.
      if (Object.keys(location).length > 0) target[`${side}_endpoint`] = { ...target[`${side}_endpoint`], location };
      const number = at('asNumber');
      const organization = at('asOrganization');
      if (number !== undefined || organization !== undefined) {
        // After the record's own fields.
        const unmapped: Record<string, unknown> = { ...target.unmapped };
        if (number !== undefined) unmapped[`${side}_as_number`] = number;
        if (organization !== undefined) unmapped[`${side}_as_organization`] = organization;
        target.unmapped = unmapped as NonNullable<typeof target.unmapped>;
      }
    }
  },
};
