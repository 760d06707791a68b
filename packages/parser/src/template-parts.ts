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

/** What a template writes between two fixed parts. */
export type SlotKind =
  /** A token of the line, JSON-escaped. */
  | 'token'
  /** An integer token as it is (canonical digits are JSON). */
  | 'digits'
  /** An integer token's value as a timestamp. */
  | 'timestamp'
  /** An integer token's value as epoch milliseconds (digits). */
  | 'milliseconds'
  /** The whole record, JSON-escaped. */
  | 'message'
  /** The delivery's time as a timestamp. */
  | 'event-time'
  /** The delivery's time as epoch milliseconds (digits). */
  | 'event-time-ms'
  /** An origin value, JSON-escaped. */
  | 'origin'
  /** A derived value (a profile's `derivation`) that is a number. */
  | 'derived-number'
  /** A derived value that is a text, JSON-escaped. */
  | 'derived-text'
  /** A derived JSON value (kind `json`), serialized once per value. */
  | 'derived-json';

/** What one input of a shape says of a record. */
export type InputKind =
  /** Present or not. */
  | 'presence'
  /** A word's code or a small integer: the mapping may decide on it. */
  | 'value'
  /** An address: its order among the others decides `related.ip`. */
  | 'rank'
  /** Which of a string field's documented words it is (`flow-direction`). */
  | 'words'
  /** A derived word: its code is the order in which it was first seen. */
  | 'seen';

/** Where an input's value comes from. */
export type InputSource = 'field' | 'event-time' | 'origin' | 'derived';

/** One input of a layout's shapes. Every input has every property (one hidden class for the per-line loop). */
export interface Input {
  readonly source: InputSource;
  readonly kind: InputKind;
  /** The field's position in the layout (source `field`). */
  readonly field: number;
  /** The origin key (source `origin`). */
  readonly originKey: keyof FlowLogOrigin | undefined;
  /** The documented words (kind `words`), encoded. */
  readonly words: readonly Uint8Array[] | undefined;
  /** The derived value's position in the derivation's keys (source `derived`). */
  readonly derived: number;
  /** Derived words seen so far, with their codes (kind `seen`). */
  readonly seen: Map<unknown, number> | undefined;
}

/** An input with the properties its source does not use left empty. */
export function createInput(source: InputSource, kind: InputKind, extra: Partial<Input> = {}): Input {
  return {
    source,
    kind,
    field: extra.field ?? -1,
    originKey: extra.originKey,
    words: extra.words,
    derived: extra.derived ?? -1,
    seen: kind === 'seen' ? new Map() : undefined,
  };
}

/** An input's identity within its layout. */
export function inputKey({ source, field, originKey, derived }: Input): string {
  return `${source} ${field} ${originKey ?? ''} ${derived}`;
}

export interface Template {
  readonly codes: Int32Array;
  /** Undefined: this shape is mapped as an object (its JSON did not cut cleanly). */
  readonly parts: readonly Uint8Array[] | undefined;
  /** The fixed parts back to back: part `i` is `literal[bounds[i], bounds[i + 1])`. */
  readonly literal: Uint8Array;
  readonly literalView: DataView;
  readonly bounds: Int32Array;
  /** Per slot: its kind, and its field (for `origin`, its index in `originKeys`; for `derived-*`, the derived value's). */
  readonly kinds: readonly SlotKind[];
  readonly fields: Int32Array;
  readonly originKeys: readonly (keyof FlowLogOrigin)[];
  /** The slots of kind `derived-text` and `derived-json`: their room is found before the event is written. */
  readonly derivedSlots: Int32Array;
}

export const MAPPED: Omit<Template, 'codes'> = {
  parts: undefined,
  literal: new Uint8Array(0),
  literalView: new DataView(new ArrayBuffer(0)),
  bounds: new Int32Array(0),
  kinds: [],
  fields: new Int32Array(0),
  originKeys: [],
  derivedSlots: new Int32Array(0),
};

export interface LayoutTemplates {
  inputs: Input[];
  /** The inputs' sources, fields and kinds, and the fields of the `rank` inputs (for the per-line loop). */
  sources: readonly InputSource[];
  fields: Int32Array;
  kinds: readonly InputKind[];
  ranked: Int32Array;
  byKey: Map<number, Template[]>;
}

export function layoutTemplates(inputs: Input[]): LayoutTemplates {
  return {
    inputs,
    sources: inputs.map(input => input.source),
    fields: Int32Array.from(inputs, input => input.field),
    kinds: inputs.map(input => input.kind),
    ranked: Int32Array.from(
      inputs.filter(input => input.kind === 'rank'),
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
