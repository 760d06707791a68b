import { decodeJsonRecord } from './decode-json-record';
import { decodeTextRecord, MAX_TOKENS, scanTokens, tokenAt } from './decode-text-record';
import { findFlowLogField, unknownFieldKey } from './flow-log-fields';
import type { FlowLogLayout } from './flow-log-layout';
import { FlowLogParseError } from './flow-log-parse-error';
import type { FlowLogRecord, UnknownFields } from './flow-log-record';
import type { FlowLogFormat } from './parse-format';

export type LineOutcome =
  /**
   * A record; `message` is what the event's `message` holds (the inner record
   * of a wrapper); `unknown`, the values of fields this release does not know.
   */
  | {
      readonly kind: 'record';
      readonly record: FlowLogRecord;
      readonly message: string;
      readonly unknownKeys: number;
      readonly unknown: UnknownFields | undefined;
      /** A CloudWatch Logs export line's timestamp prefix, in epoch milliseconds. */
      readonly eventTime?: number | undefined;
    }
  | { readonly kind: 'header'; readonly format: FlowLogFormat; readonly unknownFields: readonly string[] }
  | { readonly kind: 'blank' };

/** The layout after a header line that could not be used: text records are refused. */
export interface RejectedLayout {
  /** The line number of that header. */
  readonly rejectedAt: number;
}

/**
 * Classifies and parses one line: blank, JSON record, header, or text record.
 * Throws `FlowLogParseError` for anything invalid.
 */
export function parseLine(text: string, given: FlowLogLayout | RejectedLayout | undefined, maxLineLength: number, recordOnly = false): LineOutcome {
  if (text.length > maxLineLength) throw createLineTooLongError(text, text.length, maxLineLength);
  const first = firstVisibleCharacter(text);
  if (first === -1) return { kind: 'blank' };
  // A CloudWatch Logs export line: `2025-02-25T12:25:04.000Z <record>`.
  if (first >= 48 && first <= 57) {
    const prefix = exportTimestampLength(text);
    if (prefix > 0) {
      const outcome = parseLine(text.slice(prefix + 1), given, maxLineLength, true);
      if (outcome.kind !== 'record') throw new FlowLogParseError('empty-record', 'The export line holds a timestamp but no record.', { raw: text });
      return { ...outcome, eventTime: Date.parse(text.slice(0, prefix)) };
    }
  }
  // JSON records name their fields; text records need a layout.
  const rejected = given !== undefined && 'rejectedAt' in given ? given : undefined;
  const layout = rejected === undefined ? (given as FlowLogLayout | undefined) : undefined;
  if (first === 123 /* { */) {
    const decoded = decodeJsonRecord(text);
    if (decoded.kind === 'record') return recordOutcome(decoded.record, text, decoded.unknownKeys, decoded.unknown);
    // `{"message": "<record>"}`: the inner record is the message.
    const inner = decoded.inner;
    if (firstVisibleCharacter(inner) === 123) {
      const nested = decodeJsonRecord(inner);
      if (nested.kind === 'wrapper') {
        throw new FlowLogParseError('invalid-json', 'The record wraps a wrapper: only one level of {"message": …} is unwrapped.', { raw: text });
      }
      return recordOutcome(nested.record, inner, nested.unknownKeys, nested.unknown);
    }
    const count = scanTokens(inner);
    if (count === 0) throw new FlowLogParseError('empty-record', 'The {"message": …} wrapper holds an empty record.', { raw: text });
    return textRecord(inner, count, layout, rejected);
  }
  const count = scanTokens(text);
  // Header lines start with a field name; records with a digit, `-` or an id.
  if (isLowerCaseLetter(first)) {
    const header = readHeader(text, count);
    if (header !== undefined) {
      if (recordOnly) throw new FlowLogParseError('unexpected-header', 'A header line was given where a record was expected (CloudWatch Logs messages and Parquet rows are records).', { raw: text });
      return header;
    }
  }
  return textRecord(text, count, layout, rejected);
}

