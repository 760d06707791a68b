import { decodeToken, readCanonicalInteger, tokenFitsShape } from './decode-token';
import type { FlowLogFieldDefinition } from './flow-log-fields';
import { guessableFieldCounts, guessLayout, typeCodes, type FlowLogLayout } from './flow-log-layout';
import { FlowLogParseError } from './flow-log-parse-error';
import { MAX_UNKNOWN_VALUE_LENGTH, type FlowLogRecord } from './flow-log-record';
import { isFlowLogAddress } from './is-flow-log-address';

// The widest layout has 72 fields; a record with more tokens is refused
// whatever its format, so the scan stops counting boundaries there.
export const MAX_TOKENS = 128;
/** Token boundaries of the line being decoded: start, end, start, end… (reused, never reallocated). */
const bounds = new Int32Array(MAX_TOKENS * 2);

/**
 * Finds the tokens of a text record (runs of spaces separate them) and returns
 * how many there are; their boundaries are left in `bounds`. A trailing line
 * terminator (`\n`, `\r\n` or `\r`) is tolerated; any other control character
 * is an error, since AWS writes none and it would otherwise end up in a field.
 */
export function scanTokens(text: string): number {
  let end = text.length;
  if (end > 0 && text.charCodeAt(end - 1) === 10) end--;
  if (end > 0 && text.charCodeAt(end - 1) === 13) end--;
  let count = 0;
  let start = -1;
  for (let index = 0; index < end; index++) {
    const code = text.charCodeAt(index);
    if (code === 32) {
      if (start >= 0) {
        if (count < MAX_TOKENS) {
          bounds[count * 2] = start;
          bounds[count * 2 + 1] = index;
        }
        count++;
        start = -1;
      }
    } else if (code < 32 || code === 127 || code === REPLACEMENT_CHARACTER) {
      throw invalidCharacter(text, code, index);
    } else if (start < 0) {
      start = index;
    }
  }
  if (start >= 0) {
    if (count < MAX_TOKENS) {
      bounds[count * 2] = start;
      bounds[count * 2 + 1] = end;
    }
    count++;
  }
  return count;
}

const REPLACEMENT_CHARACTER = 0xfffd;

/**
 * A control character, or U+FFFD: what a decoder leaves for bytes that are
 * not UTF-8. AWS writes neither, and either would end up inside a field.
 */
