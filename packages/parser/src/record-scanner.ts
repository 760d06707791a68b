import { ABSENT, decodeAscii, PRESENT, readToken, startsWith, wordOf } from './byte-tokens';
import { typeCodes, type FlowLogLayout } from './flow-log-layout';
import { MAX_UNKNOWN_VALUE_LENGTH, type FlowLogRecord } from './flow-log-record';

// The widest layout has 72 fields; a record with more tokens is refused
// whatever its format, so bounds are kept for the first 128 only.
export const MAX_TOKENS = 128;

/** What `split` saw besides tokens, as bits of `flags`. */
export const ESCAPE = 1; // `"` or `\`: copied into JSON, they need escaping
export const NON_ASCII = 2; // bytes of UTF-8 sequences: offsets are not character offsets
export const CONTROL = 4; // a control character: the record is invalid

// One table lookup per byte: 0 plain printable, 1 space, then the flag bits.
const SPACE = 8;
const byteKinds = new Uint8Array(256).map((_, byte) =>
  byte === 32
    ? SPACE
    : byte === 34 || byte === 92
      ? ESCAPE
      : byte >= 128
        ? NON_ASCII
        : byte < 32 || byte === 127
          ? CONTROL
          : 0,
);
const utf8 = new TextDecoder();

/**
 * The one scanner of text records, on UTF-8 bytes. `split` finds the tokens
 * (runs of spaces separate them); `check` reads each by its field's type
 * (byte-tokens.ts). Each parser has its own scanner: the token bounds and
 * values of the last line live here, not in module state.
 */
export class RecordScanner {
  readonly starts = new Int32Array(MAX_TOKENS);
  readonly ends = new Int32Array(MAX_TOKENS);
  /** Per field: the integer's value, a word's code, PRESENT or ABSENT. */
  readonly values = new Float64Array(MAX_TOKENS);
  /** Tokens of the last line (more than MAX_TOKENS are counted, not kept). */
  count = 0;
  flags = 0;

  /** Splits `bytes[start, end)` into tokens; returns their count. */
  split(bytes: Uint8Array, start: number, end: number): number {
    const { starts, ends } = this;
    let count = 0;
    let flags = 0;
    let tokenStart = -1;
    for (let index = start; index < end; index++) {
      const kind = byteKinds[bytes[index]!]!;
      if (kind !== SPACE) {
        flags |= kind;
        if (tokenStart < 0) tokenStart = index;
      } else if (tokenStart >= 0) {
        if (count < MAX_TOKENS) {
          starts[count] = tokenStart;
          ends[count] = index;
        }
        count++;
        tokenStart = -1;
      }
    }
    if (tokenStart >= 0) {
      if (count < MAX_TOKENS) {
        starts[count] = tokenStart;
        ends[count] = end;
      }
      count++;
    }
    this.flags = flags;
    return (this.count = count);
  }

  /**
   * `split` and `check` in one pass, for a layout known in advance (a header
   * or a format, or the layout guessed for the record before, which the
   * same field count would guess again): each token is read by its field's
   * type as soon as its end is found. Returns false, having decided nothing, for anything but a plain
   * valid record (plain ASCII, the layout's field count, every value valid):
   * the caller then splits and checks, which words the error.
   */
  scan(bytes: Uint8Array, start: number, end: number, layout: FlowLogLayout): boolean {
    const { starts, ends, values } = this;
    const { types, maxima, shapes } = layout;
    const count = types.length;
    let flags = 0;
    let index = start;
    for (let field = 0; field < count; field++) {
      while (index < end && bytes[index] === 32) index++;
      if (index === end) return false;
      const tokenStart = index;
      while (index < end && bytes[index] !== 32) index++;
      starts[field] = tokenStart;
      ends[field] = index;
      if (index - tokenStart === 1 && bytes[tokenStart] === 45) {
        values[field] = ABSENT;
        continue;
      }
      // Only free text is looked at byte by byte here: every other type's
      // rule refuses anything but its own plain characters.
      const type = types[field]!;
      if (type === typeCodes.string || type === typeCodes.unknown)
        for (let at = tokenStart; at < index; at++) flags |= byteKinds[bytes[at]!]!;
      const value = readToken(bytes, tokenStart, index, type, maxima[field]!);
      if (value < 0 && value !== PRESENT) return false;
      // A guessed layout holds only when its ids and words have their shapes.
      const shape = shapes[field];
      if (shape !== undefined && !shape.some(word => startsWith(bytes, tokenStart, index, word.bytes, word.exact)))
        return false;
      values[field] = value;
    }
    while (index < end && bytes[index] === 32) index++;
    if (index !== end || (flags & (CONTROL | NON_ASCII)) !== 0) return false;
    this.flags = flags;
    this.count = count;
    return true;
  }

