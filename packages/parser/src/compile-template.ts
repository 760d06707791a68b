import { ABSENT, wordOf } from './byte-tokens';
import type { FlowLogOrigin } from './flow-log-origin';
import { typeCodes, type FlowLogLayout } from './flow-log-layout';
import type { FlowLogRecord, RecordContext } from './flow-log-record';
import { MAX_TIMESTAMP_LENGTH, writeTimestamp } from './format-timestamp';
import type { RecordScanner } from './record-scanner';
import type { AnyProfile, RecordMapper } from './map-with-profile';

type Derivation = NonNullable<AnyProfile['derivation']>;
import {
  compareTokens,
  DERIVED_NUMBER,
  DERIVED_TEXT,
  DIGITS,
  EVENT_TIME,
  layoutTemplates,
  MAPPED,
  MESSAGE,
  ORIGIN,
  PRESENCE,
  inputKey,
  RANK,
  SEEN,
  TEXT,
  TIME,
  VALUE,
  WORDS,
  type Input,
  type LayoutTemplates,
  type Template,
  type TemplateContext,
} from './template-parts';

const encoder = new TextEncoder();
const SMALL = 255; // integers up to this are decided on (protocol, tcp-flags), larger ones copied

function sentinelText(set: number, id: number): string {
  return String.fromCharCode(0xe000 + set, id);
}

/** A profile's derivation (resolve-options.ts), with its values for the line: `values[i]` is `keys[i]`'s. */
export interface DerivedValues {
  readonly keys: readonly string[];
  readonly kinds: Derivation['kinds'];
  readonly values: unknown[];
}

/**
 * Maps the line's shape on two sets of sentinels and cuts the JSON at them:
 * a template, or MAPPED when the JSON does not cut the same way twice. Adds
 * the inputs the mapping read to `state`.
 */
export function compileTemplate(
  map: RecordMapper,
  state: LayoutTemplates,
  scanner: RecordScanner,
  bytes: Uint8Array,
  layout: FlowLogLayout,
  context: TemplateContext,
  derived: DerivedValues | undefined,
): Template {
  const reads = new Set<string>();
  const first = sentinels(0, scanner, bytes, layout, context, derived, reads);
  const second = sentinels(1, scanner, bytes, layout, context, derived, undefined);
  const cutFirst = cut(JSON.stringify(map(first.record, first.message, first.context, first.derived)), first.slots);
  const cutSecond = cut(
    JSON.stringify(map(second.record, second.message, second.context, second.derived)),
    second.slots,
  );
  // Inputs the mapping read: the shape of later lines is taken over them.
  const known = new Set(state.inputs.map(inputKey));
  let grown = false;
  for (const input of inputsOf(layout, reads, derived)) {
    if (known.has(inputKey(input))) continue;
    state.inputs.push(input);
    grown = true;
  }
  if (grown) Object.assign(state, layoutTemplates(state.inputs));
  // An address slot takes the first address of its rank that the mapping read.
  const keys = layout.keys;
  for (const [result, groups] of [
    [cutFirst, first.rankGroups],
    [cutSecond, second.rankGroups],
  ] as const) {
    result?.arguments.forEach((argument, index) => {
      if (result.kinds[index] !== TEXT || (argument as number) >= 0) return;
      const group = groups[-1 - (argument as number)]!;
      result.arguments[index] = group.find(field => reads.has(keys[field]!) || reads.has('*')) ?? group[0]!;
    });
  }
  const same =
    cutFirst !== undefined &&
    cutSecond !== undefined &&
    cutFirst.literals.join('\u0000') === cutSecond.literals.join('\u0000') &&
    cutFirst.kinds.join() === cutSecond.kinds.join() &&
    cutFirst.arguments.join() === cutSecond.arguments.join();
  // Unknown fields are mapped as objects (write is not called for them).
  if (!same || ((reads.has('unknown') || reads.has('*')) && layout.unknownCount > 0))
    return { ...MAPPED, codes: new Int32Array(0) };
  const parts = cutFirst.literals.map(literal => encoder.encode(literal));
  const literal = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  const bounds = new Int32Array(parts.length + 1);
  parts.forEach((part, index) => {
    literal.set(part, bounds[index]!);
    bounds[index + 1] = bounds[index]! + part.length;
  });
  const originKeys = cutFirst.arguments.filter((_, index) => cutFirst.kinds[index] === ORIGIN) as string[];
  const fields = Int32Array.from(cutFirst.arguments, (argument, index) =>
    cutFirst.kinds[index] === ORIGIN ? originKeys.indexOf(argument as string) : (argument as number),
  );
  return {
    codes: new Int32Array(0),
    parts,
    literal,
    literalView: new DataView(literal.buffer),
    bounds,
    kinds: Uint8Array.from(cutFirst.kinds),
    fields,
    originKeys,
  };
}