export function invalidCharacter(raw: string, code: number, index: number): FlowLogParseError {
  const what = code === REPLACEMENT_CHARACTER ? 'U+FFFD (bytes that are not valid UTF-8)' : `the control character U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  return new FlowLogParseError('invalid-character', `The record holds ${what} at column ${index + 1}.`, { raw });
}

/** The position of the first character a field value may not hold, or -1. */
export function findInvalidCharacter(text: string): number {
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code < 32 || code === 127 || code === REPLACEMENT_CHARACTER) return index;
  }
  return -1;
}

/** Token `index` of the last scanned line, as a string. */
export function tokenAt(text: string, index: number): string {
  return text.slice(bounds[index * 2], bounds[index * 2 + 1]);
}

/**
 * Decodes the scanned tokens of a text record; values of fields this release
 * does not know go to `unknown` when given. With no layout, the published
 * layout with the same field count is tried, and its value shapes must fit: a
 * guess never yields silently misplaced fields. Values are checked straight
 * from the line's characters; only a failing value takes the slow path, which
 * words the error.
 */
export function decodeTextRecord(text: string, count: number, layout: FlowLogLayout | undefined, unknown?: [string, string][]): FlowLogRecord {
  const chosen = layout ?? guessLayout(count);
  if (chosen === undefined) {
    throw new FlowLogParseError(
      'unknown-layout',
      `The record has ${count} fields and no format is known. Without a format or a header line, only the published layouts of ${guessableFieldCounts.join(', ')} fields are recognised: pass the flow log's format.`,
      { raw: text },
    );
  }
  const fields = chosen.fields;
  if (count !== fields.length) {
    throw new FlowLogParseError('field-count-mismatch', `The record has ${count} fields but its format has ${fields.length}.`, { raw: text });
  }
  const guessed = chosen.guessedAs !== undefined;
  const { types, maxima, keys } = chosen;
  const record: FlowLogRecord = {};
  for (let index = 0; index < count; index++) {
    const start = bounds[index * 2]!;
    const end = bounds[index * 2 + 1]!;
    if (end - start === 1 && text.charCodeAt(start) === 45 /* - */) continue;
    let value: string | number | undefined;
    switch (types[index]) {
      case typeCodes.unknown:
        // A field this release does not know: kept aside, never in the record.
        if (unknown !== undefined && end - start <= MAX_UNKNOWN_VALUE_LENGTH) unknown.push([keys[index]!, text.slice(start, end)]);
        continue;
      case typeCodes.integer: {
        const number = readCanonicalInteger(text, start, end);
        if (number >= 0 && number <= maxima[index]!) value = number;
        break;
      }
      case typeCodes.address:
        if (isDottedQuad(text, start, end)) value = text.slice(start, end);
        else {
          const token = text.slice(start, end);
          if (token.includes(':') && isFlowLogAddress(token)) value = token;
        }
        break;
      case typeCodes.action:
        if (end - start === 6) value = text.startsWith('ACCEPT', start) ? 'ACCEPT' : text.startsWith('REJECT', start) ? 'REJECT' : undefined;
        break;
      case typeCodes.status:
        value = end - start === 2 && text.startsWith('OK', start) ? 'OK' : end - start === 6 && text.startsWith('NODATA', start) ? 'NODATA' : end - start === 8 && text.startsWith('SKIPDATA', start) ? 'SKIPDATA' : undefined;
        break;
      case typeCodes.account:
        value = isAccount(text, start, end) ? text.slice(start, end) : undefined;
        break;
      default: {
        value = text.slice(start, end);
        const definition = fields[index]!;
        if (guessed && definition.shape !== undefined && !tokenFitsShape(definition, value)) value = undefined;
      }
    }
    if (value === undefined) throw describeFailure(fields[index]!, text.slice(start, end), index, chosen, text);
    record[keys[index]!] = value;
  }
  return record;
}

/** The slow path: the precise error for a value the fast checks refused. */
function describeFailure(definition: FlowLogFieldDefinition, token: string, index: number, layout: FlowLogLayout, raw: string): FlowLogParseError {
  if (layout.guessedAs !== undefined && !tokenFitsShape(definition, token)) {
    return new FlowLogParseError(
      'layout-mismatch',
      `The record has ${layout.fields.length} fields, the count of ${layout.guessedAs}, but field ${index + 1} ("${token}") does not fit "${definition.name}". This is a custom format: pass it (the LogFormat of the flow log) so that fields are not misread.`,
      { field: definition.name, value: token, raw },
    );
  }
  try {
    decodeToken(definition, token, raw);
  } catch (error) {
    if (error instanceof FlowLogParseError) return error;
    throw error;
  }
  throw new Error(`Internal error: "${token}" was refused for "${definition.name}" but decodes; please report it.`);
}

/**
 * Dotted four-part decimal IPv4 without leading zeros, each part at most 255:
 * exactly what ipaddr.js's `isValidFourPartDecimal` accepts (a property test
 * holds the two together), checked without building a string.
 */
export function isDottedQuad(text: string, start: number, end: number): boolean {
  let parts = 0;
  let index = start;
  while (index <= end) {
    let value = 0;
    let digits = 0;
    let first = -1;
    while (index < end) {
      const digit = text.charCodeAt(index) - 48;
      if (digit < 0 || digit > 9) break;
      if (digits === 0) first = digit;
      value = value * 10 + digit;
      digits++;
      index++;
    }
    if (digits === 0 || digits > 3 || value > 255 || (first === 0 && digits > 1)) return false;
    parts++;
    if (index === end) return parts === 4;
    if (text.charCodeAt(index) !== 46 || parts === 4) return false;
    index++;
  }
  return false;
}

function isAccount(text: string, start: number, end: number): boolean {
  if (end - start === 7 && text.startsWith('unknown', start)) return true;
  if (end === start) return false;
  for (let index = start; index < end; index++) {
    const code = text.charCodeAt(index);
    if (code < 48 || code > 57) return false;
  }
  return true;
}
