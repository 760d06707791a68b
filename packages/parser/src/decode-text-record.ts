import { decodeToken, tokenFitsShape } from './decode-token';
import type { FlowLogLayout } from './flow-log-layout';
import { guessableFieldCounts, guessLayout } from './flow-log-layout';
import { FlowLogParseError } from './flow-log-parse-error';
import type { FlowLogRecord } from './flow-log-record';

/**
 * Splits a text record on runs of spaces. A trailing line terminator (`\n`,
 * `\r\n` or `\r`) is tolerated; any other control character is an error, since
 * AWS writes none and one would otherwise end up inside a field.
 */
export function splitRecordText(text: string): string[] {
  let end = text.length;
  if (end > 0 && text.charCodeAt(end - 1) === 10) end--;
  if (end > 0 && text.charCodeAt(end - 1) === 13) end--;
  const tokens: string[] = [];
  let start = -1;
  for (let index = 0; index < end; index++) {
    const code = text.charCodeAt(index);
    if (code === 32) {
      if (start >= 0) {
        tokens.push(text.slice(start, index));
        start = -1;
      }
    } else if (code < 32 || code === 127) {
      throw new FlowLogParseError('invalid-character', `The record holds the control character U+${code.toString(16).toUpperCase().padStart(4, '0')} at column ${index + 1}.`, { raw: text });
    } else if (start < 0) {
      start = index;
    }
  }
  if (start >= 0) tokens.push(text.slice(start, end));
  return tokens;
}

/**
 * Decodes the tokens of a text record. With no layout, the published layout
 * with the same field count is tried, and its value shapes must fit: a guess
 * never yields silently misplaced fields.
 */
export function decodeTextRecord(tokens: readonly string[], layout: FlowLogLayout | undefined, raw: string): FlowLogRecord {
  const chosen = layout ?? guessLayout(tokens.length);
  if (chosen === undefined) {
    throw new FlowLogParseError(
      'unknown-layout',
      `The record has ${tokens.length} fields and no format is known. Without a format or a header line, only the published layouts of ${guessableFieldCounts.join(', ')} fields are recognised: pass the flow log's format.`,
      { raw },
    );
  }
  const fields = chosen.fields;
  if (tokens.length !== fields.length) {
    throw new FlowLogParseError('field-count-mismatch', `The record has ${tokens.length} fields but its format has ${fields.length}.`, { raw });
  }
  const guessed = chosen.guessedAs !== undefined;
  const record: FlowLogRecord = {};
  for (let index = 0; index < fields.length; index++) {
    const token = tokens[index] as string;
    if (token === '-') continue;
    const definition = fields[index]!;
    if (guessed && !tokenFitsShape(definition, token)) {
      throw new FlowLogParseError(
        'layout-mismatch',
        `The record has ${fields.length} fields, the count of ${chosen.guessedAs}, but field ${index + 1} ("${token}") does not fit "${definition.name}". This is a custom format: pass it (the LogFormat of the flow log) so that fields are not misread.`,
        { field: definition.name, value: token, raw },
      );
    }
    record[definition.key] = decodeToken(definition, token, raw);
  }
  return record;
}
