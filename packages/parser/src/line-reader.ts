import { decodeAscii, decodeRange } from './byte-tokens';
import { decodeJsonRecord, type JsonRecordResult } from './decode-json-record';
import { describeFailure } from './decode-token';
import { exportTimestampLength } from './export-timestamp';
import { guessableFieldCounts, guessLayout, type FlowLogLayout } from './flow-log-layout';
import { createLineTooLongError, FlowLogParseError, invalidCharacterIn } from './flow-log-parse-error';
import type { FlowLogRecord, UnknownFields } from './flow-log-record';
import { readHeader, type HeaderLine } from './read-header';
import { CONTROL, NON_ASCII, RecordScanner } from './record-scanner';

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
      /** The fields the record lists (see `MappingInput.listed`). */
      readonly listed: ReadonlySet<string>;
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
  | HeaderLine
  | { readonly kind: 'blank' }
  /** Anything invalid: a value, not a throw (millions of lines may be invalid). */
  | Invalid;

/** A text record, checked. */
export type TextRecord = Extract<LineOutcome, { kind: 'text' }>;
/** A record, JSON or text. */
export type RecordLine = Extract<LineOutcome, { kind: 'json' | 'text' }>;

type Invalid = { readonly kind: 'invalid'; readonly error: FlowLogParseError };
const invalid = (error: FlowLogParseError): Invalid => ({ kind: 'invalid', error });

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

/**
 * Classifies and reads one line from its UTF-8 bytes: blank, header, JSON
 * record, text record, or invalid (with its `FlowLogParseError`).
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
      if (line.length > this.#maxLineLength)
        return invalid(createLineTooLongError(line, line.length, this.#maxLineLength));
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
        if (outcome.kind === 'invalid') return outcome;
        if (outcome.kind !== 'json' && outcome.kind !== 'text')
          return invalid(
            new FlowLogParseError('empty-record', 'The export line holds a timestamp but no record.', {
              raw: lineText(bytes, start, end, given),
            }),
          );
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
    if ((scanner.flags & (CONTROL | NON_ASCII)) !== 0) {
      const refused = invalidCharacterIn(bytes, start, tokensEnd, given);
      if (refused !== undefined) return invalid(refused);
    }
    // Header lines start with a field name; records with a digit, `-` or an id.
    if (firstByte >= 97 && firstByte <= 122) {
      const text = () => lineText(bytes, start, end, given);
      const header = readHeader(scanner, bytes, text, count);
      if (header instanceof FlowLogParseError) return invalid(header);
      if (header !== undefined) {
        if (recordOnly)
          return invalid(
            new FlowLogParseError(
              'unexpected-header',
              'A header line was given where a record was expected (CloudWatch Logs messages and Parquet rows are records).',
              { raw: text() },
            ),
          );
        return header;
      }
    }
    return this.#text(bytes, start, end, given, count, known, rejected);
  }

  #json(line: string, layout: FlowLogLayout | undefined, rejected: RejectedLayout | undefined): LineOutcome {
    const decoded = decodeJson(line);
    if (decoded instanceof FlowLogParseError) return invalid(decoded);
    if (decoded.kind === 'record')
      return {
        kind: 'json',
        record: decoded.record,
        message: line,
        unknownKeys: decoded.unknownKeys,
        unknown: decoded.unknown,
        listed: decoded.listed,
      };
    // `{"message": "<record>"}`: the inner record is the message.
    const inner = decoded.inner;
    if (firstVisibleCharacter(inner) === 123) {
      const nested = decodeJson(inner);
      if (nested instanceof FlowLogParseError) return invalid(nested);
      if (nested.kind === 'wrapper') {
        return invalid(
          new FlowLogParseError(
            'invalid-json',
            'The record wraps a wrapper: only one level of {"message": …} is unwrapped.',
            { raw: line },
          ),
        );
      }
      return {
        kind: 'json',
        record: nested.record,
        message: inner,
        unknownKeys: nested.unknownKeys,
        unknown: nested.unknown,
        listed: nested.listed,
      };
    }
    if (this.#inner.length < inner.length * 3) this.#inner = new Uint8Array(inner.length * 3);
    const { written } = encoder.encodeInto(inner, this.#inner);
    const scanned = this.#scan(this.#inner, 0, written, layout, rejected);
    if (scanned !== undefined)
      return { kind: 'text', bytes: this.#inner, start: 0, end: written, layout: scanned, text: inner };
    const count = this.scanner.split(this.#inner, 0, written);
    if ((this.scanner.flags & (CONTROL | NON_ASCII)) !== 0) {
      const refused = invalidCharacterIn(this.#inner, 0, written, inner);
      if (refused !== undefined) return invalid(refused);
    }
    if (count === 0)
      return invalid(
        new FlowLogParseError('empty-record', 'The {"message": …} wrapper holds an empty record.', { raw: line }),
      );
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
      return invalid(
        new FlowLogParseError(
          'after-invalid-header',
          `The record follows the header on line ${rejected.rejectedAt}, which could not be used, so its layout is unknown. Records are refused until the next usable header.`,
          { raw: text() },
        ),
      );
    }
    const chosen = layout ?? guessLayout(count);
    if (chosen === undefined) {
      return invalid(
        new FlowLogParseError(
          'unknown-layout',
          `The record has ${count} fields and no format is known. ${UNKNOWN_LAYOUT_ADVICE}`,
          { raw: text() },
        ),
      );
    }
    if (count !== chosen.fields.length) {
      return invalid(
        new FlowLogParseError(
          'field-count-mismatch',
          `The record has ${count} fields but its format has ${chosen.fields.length}.`,
          { raw: text() },
        ),
      );
    }
    const failed = this.scanner.check(bytes, chosen);
    if (failed >= 0) {
      const line = text();
      return invalid(
        describeFailure(chosen.fields[failed]!, this.scanner.token(bytes, start, line, failed), failed, chosen, line),
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
}

function firstVisibleCharacter(text: string): number {
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code !== 32 && code !== 9 && code !== 10 && code !== 13) return code;
  }
  return -1;
}

/** A JSON record's decoding, or why it is refused (the decoder throws from deep inside). */
function decodeJson(text: string): JsonRecordResult | FlowLogParseError {
  try {
    return decodeJsonRecord(text);
  } catch (error) {
    if (error instanceof FlowLogParseError) return error;
    throw error;
  }
}
