import type { ExtendedFlowLogEvent, OcsfNetworkActivity } from '@flowecs/ecs-types';
import type { ProfileDefinition } from './define-profile';
import type { FlowLogParser, FlowLogParseResult, MessageContext } from './flow-log-parser';
import { FlowLogParseError } from './flow-log-parse-error';
import { isRecord, LineParser, type OtherLine } from './line-parser';
import type { RecordLine } from './line-reader';
import type { NdjsonWriter } from './ndjson-writer';
import { RecordOutput } from './record-output';
import { resolveOptions, type FlowLogParserOptions } from './resolve-options';
import { StringBytes } from './string-bytes';

/**
 * A parser for a sequence of lines, such as one S3 object. A header line sets
 * the layout for the lines after it (concatenated files repeat it, possibly
 * with another format); before any header the `format` option applies, and
 * without one the published layouts are recognised by field count. Every
 * entry point reads UTF-8 bytes (a string is encoded once): `read` says what
 * the line is, and the record's output comes from `RecordOutput`.
 */
export function createParser(
  options: FlowLogParserOptions & { readonly profile: 'extended' },
): FlowLogParser<ExtendedFlowLogEvent>;
export function createParser(
  options: FlowLogParserOptions & { readonly profile: 'ocsf' },
): FlowLogParser<OcsfNetworkActivity>;
export function createParser<Event>(
  options: FlowLogParserOptions & { readonly profile: ProfileDefinition<Event, any, any> },
): FlowLogParser<Event>;
export function createParser(options?: FlowLogParserOptions): FlowLogParser;
export function createParser(options?: FlowLogParserOptions): FlowLogParser<unknown> {
  const settings = resolveOptions(options);
  const lines = new LineParser(settings);
  const { position } = lines;
  const output = new RecordOutput(settings, lines.reader.scanner);
  const strings = new StringBytes();
  const filtered = () => ({ kind: 'filtered', lineNumber: position.lineNumber }) as const;
  const parsed = (line: RecordLine | OtherLine, message: MessageContext | undefined, json?: 'json') =>
    !isRecord(line) ? line : output.passes(line) ? output.result(line, position.lineNumber, message, json) : filtered();
  const written = (line: RecordLine | OtherLine, message: MessageContext | undefined, out: NdjsonWriter) =>
    !isRecord(line) ? line : output.passes(line) ? output.written(line, position.lineNumber, message, out) : filtered();
  // Encoded first: encoding may grow the buffer.
  function fromString(line: string, message?: MessageContext | null) {
    const length = strings.encode(line);
    return lines.read(strings.bytes, 0, length, line, message);
  }
  const fromMessage = (text: string, context: MessageContext | undefined) =>
    fromString(trimNewline(text), context ?? null);

  return {
    parse: line => parsed(fromString(line), undefined),
    parseToJson: line => parsed(fromString(line), undefined, 'json') as FlowLogParseResult<string>,
    parseBytes: (bytes, start, end) =>
      parsed(lines.read(bytes, start, dropCarriageReturn(bytes, start, end)), undefined),
    parseBytesInto: (bytes, start, end, out) =>
      written(lines.read(bytes, start, dropCarriageReturn(bytes, start, end)), undefined, out),
    parseMessage: (message, context) => parsed(fromMessage(message, context), context),
    parseMessageInto: (message, context, out) => written(fromMessage(message, context), context, out),
    useHeader(header) {
      const line = fromString(header);
      const result = isRecord(line)
        ? lines.invalid(new FlowLogParseError('unknown-layout', 'The column names are not a header.', { raw: header }))
        : line;
      // A header that is no line of the input.
      position.lineNumber--;
      return result;
    },
    invalidLine(error) {
      position.lineNumber++;
      return lines.invalid(error);
    },
    get lineNumber() {
      return position.lineNumber;
    },
    get format() {
      return position.format;
    },
    reset: () => position.reset(),
    checkpoint: () => position.checkpoint(),
    restore: checkpoint => position.restore(checkpoint),
  };
}

function trimNewline(message: string): string {
  if (message.endsWith('\r\n')) return message.slice(0, -2);
  return message.endsWith('\n') ? message.slice(0, -1) : message;
}

const dropCarriageReturn = (bytes: Uint8Array, start: number, end: number) =>
  end > start && bytes[end - 1] === 13 ? end - 1 : end;
