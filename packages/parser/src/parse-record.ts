import type { ExtendedFlowLogEvent, FlowLogEvent, OcsfNetworkActivity } from '@flowecs/ecs-types';
import { createParser } from './create-parser';
import type { FlowLogParser } from './flow-log-parser';
import { FlowLogParseError } from './flow-log-parse-error';
import { resolveOptions, type FlowLogParserOptions, type ResolvedOptions } from './resolve-options';

// One parser per options object, reused: parseRecord is called once per line by some users.
const parsers = new WeakMap<
  ResolvedOptions,
  FlowLogParser<FlowLogEvent | ExtendedFlowLogEvent | OcsfNetworkActivity>
>();

/**
 * Parses one flow-log record (a text line, a JSON object, or a
 * `{"message": …}` wrapper) into an ECS event. Throws `FlowLogParseError` for
 * an invalid record, a blank one (`empty-record`) or a header line
 * (`unexpected-header`); use `createParser` for a file's lines. The
 * `filter` option is refused (a `TypeError`): one record has no result for
 * a dropped record; filter with `createParser`, whose results say `filtered`.
 */
export function parseRecord(
  text: string,
  options: FlowLogParserOptions & { readonly profile: 'extended' },
): ExtendedFlowLogEvent;
export function parseRecord(
  text: string,
  options: FlowLogParserOptions & { readonly profile: 'ocsf' },
): OcsfNetworkActivity;
export function parseRecord(text: string, options?: FlowLogParserOptions): FlowLogEvent;
export function parseRecord(
  text: string,
  options?: FlowLogParserOptions,
): FlowLogEvent | ExtendedFlowLogEvent | OcsfNetworkActivity {
  const settings = resolveOptions(options);
  if (settings.filter !== undefined)
    throw new TypeError('parseRecord takes no filter: use createParser, whose results say which lines were filtered.');
  let parser = parsers.get(settings);
  if (parser === undefined) {
    parser = createParser(options) as FlowLogParser<FlowLogEvent | ExtendedFlowLogEvent | OcsfNetworkActivity>;
    parsers.set(settings, parser);
  }
  const result = parser.parse(text);
  // Each record stands alone: no line numbers, no layout carried over.
  parser.reset();
  switch (result.kind) {
    case 'event':
      return result.event;
    case 'blank':
      throw new FlowLogParseError('empty-record', 'The record is empty.', { raw: text });
    case 'header':
      throw new FlowLogParseError(
        'unexpected-header',
        'This is a header line (field names), not a record: use createParser() to parse a file with headers.',
        { raw: text },
      );
    case 'invalid':
      result.error.lineNumber = undefined;
      throw result.error;
    case 'filtered':
      throw new TypeError('parseRecord takes no filter.');
  }
}
