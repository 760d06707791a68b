import { ABSENT, wordOf } from './byte-tokens';
import { DECIDED_MAXIMUM, type DerivedKind } from './define-profile';
import type { FlowLogOrigin } from './flow-log-origin';
import { typeCodes, type FlowLogLayout } from './flow-log-layout';
import type { FlowLogRecord, RecordContext } from './flow-log-record';
import type { MutableInput } from './map-with-profile';
import { MAX_TIMESTAMP_LENGTH, writeTimestamp } from './format-timestamp';
import type { RecordScanner } from './record-scanner';
import { compareTokens, type SlotKind, type TemplateContext } from './template-parts';

// The values a template is cut at. The mapping runs on a record of sentinels
// in place of every value it may only place; its JSON is cut where each
// sentinel's text appears. Each sentinel must be a value no fixed part of an
// event can hold, and one JSON.stringify writes as it is:
//
// - texts: two private-use characters (U+E000 + set, then an id in
//   U+E0FF–U+E8FF). AWS writes ASCII, JSON never escapes these, and a text a
//   mapping wrote itself holds none.
// - integers: 9,000,000,000,000,000 + set × 1000 + field, derived numbers
//   8,000,… : above any field's maximum that is copied (2^53 ≈ 9.007e15 is
//   the largest; only `integer` fields without a bound reach it), 19 digits
//   no count or port has, and still exact doubles.
// - timestamps: the first millisecond of a month in the years 3000+ (the
//   delivery's time: 2900): every written form ends in `.001Z`, which no
//   record in seconds gives, and a year no flow log has. Placed as a number
//   (`milliseconds`), a sentinel is its own 14 digits, which no count or
//   port in a fixed part has.
//
// Two sets (0 and 1) give two JSON texts; a template is kept only when both
// cut the same way (a mapping that changed a sentinel, not copied it, leaves
// a private-use character or a different cut).

/** Private-use ids of each kind of sentinel text. */
const TEXT_IDS = { message: 0xe0ff, field: 0xe100, origin: 0xe200, derived: 0xe300, rank: 0xe800 } as const;

function sentinelText(set: number, id: number): string {
  return String.fromCharCode(0xe000 + set, id);
}

/** A character of a sentinel text's first half: one left in a fixed part means a sentinel was changed. */
export function isSentinelCharacter(code: number): boolean {
  return code === 0xe000 || code === 0xe001;
}

const integerSentinel = (set: number, field: number) => 9_000_000_000_000_000 + set * 1000 + field;
const derivedSentinel = (set: number, index: number) => 8_000_000_000_000_000 + set * 1000 + index;
const timeSentinel = (set: number, field: number) => Date.UTC(3000 + field, set, 1, 0, 0, 0, 1);
const eventTimeSentinel = (set: number) => Date.UTC(2900, set, 1, 0, 0, 0, 1);

/** Whether the mapping sees field `field`'s value itself (a decided value) rather than a sentinel. */
export function isDecided(layout: FlowLogLayout, field: number): boolean {
  const type = layout.types[field]!;
  return (
    type === typeCodes.action ||
    type === typeCodes.status ||
    (type === typeCodes.integer && layout.fields[field]!.type === 'integer' && layout.maxima[field]! <= DECIDED_MAXIMUM)
  );
}

/** A profile's derived values for the line: `values[i]` is `keys[i]`'s. */
export interface DerivedValues {
  readonly keys: readonly string[];
  readonly kinds: Readonly<Record<string, DerivedKind>>;
  readonly values: unknown[];
}

/** A slot a sentinel's text stands for: its kind and argument (an address's: -1 - its rank). */
export type SentinelSlot = readonly [kind: SlotKind, argument: number | keyof FlowLogOrigin];

export interface Sentinels {
  readonly record: FlowLogRecord;
  /** The record with decided values as sentinels too (`MappingInput.placed`). */
  readonly placed: FlowLogRecord;
  readonly message: string;
  readonly context: RecordContext;
  readonly derived: Record<string, unknown> | undefined;
  /** Sentinel text → the slot it stands for. */
  readonly slots: Map<string, SentinelSlot>;
  /** Positions of the addresses of each rank. */
  readonly rankGroups: readonly (readonly number[])[];
}

const utf8 = new TextDecoder();

/**
 * The line's shape with sentinel values of `set`: decided values as they
 * are, addresses as texts in the same order (equal ones equal), other texts,
 * large integers and timestamps as sentinels.
 */
