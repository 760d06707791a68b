import type { CatalogueEntry, FlowLogFieldKey, fieldWords } from './flow-log-fields';
import type { FlowLogOrigin } from './flow-log-origin';
import type { FlowLogRecord } from './flow-log-record';
import type { TimestampPrecision } from './format-timestamp';
import type { EnrichedEndpoint, EnrichmentView } from './enrich/enriched-values';

/**
 * A value a mapping may only place: a port, a byte count, an address, a
 * timestamp, an id, the message. NDJSON templates are derived by running the
 * mapping once per record shape, so a mapping that decided anything on such a
 * value would bake the first record's value into every later one.
 *
 * It is `void` to TypeScript on purpose. TypeScript refuses to compare a
 * `void` with a value (TS2367), to compute with it (TS2365), to test it for
 * truthiness (TS1345) or to pass it where a number or string is expected
 * (TS2345); it may be placed, tested for presence (`=== undefined`, `??`)
 * and handed to the placements below. At run time it is the value itself.
 * `define-profile.types.test.ts` shows each forbidden use failing.
 */
export type Slot = void;

/**
 * How a mapping sees a catalogue field. Decided values are typed as what
 * they are: the action and status words, integers of at most 255 (protocol,
 * traffic path) and the documented words of a `oneOf` field (anything else
 * in such a field is a slot). Every other value is a `Slot`.
 */
type MappedValue<Field extends CatalogueEntry> = Field['type'] extends 'action'
  ? (typeof fieldWords.action)[number] | undefined
  : Field['type'] extends 'status'
    ? (typeof fieldWords.status)[number] | undefined
    : Field['type'] extends 'integer'
      ? Field['maximum'] extends DecidedMaximum
        ? number | undefined
        : Slot
      : Field['shape'] extends { readonly oneOf: infer Words extends readonly string[] }
        ? Words[number] | Slot
        : Slot;

/** The largest maximum of an integer field a mapping may decide on. */
export const DECIDED_MAXIMUM = 255;
type DecidedMaximum = typeof DECIDED_MAXIMUM;

/**
 * A record as a mapping sees it: every catalogue field, `undefined` when
 * absent. A slot's property is not optional: `void | undefined` would let
 * TypeScript test it for truthiness.
 */
export type ProfileRecord = {
  readonly [Key in FlowLogFieldKey]: MappedValue<Extract<CatalogueEntry, { readonly key: Key }>>;
};

/**
 * What a mapping is given for one record. The engine reuses one input per
 * parser: a mapping reads it and never keeps it.
 */
export interface MappingInput<Derived = undefined> {
  readonly record: ProfileRecord;
  /**
   * The same record with every value a slot: read a decided value (a
   * protocol, a word) here to place it without deciding on it, so that its
   * value does not multiply the record shapes NDJSON templates are made for.
   */
  readonly placed: { readonly [Key in FlowLogFieldKey]: Slot };
  /** The record's text. */
  readonly message: Slot;
  /** The delivery's time for the record (a CloudWatch Logs event's), if any: place it with `timestamp`. */
  readonly eventTime: Slot;
  /** Where the records come from (`FlowLogOrigin`): constant for a parser, or for a delivery's batch. */
  readonly origin: { readonly [Key in keyof FlowLogOrigin]?: Slot } | undefined;
  /** Fields this release does not know, as `[key, text]` (a key comes from its file's header). */
  readonly unknown: readonly (readonly [key: string, value: Slot])[] | undefined;
  /** The profile's derived values (its `derivation`). */
  readonly derived: Derived;
  /**
   * Whether the record's source lists a field: its layout (format, header,
   * Parquet columns), or a JSON record's keys whose value is not `null`. A
   * listed field without a value was written `-`. Constant for a layout, so
   * a mapping may decide on it.
   */
  readonly listed: ReadonlySet<FlowLogFieldKey>;
  /** Places an epoch value (seconds, or milliseconds above 10^11) as `YYYY-MM-DDTHH:MM:SS[.mmm]Z` (see `timestampPrecision`). */
  timestamp(this: void, value: Slot): Slot;
  /** Places an epoch value (seconds, or milliseconds above 10^11) as a number of milliseconds. */
  milliseconds(this: void, value: Slot): Slot;
  /** Places addresses deduplicated and sorted (`related.ip`), absent ones skipped. */
  sortedAddresses(this: void, addresses: readonly Slot[]): Slot[];
  /**
   * Whether two addresses (address fields of the record, both present) are
   * the same: the order of a record's addresses is part of its shape, so a
   * mapping may decide on it. Not for other slots.
   */
  sameAddress(this: void, first: Slot, second: Slot): boolean;
  /**
   * Refuses the record: it becomes an `unmappable-record` error (a dead
   * letter), never an event. For a record that lacks what the profile's
   * output requires; decide it on presence only.
   */
  refuse(this: void, reason: string): never;
}

