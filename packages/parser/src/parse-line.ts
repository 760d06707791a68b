import { decodeJsonRecord } from './decode-json-record';
import { decodeTextRecord, MAX_TOKENS, scanTokens, tokenAt } from './decode-text-record';
import { findFlowLogField } from './flow-log-fields';
import type { FlowLogLayout } from './flow-log-layout';
import { FlowLogParseError } from './flow-log-parse-error';
import type { FlowLogRecord } from './flow-log-record';
import type { FlowLogFormat } from './parse-format';

export type LineOutcome =
  /** A record; `message` is what the event's `message` holds (the inner record of a wrapper). */
  | { readonly kind: 'record'; readonly record: FlowLogRecord; readonly message: string; readonly unknownKeys: number }
  | { readonly kind: 'header'; readonly format: FlowLogFormat }
  | { readonly kind: 'blank' };

/**
 * Classifies and parses one line: blank, JSON record, header, or text record.
 * Throws `FlowLogParseError` for anything invalid.
 */
export function parseLine(text: string, layout: FlowLogLayout | undefined, maxLineLength: number): LineOutcome {
  if (text.length > maxLineLength) throw createLineTooLongError(text, text.length, maxLineLength);
  const first = firstVisibleCharacter(text);
  if (first === -1) return { kind: 'blank' };
  if (first === 123 /* { */) {
    const decoded = decodeJsonRecord(text);
    if (decoded.kind === 'record') return recordOutcome(decoded.record, text, decoded.unknownKeys);
    // `{"message": "<record>"}`: the inner record is the message.
    const inner = decoded.inner;
    if (firstVisibleCharacter(inner) === 123) {
      const nested = decodeJsonRecord(inner);
      if (nested.kind === 'wrapper') {
        throw new FlowLogParseError('invalid-json', 'The record wraps a wrapper: only one level of {"message": …} is unwrapped.', { raw: text });
      }
      return recordOutcome(nested.record, inner, nested.unknownKeys);
    }
    const count = scanTokens(inner);
    if (count === 0) throw new FlowLogParseError('empty-record', 'The {"message": …} wrapper holds an empty record.', { raw: text });
    return recordOutcome(decodeTextRecord(inner, count, layout), inner, 0);
  }
  const count = scanTokens(text);
  // Header lines start with a field name; records with a digit, `-` or an id.
  if (isLowerCaseLetter(first)) {
    const header = readHeader(text, count);
    if (header !== undefined) return { kind: 'header', format: header };
  }
  return recordOutcome(decodeTextRecord(text, count, layout), text, 0);
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

function recordOutcome(record: FlowLogRecord, message: string, unknownKeys: number): LineOutcome {
  return { kind: 'record', record, message, unknownKeys };
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
 * one). A line that starts with a field name and is mostly names, but not all,
 * is a header with a typo or a field this version does not know: an error
 * rather than a data line that would fail obscurely.
 */
function readHeader(raw: string, count: number): FlowLogFormat | undefined {
  if (count > MAX_TOKENS || findFlowLogField(tokenAt(raw, 0)) === undefined) return undefined;
  const tokens = Array.from({ length: count }, (_, index) => tokenAt(raw, index));
  const names: string[] = [];
  const unknown: string[] = [];
  const seen = new Set<string>();
  for (const token of tokens) {
    const definition = findFlowLogField(token);
    if (definition === undefined) {
      unknown.push(token);
      continue;
    }
    if (seen.has(definition.name)) {
      throw new FlowLogParseError('invalid-header', `The header line names the field "${definition.name}" twice.`, { field: definition.name, value: token, raw });
    }
    seen.add(definition.name);
    names.push(definition.name);
  }
  if (unknown.length === 0) return Object.freeze(names);
  if (unknown.length * 2 <= tokens.length) {
    throw new FlowLogParseError('invalid-header', `The header line names unknown fields: ${unknown.map(name => `"${name}"`).join(', ')}.`, { field: unknown[0], value: unknown[0], raw });
  }
  return undefined;
}
