import { FlowLogParseError } from './flow-log-parse-error';
import { NdjsonWriter, writeDigits } from './ndjson-writer';

/**
 * The header line for Parquet columns: AWS names columns after the fields,
 * with underscores (`log_status`); a header names them with dashes.
 */
export function parquetHeader(columns: readonly string[]): string {
  return columns.map(column => column.replaceAll('_', '-')).join(' ');
}

const decoder = new TextDecoder();

/**
 * A Parquet row as the text record AWS writes for the same columns: the
 * values in column order, separated by spaces, `-` for an absent value (null
 * or `-`). Numbers (INT32, INT64 as BigInt) are written in decimal, so the
 * text parser checks them as it checks any record; the event's `message` is
 * this text. Throws `invalid-value` for a value no text record could hold.
 * (`writeParquetRow` writes the same as UTF-8 bytes.)
 */
export function formatParquetRow(columns: readonly string[], row: readonly unknown[]): string {
  const out = new NdjsonWriter(256);
  writeParquetRow(columns, row, out);
  return decoder.decode(out.view());
}

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
const encoder = new TextEncoder();

/**
 * `formatParquetRow`, appended to `out` as UTF-8 without building strings:
 * the fast form, for whole row groups. On an error nothing is appended.
 */
export function writeParquetRow(columns: readonly string[], row: readonly unknown[], out: NdjsonWriter): void {
  const start = out.length;
  try {
    for (let index = 0; index < row.length; index++) {
      if (index > 0) {
        out.reserve(1);
        out.bytes[out.length++] = 32;
      }
      writeValue(columns[index] ?? String(index), row[index], row, out);
    }
  } catch (error) {
    out.length = start;
    throw error;
  }
}

function writeValue(column: string, value: unknown, row: readonly unknown[], out: NdjsonWriter): void {
  switch (typeof value) {
    case 'string':
      return writeText(column, value, row, out);
    case 'bigint':
      // Within 2^53 a Number has the same digits (and BigInt's toString is slow).
      return value >= 0n && value <= MAX_SAFE ? writeInteger(Number(value), out) : writeAscii(value.toString(), out);
    case 'number':
      // INT32 columns, or a DOUBLE holding a whole number (as pandas writes them).
      if (!Number.isFinite(value)) throw unexpected(column, `the number ${value}`, row);
      return Number.isSafeInteger(value) && value >= 0 ? writeInteger(value, out) : writeAscii(String(value), out);
    case 'undefined':
      return writeAscii('-', out);
    case 'object':
      if (value === null) return writeAscii('-', out);
      throw unexpected(
        column,
        value instanceof Uint8Array ? 'binary data' : value instanceof Date ? 'a date' : 'a nested value',
        row,
      );
    default:
      throw unexpected(column, `a ${typeof value}`, row);
  }
}

/** Text as it is, `-` when empty. A space would split the value and a line break the record: both refused, with other control characters. */
function writeText(column: string, value: string, row: readonly unknown[], out: NdjsonWriter): void {
  if (value === '') return writeAscii('-', out);
  out.reserve(value.length * 3);
  const bytes = out.bytes;
  let at = out.length;
  for (let index = 0; index < value.length; index++) {
    const code = value.charCodeAt(index);
    if (code <= 32 || code === 127)
      throw unexpected(column, code === 32 ? 'text with a space' : 'text with a control character', row);
    if (code < 128) {
      bytes[at++] = code;
      continue;
    }
    // Not ASCII (rare in flow logs): the rest through the encoder, once.
    const rest = value.slice(index);
    for (let later = 0; later < rest.length; later++) {
      const other = rest.charCodeAt(later);
      if (other <= 32 || other === 127)
        throw unexpected(column, other === 32 ? 'text with a space' : 'text with a control character', row);
    }
    at += encoder.encodeInto(rest, bytes.subarray(at)).written;
    break;
  }
  out.length = at;
}

function writeAscii(text: string, out: NdjsonWriter): void {
  out.reserve(text.length);
  for (let index = 0; index < text.length; index++) out.bytes[out.length++] = text.charCodeAt(index);
}

/** A non-negative safe integer in decimal. */
function writeInteger(value: number, out: NdjsonWriter): void {
  out.reserve(16);
  out.length = writeDigits(out.bytes, out.length, value);
}

function unexpected(column: string, what: string, row: readonly unknown[]): FlowLogParseError {
  const raw = row
    .map(value => (value === null || value === undefined ? '-' : typeof value === 'object' ? '?' : String(value)))
    .join(' ');
  return new FlowLogParseError('invalid-value', `Column "${column}" holds ${what}, which no flow-log field takes.`, {
    field: column.replaceAll('_', '-'),
    raw: raw.slice(0, 1024),
  });
}
