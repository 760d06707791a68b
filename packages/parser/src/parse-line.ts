import { decodeAscii } from './byte-tokens';
import { decodeJsonRecord } from './decode-json-record';
import { describeFailure } from './decode-token';
import { findFlowLogField, unknownFieldKey } from './flow-log-fields';
import { guessableFieldCounts, guessLayout, type FlowLogLayout } from './flow-log-layout';
import { findInvalidCharacter, FlowLogParseError, invalidCharacter } from './flow-log-parse-error';
import type { FlowLogRecord, UnknownFields } from './flow-log-record';
import type { FlowLogFormat } from './parse-format';
import { CONTROL, MAX_TOKENS, NON_ASCII, RecordScanner } from './record-scanner';

/** Said of every record without a layout (a wrong --format can make millions): built once. */
const UNKNOWN_LAYOUT_ADVICE = `Without a format or a header line, only the published layouts of ${guessableFieldCounts.join(', ')} fields are recognised: pass the flow log's format.`;

export type LineOutcome =
  /** A JSON record; `message` is what the event's `message` holds (the inner record of a wrapper). */
  | {
      readonly kind: 'json';
      readonly record: FlowLogRecord;
      readonly message: string;
      readonly unknownKeys: number;
      readonly unknown: UnknownFields | undefined;
      /** A CloudWatch Logs export line's timestamp prefix, in epoch milliseconds. */
      readonly eventTime?: number | undefined;
    }
  /**
   * A text record, checked: its tokens and values are in the reader's
   * scanner; the record (the event's `message`) is `bytes[start, end)`.
   */
  | {
      readonly kind: 'text';
      readonly bytes: Uint8Array;
      readonly start: number;
      readonly end: number;
      readonly layout: FlowLogLayout;
      /** The record as a string, when the caller had one. */
      readonly text: string | undefined;
      readonly eventTime?: number | undefined;
    }
  | { readonly kind: 'header'; readonly format: FlowLogFormat; readonly unknownFields: readonly string[] }
  | { readonly kind: 'blank' };

/** The layout after a header line that could not be used: text records are refused. */
export interface RejectedLayout {
  /** The line number of that header. */
  readonly rejectedAt: number;
}

const utf8 = new TextDecoder();
const encoder = new TextEncoder();

function lineText(bytes: Uint8Array, start: number, end: number, given: string | undefined): string {
  return given ?? utf8.decode(bytes.subarray(start, end));
}

/** `bytes[start, end)` as text: ASCII without a decoder's work. */
export function decodeRange(bytes: Uint8Array, start: number, end: number, ascii: boolean): string {
  return ascii ? decodeAscii(bytes, start, end) : utf8.decode(bytes.subarray(start, end));
}

/**
 * Classifies and reads one line from its UTF-8 bytes: blank, header, JSON
 * record or text record. Throws `FlowLogParseError` for anything invalid.
 * Each parser has its own reader, and so its own scanner.
 */
export class LineReader {
  readonly scanner = new RecordScanner();
  readonly #maxLineLength: number;
  // A `{"message": …}` wrapper's inner record, encoded.
  #inner = new Uint8Array(1024);
  // The layout last guessed by field count, tried first for the next headerless record.
  #lastGuess: FlowLogLayout | undefined;

  constructor(maxLineLength: number) {
    this.#maxLineLength = maxLineLength;
  }