/**
 * How the engine treats a derived value: a `number` or `text` is placed, a
 * `word` may be decided on, and `json` (a `PlacedJson`, shared by the
 * records that have it) is placed whole: NDJSON writes its JSON, encoded
 * once per instance; the object path places its `value`.
 */
export type DerivedKind = 'number' | 'text' | 'word' | 'json';

/** Derived values as a mapping sees them: numbers and texts as slots, words as they are. */
export type DerivedView<Values, Kinds extends { readonly [Key in keyof Values]: DerivedKind }> = {
  readonly [Key in keyof Values]: Kinds[Key] extends 'word' ? Values[Key] : Slot;
};

/**
 * Values computed from several fields of a record, or from a value's content
 * (an address's range): unlike a mapping, `derive` computes on anything. The
 * engine hands it a record of the `reads` fields alone.
 */
export interface Derivation<Values, Kinds extends { readonly [Key in keyof Values]: DerivedKind }> {
  readonly reads: readonly FlowLogFieldKey[];
  readonly kinds: Kinds;
  derive(record: FlowLogRecord): Values;
}

/** A mapping's output: the event's type, where every free text or number may be a slot. */
export type Placed<T> = T extends readonly (infer Item)[]
  ? readonly Placed<Item>[]
  : T extends object
    ? { [Key in keyof T]: Placed<T[Key]> }
    : string extends T
      ? T | Slot
      : number extends T
        ? T | Slot
        : T;

/**
 * Where a profile puts enrichment (the `enrich` option's GeoIP and ASN
 * facts): which record fields hold each endpoint's address (the first
 * present is looked up), and how the facts are placed on the mapped event.
 */
export interface EnrichmentPlacement<Event> {
  readonly addresses: { readonly [Endpoint in EnrichedEndpoint]: readonly FlowLogFieldKey[] };
  place(event: Placed<Event>, found: EnrichmentView): void;
}

/** A derivation's kinds: one per derived value. */
export type DerivedKinds<Values> = { readonly [Key in keyof Values]: DerivedKind };

/**
 * A profile: one definition from which the engine derives objects, JSON and
 * NDJSON. `map` places values and decides only on decided ones (see `Slot`).
 */
export interface ProfileDefinition<
  Event,
  Values = undefined,
  Kinds extends DerivedKinds<Values> = DerivedKinds<Values>,
> {
  /** The profile's name (`profile` option). */
  readonly name: string;
  /** Values computed from several fields, if the profile has any. */
  readonly derivation?: Derivation<Values, Kinds> | undefined;
  /** How `timestamp` writes texts: `seconds` (the default) or always with `.mmm` (`milliseconds`). */
  readonly timestampPrecision?: TimestampPrecision | undefined;
  map(input: MappingInput<DerivedView<Values, Kinds>>): Placed<Event>;
  /** Where enrichment goes; a profile without it takes none (the standard profile: the contract never gains a field). */
  readonly enrichment?: EnrichmentPlacement<Event> | undefined;
}

/** Defines a profile: the definition, typed (a mapping cannot decide on a derived number or text either). */
export function defineProfile<
  Event,
  Values = undefined,
  const Kinds extends DerivedKinds<Values> = DerivedKinds<Values>,
>(definition: ProfileDefinition<Event, Values, Kinds>): ProfileDefinition<Event, Values, Kinds> {
  return Object.freeze(definition);
}
