import { ABSENT, wordOf } from './byte-tokens';
import type { FlowLogOrigin } from './flow-log-origin';
import { typeCodes, type FlowLogLayout } from './flow-log-layout';
import type { FlowLogRecord, RecordContext } from './flow-log-record';
import { MAX_TIMESTAMP_LENGTH, writeTimestamp } from './format-timestamp';
import type { NdjsonWriter } from './ndjson-writer';
import { ESCAPE, type RecordScanner } from './record-scanner';
import type { RecordMapper } from './resolve-options';

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
const TEXT = 0; // a token, JSON-escaped
const DIGITS = 1; // an integer token, as it is (canonical digits are JSON)
const TIME = 2; // an integer token's value as a timestamp
const MESSAGE = 3; // the whole record, JSON-escaped
const EVENT_TIME = 4; // the delivery's time as a timestamp
const ORIGIN = 5; // an origin value, JSON-escaped

// Input kinds: what a shape is made of.
const PRESENCE = 0;
const VALUE = 1; // a word's code or a small integer: the mapping may decide on it
const RANK = 2; // an address: its order among the others decides `related.ip`
const WORDS = 3; // a string with documented words (`flow-direction`)

interface Input {
  readonly field: number; // position in the layout; -1 event time; -2 origin
  readonly kind: number;
  readonly originKey?: string;
  readonly words?: readonly Uint8Array[];
}

interface Template {
  readonly codes: Int32Array;
  /** Undefined: this shape is mapped as an object (its JSON did not cut cleanly). */
  readonly parts: readonly Uint8Array[] | undefined;
  /** The fixed parts back to back: part `i` is `literal[bounds[i], bounds[i + 1])`. */
  readonly literal: Uint8Array;
  readonly bounds: Int32Array;
  /** Per slot: its kind, and its field (or, for ORIGIN, its index in `originKeys`). */
  readonly kinds: Uint8Array;
  readonly fields: Int32Array;
  readonly originKeys: readonly string[];
}

const MAPPED: Omit<Template, 'codes'> = { parts: undefined, literal: new Uint8Array(0), bounds: new Int32Array(0), kinds: new Uint8Array(0), fields: new Int32Array(0), originKeys: [] };

interface LayoutTemplates {
  inputs: Input[];
  /** The inputs' fields and kinds, and the fields of the RANK inputs (for the per-line loop). */
  fields: Int32Array;
  kinds: Uint8Array;
  ranked: Int32Array;
  byKey: Map<number, Template[]>;
}

function layoutTemplates(inputs: Input[]): LayoutTemplates {
  return {
    inputs,
    fields: Int32Array.from(inputs, input => input.field),
    kinds: Uint8Array.from(inputs, input => input.kind),
    ranked: Int32Array.from(inputs.filter(input => input.kind === RANK), input => input.field),
    byKey: new Map(),
  };
}

const encoder = new TextEncoder();
const SMALL = 255; // integers up to this are decided on (protocol, tcp-flags), larger ones copied

function sentinelText(set: number, id: number): string {
  return String.fromCharCode(0xe000 + set, id);
}

/**
 * Templates of one parser, per layout. `write` renders the checked line in
 * the scanner, or returns false when its shape is mapped as an object.
 */
export class TemplateWriter {
  readonly #map: RecordMapper;
  readonly #layouts = new WeakMap<FlowLogLayout, LayoutTemplates>();
  // Lines of a file share a layout: the last one's state saves a lookup per line.
  #lastLayout: FlowLogLayout | undefined;
  #lastState: LayoutTemplates | undefined;
  #codes = new Int32Array(64);
  readonly #escaped = new Map<string, Uint8Array>();

  constructor(map: RecordMapper) {
    this.#map = map;
  }