  /**
   * `bytes[start, end)` holds the line without its terminator; `given` is the
   * same line as a string when the caller has one. `recordOnly`: one record
   * delivered on its own, never a header.
   */
  read(
    bytes: Uint8Array,
    start: number,
    end: number,
    given: string | undefined,
    layout: FlowLogLayout | RejectedLayout | undefined,
    recordOnly: boolean,
  ): LineOutcome {
    if (end - start > this.#maxLineLength) {
      const line = lineText(bytes, start, end, given);
      if (line.length > this.#maxLineLength) throw createLineTooLongError(line, line.length, this.#maxLineLength);
    }
    let first = start;
    while (first < end && (bytes[first] === 32 || bytes[first] === 9 || bytes[first] === 10 || bytes[first] === 13))
      first++;
    if (first === end) return { kind: 'blank' };
    const firstByte = bytes[first]!;
    // A CloudWatch Logs export line: `2025-02-25T12:25:04.000Z <record>`.
    if (firstByte >= 48 && firstByte <= 57 && first === start) {
      const prefix = exportTimestampLength(bytes, start, end);
      if (prefix > 0) {
        const outcome = this.read(bytes, start + prefix + 1, end, given?.slice(prefix + 1), layout, true);
        if (outcome.kind !== 'json' && outcome.kind !== 'text')
          throw new FlowLogParseError('empty-record', 'The export line holds a timestamp but no record.', {
            raw: lineText(bytes, start, end, given),
          });
        return { ...outcome, eventTime: Date.parse(decodeAscii(bytes, start, start + prefix)) };
      }
    }
    // JSON records name their fields; text records need a layout.
    const rejected = layout !== undefined && 'rejectedAt' in layout ? layout : undefined;
    const known = rejected === undefined ? (layout as FlowLogLayout | undefined) : undefined;
    if (firstByte === 123 /* { */) return this.#json(lineText(bytes, start, end, given), known, rejected);
    const scanner = this.scanner;
    const scanned = firstByte >= 97 && firstByte <= 122 ? undefined : this.#scan(bytes, start, end, known, rejected);
    if (scanned !== undefined) return { kind: 'text', bytes, start, end, layout: scanned, text: given };
    // A line given as a string may keep its terminator: the tokens end before it, the message keeps it.
    let tokensEnd = end;
    if (tokensEnd > start && bytes[tokensEnd - 1] === 10) tokensEnd--;
    if (tokensEnd > start && bytes[tokensEnd - 1] === 13) tokensEnd--;
    const count = scanner.split(bytes, start, tokensEnd);
    if ((scanner.flags & (CONTROL | NON_ASCII)) !== 0) refuseInvalidCharacters(bytes, start, tokensEnd, given);
    // Header lines start with a field name; records with a digit, `-` or an id.
    if (firstByte >= 97 && firstByte <= 122) {
      const text = () => lineText(bytes, start, end, given);
      const header = this.#header(bytes, text, count);
      if (header !== undefined) {
        if (recordOnly)
          throw new FlowLogParseError(
            'unexpected-header',
            'A header line was given where a record was expected (CloudWatch Logs messages and Parquet rows are records).',
            { raw: text() },
          );
        return header;
      }
    }
    return this.#text(bytes, start, end, given, count, known, rejected);
  }

  #json(line: string, layout: FlowLogLayout | undefined, rejected: RejectedLayout | undefined): LineOutcome {
    const decoded = decodeJsonRecord(line);
    if (decoded.kind === 'record')
      return {
        kind: 'json',
        record: decoded.record,
        message: line,
        unknownKeys: decoded.unknownKeys,
        unknown: decoded.unknown,
      };
    // `{"message": "<record>"}`: the inner record is the message.
    const inner = decoded.inner;
    if (firstVisibleCharacter(inner) === 123) {
      const nested = decodeJsonRecord(inner);
      if (nested.kind === 'wrapper') {
        throw new FlowLogParseError(
          'invalid-json',
          'The record wraps a wrapper: only one level of {"message": …} is unwrapped.',
          { raw: line },
        );
      }
      return {
        kind: 'json',
        record: nested.record,
        message: inner,
        unknownKeys: nested.unknownKeys,
        unknown: nested.unknown,
      };
    }
    if (this.#inner.length < inner.length * 3) this.#inner = new Uint8Array(inner.length * 3);
    const { written } = encoder.encodeInto(inner, this.#inner);
    const scanned = this.#scan(this.#inner, 0, written, layout, rejected);
    if (scanned !== undefined)
      return { kind: 'text', bytes: this.#inner, start: 0, end: written, layout: scanned, text: inner };
    const count = this.scanner.split(this.#inner, 0, written);
    if ((this.scanner.flags & (CONTROL | NON_ASCII)) !== 0) refuseInvalidCharacters(this.#inner, 0, written, inner);
    if (count === 0)
      throw new FlowLogParseError('empty-record', 'The {"message": …} wrapper holds an empty record.', { raw: line });
    return this.#text(this.#inner, 0, written, inner, count, layout, rejected);
  }

  #text(
    bytes: Uint8Array,
    start: number,
    end: number,
    given: string | undefined,
    count: number,
    layout: FlowLogLayout | undefined,
    rejected: RejectedLayout | undefined,
  ): LineOutcome {
    const text = () => given ?? decodeRange(bytes, start, end, (this.scanner.flags & NON_ASCII) === 0);
    if (rejected !== undefined) {
      throw new FlowLogParseError(
        'after-invalid-header',
        `The record follows the header on line ${rejected.rejectedAt}, which could not be used, so its layout is unknown. Records are refused until the next usable header.`,
        { raw: text() },
      );
    }
    const chosen = layout ?? guessLayout(count);
    if (chosen === undefined) {
      throw new FlowLogParseError(
        'unknown-layout',
        `The record has ${count} fields and no format is known. ${UNKNOWN_LAYOUT_ADVICE}`,
        { raw: text() },
      );
    }
    if (count !== chosen.fields.length) {
      throw new FlowLogParseError(
        'field-count-mismatch',
        `The record has ${count} fields but its format has ${chosen.fields.length}.`,
        { raw: text() },
      );
    }
    const failed = this.scanner.check(bytes, chosen);
    if (failed >= 0) {
      const line = text();
      throw describeFailure(
        chosen.fields[failed]!,
        this.scanner.token(bytes, start, line, failed),
        failed,
        chosen,
        line,
      );
    }
    if (chosen.guessedAs !== undefined) this.#lastGuess = chosen;
    return { kind: 'text', bytes, start, end, layout: chosen, text: given };
  }

  /**
   * The usual case, in one pass: a plain record of the file's layout, or of
   * the layout guessed for the record before (its field count would guess
   * it again). Undefined when the record must be split and checked.
   */
  #scan(
    bytes: Uint8Array,
    start: number,
    end: number,
    known: FlowLogLayout | undefined,
    rejected: RejectedLayout | undefined,
  ): FlowLogLayout | undefined {
    const expected = rejected === undefined ? (known ?? this.#lastGuess) : undefined;
    return expected !== undefined && this.scanner.scan(bytes, start, end, expected) ? expected : undefined;
  }

  /**
   * A line whose tokens are all field names is a header (S3 files start with
   * one). Names this release does not know are accepted (AWS adds fields with
   * new versions; see `unknownFieldKey`). A line that starts with a field name
   * and is mostly names, but holds tokens that cannot be names, is a broken
   * header: an error, rather than a data line that would fail obscurely.
   */
  #header(bytes: Uint8Array, text: () => string, count: number): LineOutcome | undefined {
    const scanner = this.scanner;
    const ascii = (scanner.flags & NON_ASCII) === 0;
    const tokenAt = (index: number) => decodeRange(bytes, scanner.starts[index]!, scanner.ends[index]!, ascii);
    if (count > MAX_TOKENS || findFlowLogField(tokenAt(0)) === undefined) return undefined;
    const names: string[] = [];
    const unknown: string[] = [];
    const broken: string[] = [];
    const seen = new Set<string>();
    for (let index = 0; index < count; index++) {
      const token = tokenAt(index);
      const definition = findFlowLogField(token);
      const key = definition?.key ?? unknownFieldKey(token);
      if (key === undefined) {
        broken.push(token);
        continue;
      }
      const name = definition?.name ?? token;
      if (seen.has(key)) {
        throw new FlowLogParseError('invalid-header', `The header line names the field "${name}" twice.`, {
          field: name,
          value: token,
          raw: text(),
        });
      }
      seen.add(key);
      names.push(name);
      if (definition === undefined) unknown.push(token);
    }
    if (broken.length === 0)
      return { kind: 'header', format: Object.freeze(names), unknownFields: Object.freeze(unknown) };
    if (broken.length * 2 <= count) {
      throw new FlowLogParseError(
        'invalid-header',
        `The header line holds tokens that cannot be field names: ${broken.map(name => `"${name}"`).join(', ')}.`,
        { field: broken[0], value: broken[0], raw: text() },
      );
    }
    return undefined;
  }
}

function firstVisibleCharacter(text: string): number {
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code !== 32 && code !== 9 && code !== 10 && code !== 13) return code;
  }
  return -1;
}

/** Throws for a control character or bytes that are not UTF-8 (the line decoded, so the column counts characters). */
function refuseInvalidCharacters(bytes: Uint8Array, start: number, end: number, given: string | undefined): void {
  const decoded = utf8.decode(bytes.subarray(start, end));
  const index = findInvalidCharacter(decoded);
  if (index !== -1) throw invalidCharacter(given ?? decoded, decoded.charCodeAt(index), index);
}

/** Keeps the start of an over-long line only: enough to find it, bounded in memory. */
export const LINE_PREVIEW_LENGTH = 1024;

export function createLineTooLongError(
  start: string,
  length: number,
  maxLineLength: number,
  unit: 'characters' | 'bytes' = 'characters',
): FlowLogParseError {
  return new FlowLogParseError(
    'line-too-long',
    `The line is ${length} ${unit} long (or more), above the limit of ${maxLineLength}; its first ${Math.min(LINE_PREVIEW_LENGTH, start.length)} characters are kept.`,
    { raw: start.slice(0, LINE_PREVIEW_LENGTH) },
  );
}

/**
 * The length of a leading `YYYY-MM-DDTHH:MM:SS[.f{1,9}]Z` followed by a space
 * (what CloudWatch Logs export tasks put before each event), or 0. Checked
 * byte by byte: no regular expression on untrusted input.
 */
export function exportTimestampLength(bytes: Uint8Array, start: number, end: number): number {
  if (end - start < SHAPE.length + 2) return 0;
  for (let index = 0; index < SHAPE.length; index++) {
    const byte = bytes[start + index]!;
    if (SHAPE[index] === 0 ? byte < 48 || byte > 57 : byte !== SHAPE[index]) return 0;
  }
  let index = start + SHAPE.length;
  if (bytes[index] === 46 /* . */) {
    const digits = ++index;
    while (index < end && index - digits < 10 && bytes[index]! >= 48 && bytes[index]! <= 57) index++;
    if (index === digits || index - digits > 9) return 0;
  }
  if (bytes[index] !== 90 /* Z */ || bytes[index + 1] !== 32) return 0;
  return Number.isNaN(Date.parse(decodeAscii(bytes, start, index + 1))) ? 0 : index + 1 - start;
}

// `dddd-dd-ddTdd:dd:dd`: 0 for a digit, else the byte itself.
const SHAPE = Uint8Array.from('dddd-dd-ddTdd:dd:dd', character => (character === 'd' ? 0 : character.charCodeAt(0)));
