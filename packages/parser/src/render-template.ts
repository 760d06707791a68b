import type { FlowLogOrigin } from './flow-log-origin';
import { epochMilliseconds, MAX_TIMESTAMP_LENGTH, writeTimestamp, type TimestampCache } from './format-timestamp';
import { writeDigits, writeStringContent, type NdjsonWriter } from './ndjson-writer';
import { ESCAPE, type RecordScanner } from './record-scanner';
import type { PlacedJson } from './placed-json';
import type { Template, TemplateContext } from './template-parts';

const encoder = new TextEncoder();

/**
 * The buffers a render reads and writes, with DataViews made once per
 * buffer: short runs move 4 bytes at a time, which beats byte loops, and
 * long ones in one native copy.
 */
export class RenderBuffers {
  #target: Uint8Array | undefined;
  target: Uint8Array = new Uint8Array(0);
  targetView: DataView = new DataView(this.target.buffer);
  #source: Uint8Array | undefined;
  source: Uint8Array = new Uint8Array(0);
  sourceView: DataView = new DataView(this.source.buffer);
  /** The current event's JSON values, by `jsonSlots` order. */
  readonly jsonBytes: Uint8Array[] = [];

  use(target: Uint8Array, source: Uint8Array): void {
    if (target !== this.#target) {
      this.#target = target;
      this.target = new Uint8Array(target.buffer, target.byteOffset, target.byteLength);
      this.targetView = new DataView(target.buffer, target.byteOffset, target.byteLength);
    }
    if (source !== this.#source) {
      this.#source = source;
      this.source = new Uint8Array(source.buffer, source.byteOffset, source.byteLength);
      this.sourceView = new DataView(source.buffer, source.byteOffset, source.byteLength);
    }
  }
}

/** `source[start, end)` to `target[at…]`: 4 bytes at a time, long runs in one native copy. Returns the end. */
function copyRun(
  target: Uint8Array,
  targetView: DataView,
  at: number,
  source: Uint8Array,
  sourceView: DataView,
  start: number,
  end: number,
): number {
  if (end - start > 64) {
    target.set(source.subarray(start, end), at);
    return at + end - start;
  }
  let index = start;
  for (; index + 4 <= end; index += 4, at += 4) targetView.setUint32(at, sourceView.getUint32(index));
  for (; index < end; index++) target[at++] = source[index]!;
  return at;
}

/** `source[start, end)` as JSON string content: `"` and `\` escaped (control characters never get here). */
function copyEscaped(target: Uint8Array, at: number, source: Uint8Array, start: number, end: number): number {
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
  buffers: RenderBuffers,
  escaped: Map<string, Uint8Array>,
  timestamps: TimestampCache,
): void {
  const { literal, literalView, bounds, kinds, fields, originKeys, derivedSlots } = template;
  const parts = template.parts!;
  const escape = (scanner.flags & ESCAPE) !== 0;
  let extra = 0;
  for (const key of originKeys) extra += originBytes(context, key, escaped).length;
  // Derived values' room: six bytes a character for a text (an escape), a JSON value's own length.
  const jsonBytes = buffers.jsonBytes;
  let json = 0;
  for (let index = 0; index < derivedSlots.length; index++) {
    const value = derived![fields[derivedSlots[index]!]!];
    if (typeof value === 'string') extra += value.length * 6;
    else if (kinds[derivedSlots[index]!] === 'derived-json') {
      const encoded = (value as PlacedJson).bytes;
      jsonBytes[json++] = encoded;
      extra += encoded.length;
    }
  }
  let jsonSlot = 0;
  out.reserve(literal.length + kinds.length * (2 * (end - start) + MAX_TIMESTAMP_LENGTH) + extra + 1);
  buffers.use(out.bytes, bytes);
  const { target, targetView, source, sourceView } = buffers;
  const { starts, ends, values } = scanner;
  let at = out.length;
  // A timestamp written twice in one event (start, @timestamp) is copied the second time.
  let lastTime = Number.NaN;
  let lastTimeAt = 0;
  let lastTimeLength = 0;
  const slots = kinds.length;
  for (let index = 0; index < slots; index++) {
    // Long fixed parts in one native copy (a plain array's is cheap), short ones 4 bytes at a time.
    const from = bounds[index]!;
    const to = bounds[index + 1]!;
    if (to - from > 32) {
      target.set(parts[index]!, at);
      at += to - from;
    } else at = copyRun(target, targetView, at, literal, literalView, from, to);
    const field = fields[index]!;
    const kind = kinds[index]!;
    switch (kind) {
      case 'token':
      case 'digits':
        // Digits never need escaping.
        at =
          escape && kind === 'token'
            ? copyEscaped(target, at, source, starts[field]!, ends[field]!)
            : copyRun(target, targetView, at, source, sourceView, starts[field]!, ends[field]!);
        break;
      case 'timestamp': {
        const value = values[field]!;
        if (value === lastTime) {
          at = copyRun(target, targetView, at, target, targetView, lastTimeAt, lastTimeAt + lastTimeLength);
        } else {
          lastTime = value;
          lastTimeAt = at;
          at = timestamps.write(target, targetView, at, value);
          lastTimeLength = at - lastTimeAt;
        }
        break;
      }
      case 'message':
        at = escape
          ? copyEscaped(target, at, source, start, end)
          : copyRun(target, targetView, at, source, sourceView, start, end);
        break;
      case 'milliseconds':
        at = writeNumber(target, at, epochMilliseconds(values[field]!));
        break;
      case 'event-time':
        at = writeTimestamp(target, at, context.eventTime!, timestamps.precision);
        break;
      case 'event-time-ms':
        at = writeNumber(target, at, context.eventTime!);
        break;
      case 'origin': {
        const text = originBytes(context, originKeys[field]!, escaped);
        target.set(text, at);
        at += text.length;
        break;
      }
      case 'derived-number':
        at = writeNumber(target, at, derived![field] as number);
        break;
      case 'derived-text':
        at = writeStringContent(target, at, derived![field] as string);
        break;
      case 'derived-json': {
        const encoded = jsonBytes[jsonSlot++]!;
        target.set(encoded, at);
        at += encoded.length;
      }
    }
  }
  target.set(parts[slots]!, at);
  at += parts[slots]!.length;
  target[at++] = 10;
  out.length = at;
}

/** A number as JSON (a derived value is a safe non-negative integer; anything else as JSON.stringify writes it). */
function writeNumber(target: Uint8Array, at: number, value: number): number {
  return Number.isSafeInteger(value) && value >= 0
    ? writeDigits(target, at, value)
    : at + encoder.encodeInto(JSON.stringify(value), target.subarray(at)).written;
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