function textRecord(text: string, count: number, layout: FlowLogLayout | undefined, rejected: RejectedLayout | undefined): LineOutcome {
  if (rejected !== undefined) {
    throw new FlowLogParseError('after-invalid-header', `The record follows the header on line ${rejected.rejectedAt}, which could not be used, so its layout is unknown. Records are refused until the next usable header.`, { raw: text });
  }
  if (layout === undefined || layout.unknownCount === 0) return recordOutcome(decodeTextRecord(text, count, layout), text, 0, undefined);
  const unknown: [string, string][] = [];
  const record = decodeTextRecord(text, count, layout, unknown);
  return recordOutcome(record, text, layout.unknownCount, unknown.length === 0 ? undefined : unknown);
}

/** Keeps the start of an over-long line only: enough to find it, bounded in memory. */
export const LINE_PREVIEW_LENGTH = 1024;

export function createLineTooLongError(start: string, length: number, maxLineLength: number, unit: 'characters' | 'bytes' = 'characters'): FlowLogParseError {
  return new FlowLogParseError(
    'line-too-long',
    `The line is ${length} ${unit} long (or more), above the limit of ${maxLineLength}; its first ${Math.min(LINE_PREVIEW_LENGTH, start.length)} characters are kept.`,
    { raw: start.slice(0, LINE_PREVIEW_LENGTH) },
  );
}

function recordOutcome(record: FlowLogRecord, message: string, unknownKeys: number, unknown: UnknownFields | undefined): LineOutcome {
  return { kind: 'record', record, message, unknownKeys, unknown };
}

/**
 * The length of a leading `YYYY-MM-DDTHH:MM:SS[.f{1,9}]Z` followed by a space
 * (what CloudWatch Logs export tasks put before each event), or 0. Checked
 * character by character: no regular expression on untrusted input.
 */
export function exportTimestampLength(text: string): number {
  const shape = 'dddd-dd-ddTdd:dd:dd';
  if (text.length < shape.length + 2) return 0;
  for (let index = 0; index < shape.length; index++) {
    const code = text.charCodeAt(index);
    if (shape[index] === 'd' ? code < 48 || code > 57 : code !== shape.charCodeAt(index)) return 0;
  }
  let index = shape.length;
  if (text.charCodeAt(index) === 46 /* . */) {
    const start = ++index;
    while (index < text.length && index - start < 10 && text.charCodeAt(index) >= 48 && text.charCodeAt(index) <= 57) index++;
    if (index === start || index - start > 9) return 0;
  }
  if (text.charCodeAt(index) !== 90 /* Z */ || text.charCodeAt(index + 1) !== 32) return 0;
  return Number.isNaN(Date.parse(text.slice(0, index + 1))) ? 0 : index + 1;
}

function isLowerCaseLetter(code: number): boolean {
  return code >= 97 && code <= 122;
}

function firstVisibleCharacter(text: string): number {
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code !== 32 && code !== 9 && code !== 10 && code !== 13) return code;
  }
  return -1;
}

/**
 * A line whose tokens are all field names is a header (S3 files start with
 * one). Names this release does not know are accepted (AWS adds fields with
 * new versions; see `unknownFieldKey`). A line that starts with a field name
 * and is mostly names, but holds tokens that cannot be names, is a broken
 * header: an error, rather than a data line that would fail obscurely.
 */
function readHeader(raw: string, count: number): LineOutcome | undefined {
  if (count > MAX_TOKENS || findFlowLogField(tokenAt(raw, 0)) === undefined) return undefined;
  const names: string[] = [];
  const unknown: string[] = [];
  const broken: string[] = [];
  const seen = new Set<string>();
  for (let index = 0; index < count; index++) {
    const token = tokenAt(raw, index);
    const key = findFlowLogField(token)?.key ?? unknownFieldKey(token);
    if (key === undefined) {
      broken.push(token);
      continue;
    }
    const name = findFlowLogField(token)?.name ?? token;
    if (seen.has(key)) {
      throw new FlowLogParseError('invalid-header', `The header line names the field "${name}" twice.`, { field: name, value: token, raw });
    }
    seen.add(key);
    names.push(name);
    if (findFlowLogField(token) === undefined) unknown.push(token);
  }
  if (broken.length === 0) return { kind: 'header', format: Object.freeze(names), unknownFields: Object.freeze(unknown) };
  if (broken.length * 2 <= count) {
    throw new FlowLogParseError('invalid-header', `The header line holds tokens that cannot be field names: ${broken.map(name => `"${name}"`).join(', ')}.`, { field: broken[0], value: broken[0], raw });
  }
  return undefined;
}