export function sentinels(
  set: number,
  scanner: RecordScanner,
  bytes: Uint8Array,
  layout: FlowLogLayout,
  context: TemplateContext,
  derivedValues: DerivedValues | undefined,
): Sentinels {
  const slots = new Map<string, SentinelSlot>();
  const rankGroups: number[][] = [];
  const record: FlowLogRecord = {};
  const placed: FlowLogRecord = {};
  const { types, keys, fields } = layout;
  const tokenText = (field: number) => utf8.decode(bytes.subarray(scanner.starts[field]!, scanner.ends[field]!));
  for (let field = 0; field < scanner.count; field++) {
    const value = scanner.values[field]!;
    const type = types[field]!;
    if (value === ABSENT || type === typeCodes.unknown) continue;
    const key = keys[field]!;
    const shape = fields[field]!.shape;
    if (isDecided(layout, field)) {
      record[key] = type === typeCodes.integer ? value : wordOf(type, value);
      placed[key] = placedSentinel(set, field, type === typeCodes.integer, slots);
      continue;
    } else if (type === typeCodes.integer && fields[field]!.type === 'timestamp') {
      record[key] = timeSentinel(set, field);
      slots.set(timestampText(timeSentinel(set, field)), ['timestamp', field]);
      slots.set(String(timeSentinel(set, field)), ['milliseconds', field]);
    } else if (type === typeCodes.integer) {
      record[key] = integerSentinel(set, field);
      slots.set(String(integerSentinel(set, field)), ['digits', field]);
    } else if (
      type === typeCodes.string &&
      shape !== undefined &&
      'oneOf' in shape &&
      shape.oneOf.includes(tokenText(field))
    ) {
      record[key] = tokenText(field);
      placed[key] = placedSentinel(set, field, false, slots);
      continue;
    } else if (type === typeCodes.address) {
      // Equal addresses share one sentinel; `rankGroups` resolves its slot to
      // one of them that the mapping reads (after it ran).
      let rank = 0;
      for (let other = 0; other < scanner.count; other++) {
        if (
          types[other] === typeCodes.address &&
          scanner.values[other] !== ABSENT &&
          compareTokens(scanner, bytes, other, field) < 0
        )
          rank++;
      }
      const text = sentinelText(set, TEXT_IDS.rank + rank);
      record[key] = text;
      (rankGroups[rank] ??= []).push(field);
      slots.set(text, ['token', -1 - rank]);
    } else {
      const text = sentinelText(set, TEXT_IDS.field + field);
      record[key] = text;
      slots.set(text, ['token', field]);
    }
  }
  const message = sentinelText(set, TEXT_IDS.message);
  slots.set(message, ['message', 0]);
  let eventTime: number | undefined;
  if (context.eventTime !== undefined) {
    eventTime = eventTimeSentinel(set);
    slots.set(timestampText(eventTime), ['event-time', 0]);
    slots.set(String(eventTime), ['event-time-ms', 0]);
  }
  let origin: FlowLogOrigin | undefined;
  if (context.origin !== undefined) {
    const values: Record<string, string> = {};
    Object.entries(context.origin).forEach(([key, value], index) => {
      if (value === undefined) return;
      values[key] = sentinelText(set, TEXT_IDS.origin + index);
      slots.set(values[key], ['origin', key as keyof FlowLogOrigin]);
    });
    origin = values;
  }
  // Derived numbers and texts as sentinels, words as they are.
  let derived: Record<string, unknown> | undefined;
  if (derivedValues !== undefined) {
    derived = {};
    derivedValues.keys.forEach((key, index) => {
      const value = derivedValues.values[index];
      const kind = derivedValues.kinds[key];
      if (value === undefined || kind === 'word') derived![key] = value;
      else if (kind === 'number') {
        derived![key] = derivedSentinel(set, index);
        slots.set(String(derived![key]), ['derived-number', index]);
      } else {
        // A JSON value's sentinel is a text too: its slot takes the quotes around it (cutAt).
        derived![key] = sentinelText(set, TEXT_IDS.derived + index);
        slots.set(derived![key] as string, [kind === 'json' ? 'derived-json' : 'derived-text', index]);
      }
    });
  }
  for (const key of Object.keys(record)) placed[key] ??= record[key];
  return { record, placed, message, context: { eventTime, origin }, derived, slots, rankGroups };
}

/**
 * A mapping input that notes what the mapping reads: its properties by name
 * (`eventTime`, `unknown`), record keys as `record.<key>` (`record.*` when it
 * lists them) and origin keys as `origin.<key>`. The mapping's code stays the
 * only statement of what it reads; JSON.stringify never sees these proxies.
 */
export function tracked(input: MutableInput, reads: Set<string>): MutableInput {
  const note = (prefix: string) => ({
    get: (target: object, key: string | symbol) => {
      if (typeof key === 'string') reads.add(prefix + key);
      return Reflect.get(target, key) as unknown;
    },
    has: (target: object, key: string | symbol) => {
      if (typeof key === 'string') reads.add(prefix + key);
      return Reflect.has(target, key);
    },
    ownKeys: (target: object) => {
      reads.add(`${prefix}*`);
      return Reflect.ownKeys(target);
    },
  });
  const origin = input.origin === undefined ? undefined : new Proxy(input.origin, note('origin.'));
  const record = new Proxy(input.record, note('record.'));
  const placed = new Proxy(input.placed, note('placed.'));
  return new Proxy({ ...input, record, placed, origin }, note('')) as MutableInput;
}

/** A decided value's sentinel as `placed` has it: its digits or its token, copied. */
function placedSentinel(set: number, field: number, integer: boolean, slots: Map<string, SentinelSlot>) {
  if (integer) {
    slots.set(String(integerSentinel(set, field)), ['digits', field]);
    return integerSentinel(set, field);
  }
  const text = sentinelText(set, TEXT_IDS.field + field);
  slots.set(text, ['token', field]);
  return text;
}

function timestampText(value: number): string {
  const bytes = new Uint8Array(MAX_TIMESTAMP_LENGTH);
  return String.fromCharCode(...bytes.subarray(0, writeTimestamp(bytes, 0, value)));
}