  /**
   * Writes the line `bytes[start, end)`, checked by `scanner` against
   * `layout`, as one NDJSON line. `reference` gives the object path's JSON
   * text: the first record of each shape is rendered both ways, and a shape
   * whose template disagrees is mapped as an object from then on.
   */
  write(scanner: RecordScanner, bytes: Uint8Array, start: number, end: number, layout: FlowLogLayout, context: TemplateContext, out: NdjsonWriter, reference: () => string): boolean {
    let state = layout === this.#lastLayout ? this.#lastState : this.#layouts.get(layout);
    if (state === undefined) {
      state = layoutTemplates([]);
      this.#layouts.set(layout, state);
    }
    this.#lastLayout = layout;
    this.#lastState = state;
    let template = this.#find(state, scanner, bytes, context);
    if (template === undefined) {
      template = this.#compile(state, scanner, bytes, layout, context);
      if (template.parts !== undefined) {
        const mark = out.length;
        render(template, scanner, bytes, start, end, context, out, this.#escaped);
        const expected = encoder.encode(`${reference()}\n`);
        const rendered = out.bytes.subarray(mark, out.length);
        if (!sameBytes(rendered, expected)) {
          out.length = mark;
          template = { ...MAPPED, codes: template.codes };
        }
        this.#store(state, scanner, bytes, context, template);
        return template.parts !== undefined;
      }
      this.#store(state, scanner, bytes, context, template);
      return false;
    }
    if (template.parts === undefined) return false;
    render(template, scanner, bytes, start, end, context, out, this.#escaped);
    return true;
  }

  /** The shape's codes over the layout's inputs, in `#codes`; returns their hash. */
  #shape(state: LayoutTemplates, scanner: RecordScanner, bytes: Uint8Array, context: TemplateContext): number {
    const { fields, kinds } = state;
    const count = fields.length;
    if (this.#codes.length < count) this.#codes = new Int32Array(count * 2);
    const codes = this.#codes;
    const values = scanner.values;
    let hash = count;
    for (let index = 0; index < count; index++) {
      const field = fields[index]!;
      let code: number;
      if (field === -1) code = context.eventTime === undefined ? 0 : 1;
      else if (field === -2) code = context.origin?.[state.inputs[index]!.originKey as keyof FlowLogOrigin] === undefined ? 0 : 1;
      else {
        const value = values[field]!;
        const kind = kinds[index]!;
        if (value === ABSENT) code = 0;
        else if (kind === PRESENCE) code = 1;
        else if (kind === VALUE) code = 1 + value;
        else if (kind === RANK) code = 1 + rankOf(state.ranked, field, scanner, bytes);
        else code = 1 + wordIndex(state.inputs[index]!.words!, scanner, bytes, field);
      }
      codes[index] = code;
      hash = (Math.imul(hash, 31) + code) | 0;
    }
    return hash;
  }

  #find(state: LayoutTemplates, scanner: RecordScanner, bytes: Uint8Array, context: TemplateContext): Template | undefined {
    const hash = this.#shape(state, scanner, bytes, context);
    const candidates = state.byKey.get(hash);
    if (candidates === undefined) return undefined;
    const count = state.inputs.length;
    const codes = this.#codes;
    outer: for (const candidate of candidates) {
      for (let index = 0; index < count; index++) if (candidate.codes[index] !== codes[index]) continue outer;
      return candidate;
    }
    return undefined;
  }

  #store(state: LayoutTemplates, scanner: RecordScanner, bytes: Uint8Array, context: TemplateContext, template: Template): void {
    const hash = this.#shape(state, scanner, bytes, context);
    const stored = { ...template, codes: this.#codes.slice(0, state.inputs.length) };
    const candidates = state.byKey.get(hash);
    if (candidates === undefined) state.byKey.set(hash, [stored]);
    else candidates.push(stored);
  }

  /** Maps the line's shape on two sets of sentinels and cuts the JSON at them. */
  #compile(state: LayoutTemplates, scanner: RecordScanner, bytes: Uint8Array, layout: FlowLogLayout, context: TemplateContext): Template {
    const reads = new Set<string>();
    const first = sentinels(0, scanner, bytes, layout, context, reads);
    const second = sentinels(1, scanner, bytes, layout, context, undefined);
    const cutFirst = cut(JSON.stringify(this.#map(first.record, first.message, first.context)), first.slots);
    const cutSecond = cut(JSON.stringify(this.#map(second.record, second.message, second.context)), second.slots);
    // Inputs the mapping read: the shape of later lines is taken over them.
    const known = new Set(state.inputs.map(input => `${input.field} ${input.originKey ?? ''}`));
    let grown = false;
    for (const input of inputsOf(layout, reads)) {
      if (known.has(`${input.field} ${input.originKey ?? ''}`)) continue;
      state.inputs.push(input);
      grown = true;
    }
    if (grown) Object.assign(state, layoutTemplates(state.inputs));
    // An address slot takes the first address of its rank that the mapping read.
    const keys = layout.keys;
    for (const [result, groups] of [[cutFirst, first.rankGroups], [cutSecond, second.rankGroups]] as const) {
      result?.arguments.forEach((argument, index) => {
        if (result.kinds[index] !== TEXT || (argument as number) >= 0) return;
        const group = groups[-1 - (argument as number)]!;
        result.arguments[index] = group.find(field => reads.has(keys[field]!) || reads.has('*')) ?? group[0]!;
      });
    }
    const same = cutFirst !== undefined && cutSecond !== undefined && cutFirst.literals.join('\u0000') === cutSecond.literals.join('\u0000') && cutFirst.kinds.join() === cutSecond.kinds.join() && cutFirst.arguments.join() === cutSecond.arguments.join();
    if (!same || reads.has('unknown') || (reads.has('*') && layout.unknownCount > 0)) return { ...MAPPED, codes: new Int32Array(0) };
    const parts = cutFirst.literals.map(literal => encoder.encode(literal));
    const literal = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
    const bounds = new Int32Array(parts.length + 1);
    parts.forEach((part, index) => {
      literal.set(part, bounds[index]!);
      bounds[index + 1] = bounds[index]! + part.length;
    });
    const originKeys = cutFirst.arguments.filter((_, index) => cutFirst.kinds[index] === ORIGIN) as string[];
    const fields = Int32Array.from(cutFirst.arguments, (argument, index) => (cutFirst.kinds[index] === ORIGIN ? originKeys.indexOf(argument as string) : (argument as number)));
    return { codes: new Int32Array(0), parts, literal, bounds, kinds: Uint8Array.from(cutFirst.kinds), fields, originKeys };
  }
}

function rankOf(ranked: Int32Array, field: number, scanner: RecordScanner, bytes: Uint8Array): number {
  let rank = 0;
  for (let index = 0; index < ranked.length; index++) {
    const other = ranked[index]!;
    if (other === field || scanner.values[other] === ABSENT) continue;
    if (compareTokens(scanner, bytes, other, field) < 0) rank++;
  }
  return rank;
}

function compareTokens(scanner: RecordScanner, bytes: Uint8Array, left: number, right: number): number {
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

function wordIndex(words: readonly Uint8Array[], scanner: RecordScanner, bytes: Uint8Array, field: number): number {
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

/** The inputs of a layout that the mapping read (`reads`: record keys, `eventTime`, `origin.<key>`). */
function inputsOf(layout: FlowLogLayout, reads: ReadonlySet<string>): Input[] {
  const inputs: Input[] = [];
  layout.fields.forEach((definition, field) => {
    if (!reads.has('*') && !reads.has(definition.key)) return;
    const type = layout.types[field]!;
    const shape = definition.shape;
    if (type === typeCodes.action || type === typeCodes.status || (type === typeCodes.integer && definition.type === 'integer' && layout.maxima[field]! <= SMALL)) inputs.push({ field, kind: VALUE });
    else if (type === typeCodes.address) inputs.push({ field, kind: RANK });
    else if (type === typeCodes.string && shape !== undefined && 'oneOf' in shape) inputs.push({ field, kind: WORDS, words: shape.oneOf.map(word => encoder.encode(word)) });
    else inputs.push({ field, kind: PRESENCE });
  });
  if (reads.has('eventTime')) inputs.push({ field: -1, kind: PRESENCE });
  for (const read of reads) if (read.startsWith('origin.')) inputs.push({ field: -2, kind: PRESENCE, originKey: read.slice(7) });
  return inputs;
}

interface Sentinels {
  readonly record: FlowLogRecord;
  readonly message: string;
  readonly context: RecordContext;
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
function sentinels(set: number, scanner: RecordScanner, bytes: Uint8Array, layout: FlowLogLayout, context: TemplateContext, reads: Set<string> | undefined): Sentinels {
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
    if (type === typeCodes.action || type === typeCodes.status || (type === typeCodes.integer && fields[field]!.type === 'integer' && layout.maxima[field]! <= SMALL)) {
      record[key] = type === typeCodes.integer ? value : wordOf(type, value);
    } else if (type === typeCodes.integer && fields[field]!.type === 'timestamp') {
      const time = Date.UTC(3000 + field, set, 1, 0, 0, 0, 1);
      record[key] = time;
      slots.set(timestampText(time), [TIME, field]);
    } else if (type === typeCodes.integer) {
      const number = 9_000_000_000_000_000 + set * 1000 + field;
      record[key] = number;
      slots.set(String(number), [DIGITS, field]);
    } else if (type === typeCodes.string && shape !== undefined && 'oneOf' in shape && shape.oneOf.includes(tokenText(scanner, bytes, field))) {
      record[key] = tokenText(scanner, bytes, field);
    } else if (type === typeCodes.address) {
      // Equal addresses share one sentinel; `rankGroups` resolves its slot to
      // one of them that the mapping reads (after it ran).
      let rank = 0;
      for (let other = 0; other < scanner.count; other++) {
        if (types[other] === typeCodes.address && scanner.values[other] !== ABSENT && compareTokens(scanner, bytes, other, field) < 0) rank++;
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
  if (reads === undefined) return { record, message, context: { eventTime, origin }, slots, rankGroups };
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
  const tracked = { eventTime, unknown: undefined, origin: origin === undefined ? undefined : new Proxy(origin, note('origin.')) };
  return { record: new Proxy(record, note('')) as FlowLogRecord, message, context: new Proxy(tracked, note('')) as RecordContext, slots, rankGroups };
}

const timestampScratch = new Uint8Array(MAX_TIMESTAMP_LENGTH);
function timestampText(value: number): string {
  return String.fromCharCode(...timestampScratch.subarray(0, writeTimestamp(timestampScratch, 0, value)));
}

/** The JSON cut at each sentinel: fixed texts around slots, or undefined when a sentinel is cut itself. */
function cut(json: string, slots: ReadonlyMap<string, readonly [number, number | string]>): { literals: string[]; kinds: number[]; arguments: (number | string)[] } | undefined {
  const texts = [...slots.keys()].toSorted((left, right) => right.length - left.length);
  const literals: string[] = [];
  const kinds: number[] = [];
  const args: (number | string)[] = [];
  let literalStart = 0;
  for (let index = 0; index < json.length; ) {
    const text = texts.find(candidate => json.startsWith(candidate, index));
    if (text === undefined) {
      index++;
      continue;
    }
    const [kind, argument] = slots.get(text)!;
    // A digit sentinel inside a longer number is no slot.
    if (kind === DIGITS && (isDigit(json.charCodeAt(index - 1)) || isDigit(json.charCodeAt(index + text.length)))) return undefined;
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

function sameBytes(left: Uint8Array, right: Uint8Array): boolean {
  if (left.length !== right.length) return false;
  for (let index = 0; index < left.length; index++) if (left[index] !== right[index]) return false;
  return true;
}

// Records of a file often share start and end values (aggregation intervals):
// their text in a direct-mapped cache. A miss costs one compare and a copy.
const TIME_SLOTS = 64;
const timeValues = new Float64Array(TIME_SLOTS).fill(Number.NaN);
const timeTexts = new Uint8Array(TIME_SLOTS * MAX_TIMESTAMP_LENGTH);
const timeLengths = new Uint8Array(TIME_SLOTS);

function writeCachedTimestamp(target: Uint8Array, at: number, value: number): number {
  const slot = value % TIME_SLOTS;
  const base = slot * MAX_TIMESTAMP_LENGTH;
  if (timeValues[slot] === value) {
    const length = timeLengths[slot]!;
    for (let offset = 0; offset < length; offset++) target[at + offset] = timeTexts[base + offset]!;
    return at + length;
  }
  const end = writeTimestamp(target, at, value);
  for (let offset = 0; offset < end - at; offset++) timeTexts[base + offset] = target[at + offset]!;
  timeValues[slot] = value;
  timeLengths[slot] = end - at;
  return end;
}

/** Writes `source[start, end)` as JSON string content: `"` and `\` escaped (control characters never get here). */
function copyText(target: Uint8Array, at: number, source: Uint8Array, start: number, end: number, escape: boolean): number {
  if (!escape) {
    for (let index = start; index < end; index++) target[at++] = source[index]!;
    return at;
  }
  for (let index = start; index < end; index++) {
    const byte = source[index]!;
    if (byte === 34 || byte === 92) target[at++] = 92;
    target[at++] = byte;
  }
  return at;
}

function render(template: Template, scanner: RecordScanner, bytes: Uint8Array, start: number, end: number, context: TemplateContext, out: NdjsonWriter, escaped: Map<string, Uint8Array>): void {
  const { literal, bounds, kinds, fields, originKeys } = template;
  const parts = template.parts!;
  const escape = (scanner.flags & ESCAPE) !== 0;
  let extra = 0;
  for (const key of originKeys) extra += originBytes(context, key, escaped).length;
  out.reserve(literal.length + kinds.length * (2 * (end - start) + MAX_TIMESTAMP_LENGTH) + extra + 1);
  const target = out.bytes;
  const { starts, ends, values } = scanner;
  let at = out.length;
  // A timestamp written twice in one event (start, @timestamp) is copied the second time.
  let lastTime = Number.NaN;
  let lastTimeAt = 0;
  let lastTimeLength = 0;
  const slots = kinds.length;
  for (let index = 0; index < slots; index++) {
    // Long fixed parts in one native copy, short ones byte by byte.
    const from = bounds[index]!;
    const to = bounds[index + 1]!;
    if (to - from > 16) {
      target.set(parts[index]!, at);
      at += to - from;
    } else for (let offset = from; offset < to; offset++) target[at++] = literal[offset]!;
    const field = fields[index]!;
    switch (kinds[index]) {
      case TEXT:
        at = copyText(target, at, bytes, starts[field]!, ends[field]!, escape);
        break;
      case DIGITS:
        for (let offset = starts[field]!, limit = ends[field]!; offset < limit; offset++) target[at++] = bytes[offset]!;
        break;
      case TIME: {
        const value = values[field]!;
        if (value === lastTime) {
          for (let offset = 0; offset < lastTimeLength; offset++) target[at + offset] = target[lastTimeAt + offset]!;
          at += lastTimeLength;
        } else {
          lastTime = value;
          lastTimeAt = at;
          at = writeCachedTimestamp(target, at, value);
          lastTimeLength = at - lastTimeAt;
        }
        break;
      }
      case MESSAGE:
        at = copyText(target, at, bytes, start, end, escape);
        break;
      case EVENT_TIME:
        at = writeTimestamp(target, at, context.eventTime!);
        break;
      default: {
        const text = originBytes(context, originKeys[field]!, escaped);
        target.set(text, at);
        at += text.length;
      }
    }
  }
  target.set(parts[slots]!, at);
  at += parts[slots]!.length;
  target[at++] = 10;
  out.length = at;
}

/** An origin value as JSON string content, encoded once per value. */
function originBytes(context: TemplateContext, key: string, escaped: Map<string, Uint8Array>): Uint8Array {
  const value = context.origin![key as keyof FlowLogOrigin]!;
  let bytes = escaped.get(value);
  if (bytes === undefined) {
    if (escaped.size > 64) escaped.clear();
    bytes = encoder.encode(JSON.stringify(value).slice(1, -1));
    escaped.set(value, bytes);
  }
  return bytes;
}
