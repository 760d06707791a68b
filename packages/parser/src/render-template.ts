import type { FlowLogOrigin } from './flow-log-origin';
import { MAX_TIMESTAMP_LENGTH, writeTimestamp } from './format-timestamp';
import type { NdjsonWriter } from './ndjson-writer';
import { ESCAPE, type RecordScanner } from './record-scanner';
import {
  DERIVED_NUMBER,
  DERIVED_TEXT,
  DIGITS,
  EVENT_TIME,
  MESSAGE,
  ORIGIN,
  TEXT,
  TIME,
  type Template,
  type TemplateContext,
} from './template-parts';

const encoder = new TextEncoder();

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
function copyText(
  target: Uint8Array,
  at: number,
  source: Uint8Array,
  start: number,
  end: number,
  escape: boolean,
): number {
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

/** Writes the checked line in `scanner` by `template`, newline included. */
export function render(
  template: Template,
  scanner: RecordScanner,
  bytes: Uint8Array,
  start: number,
  end: number,
  context: TemplateContext,
  derived: readonly unknown[] | undefined,
  out: NdjsonWriter,
  escaped: Map<string, Uint8Array>,
): void {
  const { literal, bounds, kinds, fields, originKeys } = template;
  const parts = template.parts!;
  const escape = (scanner.flags & ESCAPE) !== 0;
  let extra = 0;
  for (const key of originKeys) extra += originBytes(context, key, escaped).length;
  if (derived !== undefined) for (const value of derived) if (typeof value === 'string') extra += value.length * 6;
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
      case ORIGIN: {
        const text = originBytes(context, originKeys[field]!, escaped);
        target.set(text, at);
        at += text.length;
        break;
      }
      case DERIVED_NUMBER:
        at = writeNumber(target, at, derived![field] as number);
        break;
      case DERIVED_TEXT:
        at = writeString(target, at, derived![field] as string);
    }
  }
  target.set(parts[slots]!, at);
  at += parts[slots]!.length;
  target[at++] = 10;
  out.length = at;
}

/** A number as JSON: a safe non-negative integer digit by digit. */
function writeNumber(target: Uint8Array, at: number, value: number): number {
  if (!(Number.isSafeInteger(value) && value >= 0))
    return at + encoder.encodeInto(JSON.stringify(value), target.subarray(at)).written;
  let digits = 1;
  for (let rest = value; rest >= 10; rest = Math.floor(rest / 10)) digits++;
  for (let index = at + digits - 1, rest = value; index >= at; index--, rest = Math.floor(rest / 10))
    target[index] = 48 + (rest % 10);
  return at + digits;
}

/** A string as JSON string content: printable ASCII byte by byte, anything else as JSON.stringify writes it. */
function writeString(target: Uint8Array, at: number, value: string): number {
  for (let index = 0; index < value.length; index++) {
    const code = value.charCodeAt(index);
    if (code < 32 || code > 126 || code === 34 || code === 92)
      return at + encoder.encodeInto(JSON.stringify(value).slice(1, -1), target.subarray(at)).written;
    target[at + index] = code;
  }
  return at + value.length;
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
