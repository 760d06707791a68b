import type { FlowLogFieldKey } from '../flow-log-fields';
import { isGlobalAddress } from '../flow-address';
import type { FlowLogRecord } from '../flow-log-record';
import { MappingRefusal, type FlowLogProfile } from '../map-with-profile';
import { addressFacts, NO_FACTS } from './address-facts';
import {
  factKey,
  factKinds,
  interfaceKinds,
  prepareInterface,
  setInterfaceValues,
  type PreparedInterface,
  type AddressFacts,
  type EnrichedEndpoint,
  type InterfaceValues,
} from './enriched-values';
import type { FlowLogEnrichment, IpDatabase } from './ip-database';

/** Addresses whose facts are kept; past this, the cache starts over (flow logs repeat a few addresses a lot). */
const CACHE_SIZE = 65_536;

const facts = Object.keys(factKinds) as (keyof AddressFacts)[];
const endpoints: readonly EnrichedEndpoint[] = ['source', 'destination'];
const keysOf = (endpoint: EnrichedEndpoint) => facts.map(fact => factKey(endpoint, fact));
const addressKinds = Object.fromEntries(
  endpoints.flatMap(endpoint => facts.map(fact => [factKey(endpoint, fact), factKinds[fact]])),
);

/**
 * The profile with enrichment: its derivation also looks each endpoint's
 * address up (cached per address; special-purpose addresses, such as
 * private, loopback, link-local, shared and documentation ranges, never)
 * and the record's `interface-id` among the interfaces, and its
 * `enrichment` places what was found on the mapped event. A database that
 * throws refuses the record (`unmappable-record`): its line is a dead
 * letter, never a crash.
 */
export function enrichProfile(profile: FlowLogProfile, enrichment: FlowLogEnrichment): FlowLogProfile {
  const placement = profile.enrichment;
  if (placement === undefined)
    throw new RangeError(
      `The ${profile.name} profile takes no enrichment: it defines no place for it (the standard profile is the contract and never gains a field). Use profile "extended" or "ocsf".`,
    );
  const lookUp = enrichment.geoip === undefined && enrichment.asn === undefined ? undefined : createLookUp(enrichment);
  const interfaces = enrichment.interfaces;
  // At most one per interface the files list.
  const prepared = new Map<string, PreparedInterface>();
  const prepare = (id: string) => {
    let found = prepared.get(id);
    if (found === undefined) {
      const listed = interfaces?.get(id);
      if (listed === undefined) return undefined;
      prepared.set(id, (found = prepareInterface(listed)));
    }
    return found;
  };
  const base = profile.derivation;
  const addressKeys: Record<EnrichedEndpoint, readonly FlowLogFieldKey[]> = placement.addresses;
  const keys = { source: keysOf('source'), destination: keysOf('destination') };
  return Object.freeze({
    ...profile,
    derivation: {
      reads: [
        ...new Set([
          ...(base?.reads ?? []),
          ...(lookUp === undefined ? [] : [...addressKeys.source, ...addressKeys.destination]),
          ...(interfaces === undefined ? [] : (['interface_id'] as const)),
        ]),
      ],
      // Only what is looked up: each derived value is an input of every record's shape.
      kinds: {
        ...base?.kinds,
        ...(lookUp === undefined ? {} : addressKinds),
        ...(interfaces === undefined ? {} : interfaceKinds),
      },
      derive(record: FlowLogRecord) {
        const values = (base?.derive(record) ?? {}) as Record<string, unknown>;
        if (interfaces !== undefined) {
          const id = record.interface_id;
          setInterfaceValues(values as unknown as InterfaceValues, typeof id === 'string' ? prepare(id) : undefined);
        }
        if (lookUp === undefined) return values;
        for (const endpoint of endpoints) {
          const found = lookUp(addressOf(record, addressKeys[endpoint]));
          // An absent key reads as undefined: nothing to write for an address nothing is known of.
          if (found === NO_FACTS) continue;
          const endpointKeys = keys[endpoint];
          for (let index = 0; index < facts.length; index++) {
            const value = found[facts[index]!];
            if (value !== undefined) values[endpointKeys[index]!] = value;
          }
        }
        return values;
      },
    },
    map(input: Parameters<FlowLogProfile['map']>[0]) {
      const event = profile.map(input);
      placement.place(event, input.derived);
      return event;
    },
  });
}

/** The first of `keys` the record has: the endpoint's address. */
function addressOf(record: FlowLogRecord, keys: readonly FlowLogFieldKey[]): string | undefined {
  for (const key of keys) {
    const value = record[key];
    if (typeof value === 'string') return value;
  }
  return undefined;
}

/** An address's facts from the databases, cached. */
function createLookUp({ geoip, asn }: FlowLogEnrichment): (address: string | undefined) => AddressFacts {
  const cache = new Map<string, AddressFacts>();
  return address => {
    if (address === undefined) return NO_FACTS;
    let found = cache.get(address);
    if (found === undefined) {
      found = isGlobalAddress(address) ? addressFacts(read(geoip, address), read(asn, address)) : NO_FACTS;
      if (cache.size >= CACHE_SIZE) cache.clear();
      cache.set(address, found);
    }
    return found;
  };
}

function read(database: IpDatabase | undefined, address: string): unknown {
  if (database === undefined) return undefined;
  try {
    return database.get(address);
  } catch (error) {
    throw new MappingRefusal(
      `The enrichment database could not be read at ${address}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}