  /**
   * Reads every token of the split line by `layout` (whose field count the
   * caller has matched). Returns -1 when every value is valid, else the
   * position of the first that is not (decodeToken words why).
   */
  check(bytes: Uint8Array, layout: FlowLogLayout): number {
    const { starts, ends, values } = this;
    const { types, maxima, shapes } = layout;
    const guessed = layout.guessedAs !== undefined;
    for (let field = 0; field < this.count; field++) {
      const start = starts[field]!;
      const end = ends[field]!;
      if (end - start === 1 && bytes[start] === 45) {
        values[field] = ABSENT;
        continue;
      }
      const value = readToken(bytes, start, end, types[field]!, maxima[field]!);
      if (value < 0 && value !== PRESENT) return field;
      if (guessed) {
        const shape = shapes[field];
        if (shape !== undefined && !shape.some(word => startsWith(bytes, start, end, word.bytes, word.exact)))
          return field;
      }
      values[field] = value;
    }
    return -1;
  }

  /** Token `index` of the last line as text; `text` is the line decoded, which ASCII lines slice. */
  token(bytes: Uint8Array, lineStart: number, text: string, index: number): string {
    const start = this.starts[index]!;
    const end = this.ends[index]!;
    return (this.flags & NON_ASCII) === 0
      ? text.slice(start - lineStart, end - lineStart)
      : utf8.decode(bytes.subarray(start, end));
  }

  /**
   * The checked line as a record (see `FlowLogRecord`); values of fields this
   * release does not know go to `unknown` when given.
   */
  toRecord(
    bytes: Uint8Array,
    lineStart: number,
    text: string,
    layout: FlowLogLayout,
    unknown?: [string, string][],
  ): FlowLogRecord {
    const record: FlowLogRecord = {};
    for (let field = 0; field < this.count; field++) this.#put(record, bytes, lineStart, text, layout, field, unknown);
    return record;
  }

  /** The fields at `fields` of the checked line as a record, without decoding the rest of it. */
  toPartialRecord(bytes: Uint8Array, layout: FlowLogLayout, fields: Int32Array): FlowLogRecord {
    const record: FlowLogRecord = {};
    for (let index = 0; index < fields.length; index++)
      this.#put(record, bytes, 0, undefined, layout, fields[index]!, undefined);
    return record;
  }

  #put(
    record: FlowLogRecord,
    bytes: Uint8Array,
    lineStart: number,
    text: string | undefined,
    layout: FlowLogLayout,
    field: number,
    unknown: [string, string][] | undefined,
  ): void {
    const value = this.values[field]!;
    if (value === ABSENT) return;
    const type = layout.types[field]!;
    const key = layout.keys[field]!;
    if (type === typeCodes.integer) record[key] = value;
    else if (type === typeCodes.action || type === typeCodes.status) record[key] = wordOf(type, value);
    else if (type !== typeCodes.unknown) record[key] = this.#text(bytes, lineStart, text, field);
    else if (unknown !== undefined && this.ends[field]! - this.starts[field]! <= MAX_UNKNOWN_VALUE_LENGTH) {
      // A field this release does not know: kept aside, never in the record.
      unknown.push([key, this.#text(bytes, lineStart, text, field)]);
    }
  }

  /** A token's text: sliced from the decoded line when there is one. */
  #text(bytes: Uint8Array, lineStart: number, text: string | undefined, field: number): string {
    if (text !== undefined) return this.token(bytes, lineStart, text, field);
    const start = this.starts[field]!;
    const end = this.ends[field]!;
    return (this.flags & NON_ASCII) === 0 ? decodeAscii(bytes, start, end) : utf8.decode(bytes.subarray(start, end));
  }
}
