import type { FlowLogParseError } from '@flowecs/parser';
import { printableJson } from './printable';

/**
 * An invalid line as a dead-letter record, one line of JSON (no newline):
 * `{source, line, code, message, raw}`. The CLI's `--errors` file and the
 * Lambda handlers' errors objects hold these, so one reader serves both.
 * The raw line is kept as data; control, bidi and other invisible characters
 * in it are JSON escapes, so the line can be printed as it is.
 */
export function deadLetterLine(error: FlowLogParseError): string {
  const { source, lineNumber: line, code, message, raw } = error;
  return printableJson(JSON.stringify({ source, line, code, message, raw }));
}
