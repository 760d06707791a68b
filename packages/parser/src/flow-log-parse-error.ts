/**
 * Stable error codes. They are part of the public API: tools match on them,
 * so a code is never renamed or reused for another meaning.
 */
export const flowLogErrorCodes = {
  'empty-record': 'The record is empty or only white space.',
  'unexpected-header': 'A header line was given where a record was expected.',
  'invalid-format': 'A format specification names an unknown field, repeats one, or is empty.',
  'invalid-header': 'A header line cannot be used: it names a field twice, or holds tokens that cannot be field names.',
  'after-invalid-header':
    'The record follows a header line that could not be used, so its layout is unknown (until the next usable header).',
  'unknown-layout': 'No format is known and the field count matches no published layout.',
  'layout-mismatch': 'The field count matches a published layout but the values do not fit it.',
  'field-count-mismatch': 'The record has more or fewer fields than its format.',
  'invalid-character': 'The record holds a control character.',
  'invalid-number': 'A numeric field is not a canonical non-negative decimal integer.',
  'out-of-range': 'A number is above its field’s maximum (65535 for ports, 2^53 − 1 for counters).',
  'invalid-ip': 'An address field is not an IPv4 or IPv6 address as AWS writes it.',
  'invalid-value': 'A field holds a value its type does not allow.',
  'invalid-json': 'A record that starts with `{` is not a JSON object.',
  'duplicate-field': 'A JSON record names one field twice (dashed and underscore form).',
  'line-too-long': 'The line is longer than `maxLineLength`; `raw` holds its start only.',
  'invalid-envelope':
    'A CloudWatch Logs envelope is not the JSON AWS sends (or is not JSON at all); `raw` holds its start.',
  'envelope-too-large':
    'A CloudWatch Logs envelope is far larger than AWS sends (over 16 MiB); it is refused before it is held whole.',
  'unmappable-record':
    'The record lacks a value the profile’s event requires (the OCSF profile: a time, from `start`, `end` or the delivery).',
} as const;

export type FlowLogErrorCode = keyof typeof flowLogErrorCodes;

export interface FlowLogParseErrorDetails {
  /** The field at fault, in dashed form (`dstport`), when one is. */
  field?: string | undefined;
  /** The offending value, when it is a single token. */
  value?: string | undefined;
  /** 1-based line number, when the record came from a sequence of lines. */
  lineNumber?: number | undefined;
  /** The raw record text. */
  raw: string;
  /** Where the record came from (a file name), when known. */
  source?: string | undefined;
}

/** The one error type the parser throws or returns for bad input. */
export class FlowLogParseError extends Error {
  override readonly name = 'FlowLogParseError';
  readonly code: FlowLogErrorCode;
  readonly field: string | undefined;
  readonly value: string | undefined;
  lineNumber: number | undefined;
  readonly raw: string;
  source: string | undefined;

  constructor(code: FlowLogErrorCode, message: string, details: FlowLogParseErrorDetails) {
    // It describes a line, not the code: no stack trace, whose capture was
    // most of what an invalid line cost (a wrong --format makes millions).
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    super(message);
    Error.stackTraceLimit = limit;
    this.code = code;
    this.field = details.field;
    this.value = details.value;
    this.lineNumber = details.lineNumber;
    this.raw = details.raw;
    this.source = details.source;
  }

  /** A plain object for dead-letter files: `{source, line, code, message, raw}`. */
  toJSON(): { source?: string; line?: number; code: FlowLogErrorCode; field?: string; message: string; raw: string } {
    // Assigned one by one, in this order: spreads were most of an invalid line's cost.
    const json = {} as ReturnType<FlowLogParseError['toJSON']>;
    if (this.source !== undefined) json.source = this.source;
    if (this.lineNumber !== undefined) json.line = this.lineNumber;
    json.code = this.code;
    if (this.field !== undefined) json.field = this.field;
    json.message = this.message;
    json.raw = this.raw;
    return json;
  }
}

const REPLACEMENT_CHARACTER = 0xfffd;

/**
 * A control character (C0, DEL or C1), or U+FFFD: what a decoder leaves for
 * bytes that are not UTF-8. AWS writes neither, and either would end up
 * inside a field.
 */
function invalidCharacter(raw: string, code: number, index: number): FlowLogParseError {
  const what =
    code === REPLACEMENT_CHARACTER
      ? 'U+FFFD (bytes that are not valid UTF-8)'
      : `the control character U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  return new FlowLogParseError('invalid-character', `The record holds ${what} at column ${index + 1}.`, { raw });
}

/** The position of the first character a field value may not hold, or -1. */
export function findInvalidCharacter(text: string): number {
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    // C0, DEL and C1 (U+0080–U+009F): terminal controls, never in a flow log.
    if (code < 32 || (code >= 127 && code <= 159) || code === REPLACEMENT_CHARACTER) return index;
  }
  return -1;
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

/** The error for a control character or bytes that are not UTF-8 (the line decoded, so the column counts characters). */
export function invalidCharacterIn(
  bytes: Uint8Array,
  start: number,
  end: number,
  given: string | undefined,
): FlowLogParseError | undefined {
  const decoded = new TextDecoder().decode(bytes.subarray(start, end));
  const index = findInvalidCharacter(decoded);
  return index === -1 ? undefined : invalidCharacter(given ?? decoded, decoded.charCodeAt(index), index);
}