/** The inputs of a layout that the mapping read (`reads`: record keys, `eventTime`, `origin.<key>`), and the derived values. */
function inputsOf(layout: FlowLogLayout, reads: ReadonlySet<string>, derived: DerivedValues | undefined): Input[] {
  const inputs: Input[] = [];
  layout.fields.forEach((definition, field) => {
    if (!reads.has('*') && !reads.has(definition.key)) return;
    const type = layout.types[field]!;
    const shape = definition.shape;
    if (
      type === typeCodes.action ||
      type === typeCodes.status ||
      (type === typeCodes.integer && definition.type === 'integer' && layout.maxima[field]! <= SMALL)
    )
      inputs.push({ field, kind: VALUE });
    else if (type === typeCodes.address) inputs.push({ field, kind: RANK });
    else if (type === typeCodes.string && shape !== undefined && 'oneOf' in shape)
      inputs.push({ field, kind: WORDS, words: shape.oneOf.map(word => encoder.encode(word)) });
    else inputs.push({ field, kind: PRESENCE });
  });
  if (reads.has('eventTime')) inputs.push({ field: -1, kind: PRESENCE });
  for (const read of reads)
    if (read.startsWith('origin.')) inputs.push({ field: -2, kind: PRESENCE, originKey: read.slice(7) });
  derived?.keys.forEach((key, index) => {
    if (derived.kinds[key] === 'word') inputs.push({ field: -3, kind: SEEN, derived: index, seen: new Map() });
    else inputs.push({ field: -3, kind: PRESENCE, derived: index });
  });
  return inputs;
}

interface Sentinels {
  readonly record: FlowLogRecord;
  readonly message: string;
  readonly context: RecordContext;
  readonly derived: Record<string, unknown> | undefined;
  /** Sentinel text → slot kind and argument (an address's: -1 - its rank). */
  readonly slots: Map<string, readonly [number, number | string]>;
  /** Positions of the addresses of each rank. */
  readonly rankGroups: readonly (readonly number[])[];
}

function tokenText(scanner: RecordScanner, bytes: Uint8Array, field: number): string {
  return utf8.decode(bytes.subarray(scanner.starts[field]!, scanner.ends[field]!));
}
const utf8 = new TextDecoder();

/**
 * The line's shape with sentinel values: words and small integers as they
 * are, addresses as private-use text in the same order (equal ones equal),
 * other text, large integers and timestamps as values that cannot occur in
 * the fixed parts. With `reads`, the record and context note what the
 * mapping reads.
 */
