import type { ExtendedFlowLogEvent, FlowLogEvent } from '@flowecs/ecs-types';
import { FlowLogParseError } from './flow-log-parse-error';
import { parseLine } from './parse-line';
import { resolveOptions, type FlowLogParserOptions } from './resolve-options';

/**
 * Parses one flow-log record (a text line, a JSON object, or a
 * `{"message": …}` wrapper) into an ECS event. Throws `FlowLogParseError` for
 * an invalid record, a blank one (`empty-record`) or a header line
 * (`unexpected-header`); use `createParser` for a file's lines.
 */
export function parseRecord(text: string, options: FlowLogParserOptions & { readonly profile: 'extended' }): ExtendedFlowLogEvent;
export function parseRecord(text: string, options?: FlowLogParserOptions): FlowLogEvent;
export function parseRecord(text: string, options?: FlowLogParserOptions): FlowLogEvent | ExtendedFlowLogEvent {
  const settings = resolveOptions(options);
  const outcome = parseLine(text, settings.layout, settings.maxLineLength);
  switch (outcome.kind) {
    case 'record':
      return settings.map(outcome.record, outcome.message, {
        unknown: outcome.unknown,
        eventTime: outcome.eventTime,
        origin: settings.origin,
      });
    case 'blank':
      throw new FlowLogParseError('empty-record', 'The record is empty.', { raw: text });
    case 'header':
      throw new FlowLogParseError('unexpected-header', 'This is a header line (field names), not a record: use createParser() to parse a file with headers.', { raw: text });
  }
}
