import { ABSENT } from './byte-tokens';
import type { FlowLogOrigin } from './flow-log-origin';
import type { RecordScanner } from './record-scanner';

// NDJSON templates, derived from a mapping: the mapping runs on a record of
// sentinel values, and its JSON is cut at the sentinels into fixed parts and
// slots. A template is valid for every record of the same shape: which
// inputs are present, the values the mapping decides on (words, small
// integers such as the protocol), and the order of the addresses. The
// mapping stays the only statement of what a field becomes; nothing here
// knows a field name.

/** What a record's delivery adds to it (`RecordContext` without unknown fields). */
export interface TemplateContext {
  readonly eventTime: number | undefined;
  readonly origin: FlowLogOrigin | undefined;
}

// Slot kinds: what is written between two fixed parts.
export const TEXT = 0; // a token, JSON-escaped
export const DIGITS = 1; // an integer token, as it is (canonical digits are JSON)
export const TIME = 2; // an integer token's value as a timestamp
export const MESSAGE = 3; // the whole record, JSON-escaped
export const EVENT_TIME = 4; // the delivery's time as a timestamp
export const ORIGIN = 5; // an origin value, JSON-escaped
export const DERIVED_NUMBER = 6; // a derived value (a profile's `Derivation`): an integer
export const DERIVED_TEXT = 7; // a derived value: a text, JSON-escaped

// Input kinds: what a shape is made of.
export const PRESENCE = 0;
export const VALUE = 1; // a word's code or a small integer: the mapping may decide on it
export const RANK = 2; // an address: its order among the others decides `related.ip`
export const WORDS = 3; // a string with documented words (`flow-direction`)
export const SEEN = 4; // a derived word: its code is the order in which it was first seen

export interface Input {
  readonly field: number; // position in the layout; -1 event time; -2 origin; -3 a derived value
  readonly kind: number;
  readonly originKey?: string;
  readonly words?: readonly Uint8Array[];
  /** A derived value's position in the derivation's keys. */
  readonly derived?: number;
  readonly seen?: Map<unknown, number>;
}

/** An input's identity within its layout. */
export function inputKey(input: Input): string {
  return `${input.field} ${input.originKey ?? ''} ${input.derived ?? ''}`;
}

export interface Template {
  readonly codes: Int32Array;
  /** Undefined: this shape is mapped as an object (its JSON did not cut cleanly). */
  readonly parts: readonly Uint8Array[] | undefined;
  /** The fixed parts back to back: part `i` is `literal[bounds[i], bounds[i + 1])`. */
  readonly literal: Uint8Array;
  readonly literalView: DataView;
  readonly bounds: Int32Array;
  /** Per slot: its kind, and its field (for ORIGIN, its index in `originKeys`; for DERIVED_*, the derived value's). */
  readonly kinds: Uint8Array;
  readonly fields: Int32Array;
  readonly originKeys: readonly string[];
}

export const MAPPED: Omit<Template, 'codes'> = {
  parts: undefined,
  literal: new Uint8Array(0),
  literalView: new DataView(new ArrayBuffer(0)),
  bounds: new Int32Array(0),
  kinds: new Uint8Array(0),
  fields: new Int32Array(0),
  originKeys: [],
};

export interface LayoutTemplates {
  inputs: Input[];
  /** The inputs' fields and kinds, and the fields of the RANK inputs (for the per-line loop). */
  fields: Int32Array;
  kinds: Uint8Array;
  ranked: Int32Array;
  byKey: Map<number, Template[]>;
}

export function layoutTemplates(inputs: Input[]): LayoutTemplates {
  return {
    inputs,
    fields: Int32Array.from(inputs, input => input.field),
    kinds: Uint8Array.from(inputs, input => input.kind),
    ranked: Int32Array.from(
      inputs.filter(input => input.kind === RANK),
      input => input.field,
    ),
    byKey: new Map(),
  };
}

export function rankOf(ranked: Int32Array, field: number, scanner: RecordScanner, bytes: Uint8Array): number {
  let rank = 0;
  for (let index = 0; index < ranked.length; index++) {
    const other = ranked[index]!;
    if (other === field || scanner.values[other] === ABSENT) continue;
    if (compareTokens(scanner, bytes, other, field) < 0) rank++;
  }
  return rank;
}

export function compareTokens(scanner: RecordScanner, bytes: Uint8Array, left: number, right: number): number {
  const leftStart = scanner.starts[left]!;
  const rightStart = scanner.starts[right]!;
  const leftLength = scanner.ends[left]! - leftStart;
  const rightLength = scanner.ends[right]! - rightStart;
  const length = Math.min(leftLength, rightLength);
  for (let index = 0; index < length; index++) {
    const difference = bytes[leftStart + index]! - bytes[rightStart + index]!;
    if (difference !== 0) return difference;
  }
  return leftLength - rightLength;
}

export function wordIndex(
  words: readonly Uint8Array[],
  scanner: RecordScanner,
  bytes: Uint8Array,
  field: number,
): number {
  const start = scanner.starts[field]!;
  const length = scanner.ends[field]! - start;
  outer: for (let index = 0; index < words.length; index++) {
    const word = words[index]!;
    if (word.length !== length) continue;
    for (let offset = 0; offset < length; offset++) if (bytes[start + offset] !== word[offset]) continue outer;
    return index;
  }
  return words.length;
}
