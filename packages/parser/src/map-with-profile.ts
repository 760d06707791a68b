import type { Derivation, EnrichmentPlacement, MappingInput, Slot } from './define-profile';
import type { FlowLogRecord, RecordContext } from './flow-log-record';
import { PlacedJson } from './placed-json';
import { epochMilliseconds, formatTimestamp, type TimestampCache, type TimestampPrecision } from './format-timestamp';

/**
 * A profile's mapping as the engine calls it: a decoded record (values as
 * they are), its text and context, and its derived values (computed from the
 * record when not given). NDJSON templates call it with sentinel values.
 */
export type RecordMapper = (
  record: FlowLogRecord,
  message: string,
  context: RecordContext | undefined,
  derived?: unknown,
  listed?: ReadonlySet<string>,
) => unknown;

/** Any profile definition, as the engine holds it (the engine is generic over every profile's event and values). */
export interface FlowLogProfile {
  readonly name: string;
  // oxlint-disable-next-line typescript/no-explicit-any -- any profile's derived values
  readonly derivation?: Derivation<any, any> | undefined;
  readonly timestampPrecision?: TimestampPrecision | undefined;
  // oxlint-disable-next-line typescript/no-explicit-any -- any profile's derived values
  map(input: MappingInput<any>): unknown;
  // oxlint-disable-next-line typescript/no-explicit-any -- any profile's event
  readonly enrichment?: EnrichmentPlacement<any> | undefined;
}

/** Thrown by a mapping's `refuse`: the engine turns it into an `unmappable-record` error for the line. */
export class MappingRefusal {
  constructor(readonly reason: string) {}
}

function refuse(reason: string): never {
  throw new MappingRefusal(reason);
}

const sameAddress = (first: Slot, second: Slot): boolean => first === second;

const milliseconds = epochMilliseconds as unknown as (value: Slot) => Slot;

/** `related.ip`: addresses deduplicated and sorted, absent ones skipped; two addresses without an array to sort. */
function sortedAddresses(addresses: readonly Slot[]): Slot[] {
  const values = addresses as unknown as readonly (string | undefined)[];
  if (values.length === 2) {
    // Indexed, not destructured: no iterator on a path run for every record.
    const first = values[0];
    const second = values[1];
    if (first === undefined) return (second === undefined ? [] : [second]) as unknown as Slot[];
    if (second === undefined || second === first) return [first] as unknown as Slot[];
    return (first < second ? [first, second] : [second, first]) as unknown as Slot[];
  }
  const unique: string[] = [];
  for (const address of values) if (address !== undefined && !unique.includes(address)) unique.push(address);
  return (unique.length > 1 ? unique.toSorted() : unique) as unknown as Slot[];
}

/** A mapping's input, writable by the engine. */
export type MutableInput = { -readonly [Key in keyof MappingInput<unknown>]: MappingInput<unknown>[Key] };

/** The fields a record lists when nobody says (a record mapped on its own): its keys, read when asked. */
const ownKeys = (record: FlowLogRecord): ReadonlySet<string> => new Set(Object.keys(record));

/** A new input, with its placements (`timestamps`: the parser's cache, if any; else texts of `precision`). */
export function newMappingInput(timestamps?: TimestampCache, precision?: TimestampPrecision): MutableInput {
  const timestamp = (timestamps === undefined
    ? (value: number) => formatTimestamp(value, precision)
    : (value: number) => timestamps.text(value)) as unknown as (value: Slot) => Slot;
  return {
    record: {} as MutableInput['record'],
    placed: {} as MutableInput['placed'],
    message: undefined,
    eventTime: undefined,
    origin: undefined,
    unknown: undefined,
    derived: undefined,
    listed: new Set(),
    timestamp,
    milliseconds,
    sortedAddresses,
    sameAddress,
    refuse,
  };
}

/** Sets `input` to a record, its text, context and derived values; returns it. At run time a slot is its value. */
export function fillInput(
  input: MutableInput,
  record: FlowLogRecord,
  message: string,
  context: RecordContext | undefined,
  derived: unknown,
  listed: ReadonlySet<string> | undefined,
): MutableInput {
  input.record = record as MutableInput['record'];
  input.placed = record as MutableInput['placed'];
  input.listed = (listed ?? ownKeys(record)) as MutableInput['listed'];
  input.message = message as unknown as Slot;
  input.eventTime = context?.eventTime as unknown as Slot;
  input.origin = context?.origin as MutableInput['origin'];
  input.unknown = context?.unknown as MutableInput['unknown'];
  input.derived = derived;
  return input;
}

/**
 * Derived values with each `json` one's value itself, as objects place it
 * (`PlacedJson`): a copy, since a derivation may hand out an object it keeps.
 */
function jsonValues(derived: unknown, jsonKeys: readonly string[]): unknown {
  if (jsonKeys.length === 0 || derived === undefined) return derived;
  const values = derived as Record<string, unknown>;
  let copy: Record<string, unknown> | undefined;
  for (const key of jsonKeys) {
    const value = values[key];
    if (value instanceof PlacedJson) (copy ??= { ...values })[key] = value.value;
  }
  return copy ?? values;
}

/**
 * The object path: runs `profile`'s mapping on a decoded record. With a
 * cache (one per parser), one input object is reused for every record and
 * timestamps are cached; without one, each call has its own input.
 */
export function mapWithProfile(profile: FlowLogProfile, timestamps?: TimestampCache): RecordMapper {
  const derivation = profile.derivation;
  const precision = profile.timestampPrecision;
  const shared = timestamps === undefined ? undefined : newMappingInput(timestamps);
  const kinds: Record<string, string> = derivation?.kinds ?? {};
  const jsonKeys = Object.keys(kinds).filter(key => kinds[key] === 'json');
  return (record, message, context, derived, listed) =>
    profile.map(
      fillInput(
        shared ?? newMappingInput(undefined, precision),
        record,
        message,
        context,
        jsonValues(derived ?? derivation?.derive(record), jsonKeys),
        listed,
      ),
    );
}
