import { FlowLogParseError } from './flow-log-parse-error';

/**
 * The header line for Parquet columns: AWS names columns after the fields,
 * with underscores (`log_status`); a header names them with dashes.
 */
export function parquetHeader(columns: readonly string[]): string {
  return columns.map(column => column.replaceAll('_', '-')).join(' ');
}

/**
 * A Parquet row as the text record AWS writes for the same columns: the
 * values in column order, separated by spaces, `-` for an absent value (null
 * or `-`). Numbers (INT32, INT64 as BigInt) are written in decimal, so the
 * text parser checks them as it checks any record; the event's `message` is
 * this text. Throws `invalid-value` for a value no text record could hold.
 */
export function formatParquetRow(columns: readonly string[], row: readonly unknown[]): string {
  let text = '';
  for (let index = 0; index < row.length; index++) {
    if (index > 0) text += ' ';
    text += formatValue(columns[index] ?? String(index), row[index], row);
  }
  return text;
}

function formatValue(column: string, value: unknown, row: readonly unknown[]): string {
  switch (typeof value) {
    case 'string':
      if (value === '') return '-';
      if (value.includes(' ')) throw unexpected(column, 'text with a space', row);
      return value;
    case 'bigint':
      return value.toString();
    case 'number':
      // INT32 columns, or a DOUBLE holding a whole number (as pandas writes them).
      if (Number.isFinite(value)) return String(value);
      throw unexpected(column, `the number ${value}`, row);
    case 'undefined':
      return '-';
    case 'object':
      if (value === null) return '-';
      throw unexpected(column, value instanceof Uint8Array ? 'binary data' : value instanceof Date ? 'a date' : 'a nested value', row);
    default:
      throw unexpected(column, `a ${typeof value}`, row);
  }
}

function unexpected(column: string, what: string, row: readonly unknown[]): FlowLogParseError {
  const raw = row.map(value => (value === null || value === undefined ? '-' : typeof value === 'object' ? '?' : String(value))).join(' ');
  return new FlowLogParseError('invalid-value', `Column "${column}" holds ${what}, which no flow-log field takes.`, { field: column.replaceAll('_', '-'), raw: raw.slice(0, 1024) });
}
