import type { FlowLogParseError } from '@flowecs/parser';

/**
 * An invalid line as a dead-letter record, one line of JSON (no newline):
 * `{source, line, code, message, raw}`. The CLI's `--errors` file and the
 * Lambda handlers' errors objects hold these, so one reader serves both.
 */
export function deadLetterLine(error: FlowLogParseError): string {
  const { source, line, code, message, raw } = error.toJSON();
  return JSON.stringify({ source, line, code, message, raw });
}