function sentinels(
  set: number,
  scanner: RecordScanner,
  bytes: Uint8Array,
  layout: FlowLogLayout,
  context: TemplateContext,
  derivedValues: DerivedValues | undefined,
  reads: Set<string> | undefined,
): Sentinels {
  const slots = new Map<string, readonly [number, number | string]>();
  const rankGroups: number[][] = [];
  const record: FlowLogRecord = {};
  const { types, keys, fields } = layout;
  for (let field = 0; field < scanner.count; field++) {
    const value = scanner.values[field]!;
    const type = types[field]!;
    if (value === ABSENT || type === typeCodes.unknown) continue;
    const key = keys[field]!;
    const shape = fields[field]!.shape;
    if (
      type === typeCodes.action ||
      type === typeCodes.status ||
      (type === typeCodes.integer && fields[field]!.type === 'integer' && layout.maxima[field]! <= SMALL)
    ) {
      record[key] = type === typeCodes.integer ? value : wordOf(type, value);
    } else if (type === typeCodes.integer && fields[field]!.type === 'timestamp') {
      const time = Date.UTC(3000 + field, set, 1, 0, 0, 0, 1);
      record[key] = time;
      slots.set(timestampText(time), [TIME, field]);
    } else if (type === typeCodes.integer) {
      const number = 9_000_000_000_000_000 + set * 1000 + field;
      record[key] = number;
      slots.set(String(number), [DIGITS, field]);
    } else if (
      type === typeCodes.string &&
      shape !== undefined &&
      'oneOf' in shape &&
      shape.oneOf.includes(tokenText(scanner, bytes, field))
    ) {
      record[key] = tokenText(scanner, bytes, field);
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
      const text = sentinelText(set, 0xe800 + rank);
      record[key] = text;
      (rankGroups[rank] ??= []).push(field);
      slots.set(text, [TEXT, -1 - rank]);
    } else {
      const text = sentinelText(set, 0xe100 + field);
      record[key] = text;
      slots.set(text, [TEXT, field]);
    }
  }
  const message = sentinelText(set, 0xe0ff);
  slots.set(message, [MESSAGE, 0]);
  let eventTime: number | undefined;
  if (context.eventTime !== undefined) {
    eventTime = Date.UTC(2900, set, 1, 0, 0, 0, 1);
    slots.set(timestampText(eventTime), [EVENT_TIME, 0]);
  }
  let origin: FlowLogOrigin | undefined;
  if (context.origin !== undefined) {
    const values: Record<string, string> = {};
    Object.entries(context.origin).forEach(([key, value], index) => {
      if (value === undefined) return;
      values[key] = sentinelText(set, 0xe200 + index);
      slots.set(values[key], [ORIGIN, key]);
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
        derived![key] = 8_000_000_000_000_000 + set * 1000 + index;
        slots.set(String(derived![key]), [DERIVED_NUMBER, index]);
      } else {
        derived![key] = sentinelText(set, 0xe300 + index);
        slots.set(derived![key] as string, [DERIVED_TEXT, index]);
      }
    });
  }
  if (reads === undefined) return { record, message, context: { eventTime, origin }, derived, slots, rankGroups };
  // Only the first set notes reads; JSON.stringify never sees these proxies.
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
      reads.add(prefix === '' ? '*' : 'unknown');
      return Reflect.ownKeys(target);
    },
  });
  const tracked = {
    eventTime,
    unknown: undefined,
    origin: origin === undefined ? undefined : new Proxy(origin, note('origin.')),
  };
  return {
    record: new Proxy(record, note('')) as FlowLogRecord,
    message,
    context: new Proxy(tracked, note('')) as RecordContext,
    derived,
    slots,
    rankGroups,
  };
}

const timestampScratch = new Uint8Array(MAX_TIMESTAMP_LENGTH);
function timestampText(value: number): string {
  return String.fromCharCode(...timestampScratch.subarray(0, writeTimestamp(timestampScratch, 0, value)));
}

/** The JSON cut at each sentinel: fixed texts around slots, or undefined when a sentinel is cut itself. */
function cut(
  json: string,
  slots: ReadonlyMap<string, readonly [number, number | string]>,
): { literals: string[]; kinds: number[]; arguments: (number | string)[] } | undefined {
  const texts = [...slots.keys()].toSorted((left, right) => right.length - left.length);
  const literals: string[] = [];
  const kinds: number[] = [];
  const args: (number | string)[] = [];
  let literalStart = 0;
  for (let index = 0; index < json.length;) {
    const text = texts.find(candidate => json.startsWith(candidate, index));
    if (text === undefined) {
      index++;
      continue;
    }
    const [kind, argument] = slots.get(text)!;
    // A digit sentinel inside a longer number is no slot.
    if (
      (kind === DIGITS || kind === DERIVED_NUMBER) &&
      (isDigit(json.charCodeAt(index - 1)) || isDigit(json.charCodeAt(index + text.length)))
    )
      return undefined;
    literals.push(json.slice(literalStart, index));
    kinds.push(kind);
    args.push(argument);
    index += text.length;
    literalStart = index;
  }
  literals.push(json.slice(literalStart));
  // Private-use characters left over: a sentinel was changed, not copied.
  if (literals.some(literal => /[\ue000-\ue001]/.test(literal))) return undefined;
  return { literals, kinds, arguments: args };
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}
