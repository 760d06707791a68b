import type { ExtendedFlowLogEvent, FlowLogEvent } from '@flowecs/ecs-types';
import { createLayout, type FlowLogLayout } from './flow-log-layout';
import { FlowLogParseError } from './flow-log-parse-error';
import type { FlowLogOrigin } from './flow-log-origin';
import type { FlowLogRecord, RecordContext, UnknownFields } from './flow-log-record';
import type { FlowLogFormat } from './parse-format';
import type { NdjsonWriter } from './ndjson-writer';
import { ABSENT, wordOf } from './byte-tokens';
import type { fieldWords } from './flow-log-fields';
import { typeCodes } from './flow-log-layout';
import { decodeRange, LineReader, type LineOutcome, type RejectedLayout } from './parse-line';
import { NON_ASCII } from './record-scanner';
import { describeValue } from './parse-format';
import { TemplateWriter, type TemplateContext } from './ndjson-template';
import { resolveOptions, type FlowLogParserOptions } from './resolve-options';
import { TimestampCache } from './format-timestamp';
import { mapWithProfile } from './map-with-profile';
import type { ProfileDefinition } from './define-profile';

/** What one line turned out to be. Every line gets exactly one result. */
export type FlowLogParseResult<Event = FlowLogEvent> =
  | {
      readonly kind: 'event';
      readonly lineNumber: number;
      readonly event: Event;
      /** The decoded fields, before mapping (every field, not only mapped ones). */
      readonly record: FlowLogRecord;
      /** JSON keys that name no flow-log field (ignored). */
      readonly unknownKeys: number;
    }
  | {
      readonly kind: 'header';
      readonly lineNumber: number;
      readonly format: FlowLogFormat;
      /** Names in the header that this release does not know (AWS added them later): their values are kept aside. */
      readonly unknownFields: readonly string[];
    }
  | { readonly kind: 'blank'; readonly lineNumber: number }
  | { readonly kind: 'invalid'; readonly lineNumber: number; readonly error: FlowLogParseError };

/** `parseBytesInto`'s result: an event carries its log status instead of its record. */
export type FlowLogBytesResult =
  | {
      readonly kind: 'event';
      readonly lineNumber: number;
      readonly status: LogStatus | undefined;
      readonly unknownKeys: number;
    }
  | Exclude<FlowLogParseResult<undefined>, { kind: 'event' }>;

/** What a delivery knows of one record it carries (see `parseMessage`). */
export interface MessageContext {
  /** The delivery's time for the record, epoch milliseconds: `@timestamp` when the record has neither `start` nor `end`. */
  readonly eventTime?: number | undefined;
  /** Added to (and over) the parser's `origin`: a CloudWatch Logs envelope's group and stream. */
  readonly origin?: FlowLogOrigin | undefined;
}

const encoder = new TextEncoder();
type LogStatus = (typeof fieldWords.status)[number];

export interface FlowLogParser<Event = FlowLogEvent> {
  /** Parses the next line. Never throws for bad input: it returns `invalid`. */
  parse(line: string): FlowLogParseResult<Event>;
  /** The same, with the event as its JSON text (`JSON.stringify` of what `parse` gives). */
  parseToJson(line: string): FlowLogParseResult<string>;
  /**
   * For NDJSON output, the fastest form: the line is `bytes[start, end)` of
   * UTF-8 input, without its newline (a trailing `\r` is dropped); the
   * event's JSON text and a newline are appended to `out`. Plain records
   * (standard profile) go from bytes to bytes without strings or objects; the
   * rest are decoded and parsed as text. The same bytes either way.
   */
  parseBytesInto(bytes: Uint8Array, start: number, end: number, out: NdjsonWriter): FlowLogBytesResult;
  /**
   * `parse` over UTF-8 bytes, `bytes[start, end)` without the newline. Plain
   * standard-profile records skip the text lane. The event result carries
   * the log status; `record` holds the fields the mapping read.
   */
  parseBytes(bytes: Uint8Array, start: number, end: number): FlowLogParseResult<Event>;
  /**
   * One record delivered on its own, such as a CloudWatch Logs event's
   * message or a Parquet row as text: never a header (`unexpected-header`),
   * with what the delivery knows of it. A trailing `\n` or `\r\n` is dropped.
   */
  parseMessage(message: string, context?: MessageContext): FlowLogParseResult<Event>;
  /** `parseMessage` for NDJSON output, as `parseBytesInto`. */
  parseMessageInto(message: string, context: MessageContext | undefined, out: NdjsonWriter): FlowLogBytesResult;
  /**
   * A header that is no line of the input, such as a Parquet file's column
   * names: sets the layout as a header line does, without counting a line.
   */
  useHeader(header: string): Exclude<FlowLogParseResult<never>, { kind: 'event' }>;
  /**
   * Counts a line that never reached the parser as invalid: one too long to
   * hold (`LineSplitter.tooLong`), or a record its delivery could not decode.
   * The parser's count is the only line count.
   */
  invalidLine(error: FlowLogParseError): Extract<FlowLogParseResult<never>, { kind: 'invalid' }>;
  /** Lines seen so far (the number of the last line). */
  readonly lineNumber: number;
  /** The current layout: from the last header, else the `format` option (undefined after a header that could not be used). */
  readonly format: FlowLogFormat | undefined;
  /** Forgets headers and line numbers, as for a new file. */
  reset(): void;
  /** Where the parser stands (line count and layout), to go on from there elsewhere: `restore`. */
  checkpoint(): ParserCheckpoint;
  /** Goes on from a checkpoint of a parser with the same options, as if it had read those lines. */
  restore(checkpoint: ParserCheckpoint): void;
}

/**
 * A parser's position in an input, as plain data (it crosses threads):
 * lines read, and the layout then in force: the options' (`initial`), a
 * header's field names, or none after a header that could not be used.
 */
export interface ParserCheckpoint {
  readonly lineNumber: number;
  readonly layout: 'initial' | { readonly header: readonly string[] } | { readonly rejectedAt: number };
}

function trimNewline(message: string): string {
  if (message.endsWith('\r\n')) return message.slice(0, -2);
  return message.endsWith('\n') ? message.slice(0, -1) : message;
}

type RecordOutcome = Extract<LineOutcome, { kind: 'json' | 'text' }>;

/**
 * A parser for a sequence of lines, such as one S3 object. A header line sets
 * the layout for the lines after it (concatenated files repeat it, possibly
 * with another format); before any header the `format` option applies, and
 * without one the published layouts are recognised by field count.
 *
 * Every entry point reads UTF-8 bytes (a string is encoded once) with the
 * parser's own scanner. Records become objects through the profile's mapping;
 * NDJSON output of text records is written by templates derived from
 * that mapping (ndjson-template.ts), and otherwise by JSON.stringify.
 */
export function createParser(
  options: FlowLogParserOptions & { readonly profile: 'extended' },
): FlowLogParser<ExtendedFlowLogEvent>;
export function createParser<Event>(
  options: FlowLogParserOptions & { readonly profile: ProfileDefinition<Event, any, any> },
): FlowLogParser<Event>;
export function createParser(options?: FlowLogParserOptions): FlowLogParser;
export function createParser(options?: FlowLogParserOptions): FlowLogParser<FlowLogEvent | ExtendedFlowLogEvent> {
  const settings = resolveOptions(options);
  const reader = new LineReader(settings.maxLineLength);
  const scanner = reader.scanner;
  const timestamps = new TimestampCache();
  const map = mapWithProfile(settings.profile, timestamps);
  const templates = new TemplateWriter(settings.profile, timestamps);
  let lineNumber = 0;
  let format = settings.format;
  // After a header that could not be used, no layout at all: a record is never
  // read with a layout its file did not declare.
  let layout: FlowLogLayout | RejectedLayout | undefined = settings.layout;
  // Where `layout` came from, for checkpoints.
  let layoutSource: ParserCheckpoint['layout'] = 'initial';
  // Concatenated files repeat the same header: reuse its compiled layout.
  const layouts = new Map<string, FlowLogLayout>();
  // Strings and messages: one encoding buffer, grown when needed.
  let scratch = new Uint8Array(4096);
  const plainContext: TemplateContext = { eventTime: undefined, origin: settings.origin };

  /** Encodes into `scratch` (grown when needed) and returns the length: read `scratch` after calling it. */
  function encode(text: string): number {
    if (typeof text !== 'string')
      throw new TypeError(`The parser reads a line of text (a string), not ${describeValue(text)}.`);
    if (scratch.length < text.length * 3) scratch = new Uint8Array(text.length * 3);
    return encoder.encodeInto(text, scratch).written;
  }

  // A batch's records share their origin: merged with the parser's once.
  let lastOrigin: FlowLogOrigin | undefined;
  let lastMerged: FlowLogOrigin | undefined;
  function mergedOrigin(origin: FlowLogOrigin): FlowLogOrigin {
    if (origin !== lastOrigin) {
      lastOrigin = origin;
      lastMerged = { ...settings.origin, ...origin };
    }
    return lastMerged!;
  }

  /** The delivery's time and origin for a record (a message's origin added to the parser's). */
  function templateContext(outcome: RecordOutcome, extra: MessageContext | undefined): TemplateContext {
    const eventTime = outcome.eventTime ?? extra?.eventTime;
    if (eventTime === undefined && extra?.origin === undefined) return plainContext;
    return { eventTime, origin: extra?.origin === undefined ? settings.origin : mergedOrigin(extra.origin) };
  }

  /** What the mapping knows besides the record, or undefined when nothing. */
  function contextOf(
    unknown: UnknownFields | undefined,
    { eventTime, origin }: TemplateContext,
  ): RecordContext | undefined {
    if (unknown === undefined && eventTime === undefined && origin === undefined) return undefined;
    return { unknown, eventTime, origin };
  }

  /** A record outcome as the mapping's input. */
  function recordOf(outcome: RecordOutcome): {
    record: FlowLogRecord;
    message: string;
    unknown: UnknownFields | undefined;
  } {
    if (outcome.kind === 'json') return outcome;
    const { bytes, start, end } = outcome;
    const message = outcome.text ?? decodeRange(bytes, start, end, (scanner.flags & NON_ASCII) === 0);
    const unknown: [string, string][] | undefined = outcome.layout.unknownCount === 0 ? undefined : [];
    const record = scanner.toRecord(bytes, start, message, outcome.layout, unknown);
    return { record, message, unknown: unknown === undefined || unknown.length === 0 ? undefined : unknown };
  }

  function step<Event>(
    bytes: Uint8Array,
    start: number,
    end: number,
    given: string | undefined,
    sink: (outcome: RecordOutcome, context: TemplateContext) => Event,
    message?: MessageContext | null,
  ): FlowLogParseResult<Event> {
    lineNumber++;
    try {
      // `message` (even null): one record delivered on its own, never a header.
      const outcome = reader.read(bytes, start, end, given, layout, message !== undefined);
      switch (outcome.kind) {
        case 'json':
        case 'text': {
          const event = sink(outcome, templateContext(outcome, message ?? undefined));
          const unknownKeys = outcome.kind === 'json' ? outcome.unknownKeys : outcome.layout.unknownCount;
          return { kind: 'event', lineNumber, event, record: lastRecord!, unknownKeys };
        }
        case 'header': {
          const key = outcome.format.join(' ');
          let next = layouts.get(key);
          if (next === undefined) {
            next = createLayout(outcome.format);
            layouts.set(key, next);
          }
          layout = next;
          format = outcome.format;
          layoutSource = { header: outcome.format };
          return { kind: 'header', lineNumber, format, unknownFields: outcome.unknownFields };
        }
        case 'blank':
          if (message !== undefined)
            throw new FlowLogParseError('empty-record', 'The record is empty.', {
              raw: given ?? decodeRange(bytes, start, end, false),
            });
          return { kind: 'blank', lineNumber };
      }
    } catch (error) {
      if (!(error instanceof FlowLogParseError)) throw error;
      if (error.code === 'invalid-header') {
        layout = { rejectedAt: lineNumber };
        format = undefined;
        layoutSource = layout;
      }
      error.lineNumber = lineNumber;
      return { kind: 'invalid', lineNumber, error };
    }
  }

  // The record the last object-path sink read (parse results carry it).
  let lastRecord: FlowLogRecord | undefined;
  const toEvent = (outcome: RecordOutcome, context: TemplateContext) => {
    const { record, message, unknown } = recordOf(outcome);
    lastRecord = record;
    return map(record, message, contextOf(unknown, context)) as FlowLogEvent | ExtendedFlowLogEvent;
  };
  const toJson = (outcome: RecordOutcome, context: TemplateContext) => JSON.stringify(toEvent(outcome, context));

  // NDJSON: the current line's output and outcome, for the sink below.
  let out: NdjsonWriter | undefined;
  let currentOutcome: RecordOutcome | undefined;
  let currentContext: TemplateContext = plainContext;
  const reference = () => toJson(currentOutcome!, currentContext);
  const toNdjson = (outcome: RecordOutcome, context: TemplateContext): undefined => {
    // NDJSON results carry no record: none is kept from an earlier line.
    lastRecord = undefined;
    currentOutcome = outcome;
    currentContext = context;
    // Templates copy the message as it is: not with a line terminator (JSON escapes it).
    if (outcome.kind === 'text' && outcome.layout.unknownCount === 0 && outcome.bytes[outcome.end - 1]! > 13) {
      if (templates.write(scanner, outcome.bytes, outcome.start, outcome.end, outcome.layout, context, out!, reference))
        return undefined;
    }
    out!.text(toJson(outcome, context));
    out!.reserve(1);
    out!.bytes[out!.length++] = 10;
    return undefined;
  };

  function into(
    bytes: Uint8Array,
    start: number,
    end: number,
    given: string | undefined,
    writer: NdjsonWriter,
    message?: MessageContext | null,
  ): FlowLogBytesResult {
    out = writer;
    const result = step(bytes, start, end, given, toNdjson, message);
    if (result.kind !== 'event') return result;
    return { kind: 'event', lineNumber: result.lineNumber, status: statusOf(), unknownKeys: result.unknownKeys };
  }

  /** The log status of the record just read. */
  function statusOf(): LogStatus | undefined {
    const outcome = currentOutcome;
    if (outcome === undefined) return undefined;
    if (outcome.kind === 'json') return outcome.record['log_status'] as LogStatus | undefined;
    const field = outcome.layout.statusField;
    const code = field < 0 ? ABSENT : scanner.values[field]!;
    return code === ABSENT ? undefined : (wordOf(typeCodes.status, code) as LogStatus);
  }

  const dropCarriageReturn = (bytes: Uint8Array, start: number, end: number) =>
    end > start && bytes[end - 1] === 13 ? end - 1 : end;

  return {
    parse(line) {
      const length = encode(line);
      return step(scratch, 0, length, line, toEvent);
    },
    parseBytes: (bytes, start, end) => step(bytes, start, dropCarriageReturn(bytes, start, end), undefined, toEvent),
    parseBytesInto: (bytes, start, end, writer) =>
      into(bytes, start, dropCarriageReturn(bytes, start, end), undefined, writer),
    parseMessage(message, context) {
      const text = trimNewline(message);
      const length = encode(text);
      return step(scratch, 0, length, text, toEvent, context ?? null);
    },
    parseMessageInto(message, context, writer) {
      const text = trimNewline(message);
      const length = encode(text);
      return into(scratch, 0, length, text, writer, context ?? null);
    },
    parseToJson(line) {
      const length = encode(line);
      return step(scratch, 0, length, line, toJson);
    },
    useHeader(header) {
      const length = encode(header);
      const result = step(scratch, 0, length, header, () => {
        throw new FlowLogParseError('unknown-layout', 'The column names are not a header.', { raw: header });
      });
      lineNumber--;
      return result as Exclude<FlowLogParseResult<never>, { kind: 'event' }>;
    },
    invalidLine(error) {
      error.lineNumber = ++lineNumber;
      return { kind: 'invalid', lineNumber, error };
    },
    get lineNumber() {
      return lineNumber;
    },
    get format() {
      return format;
    },
    reset() {
      lineNumber = 0;
      format = settings.format;
      layout = settings.layout;
      layoutSource = 'initial';
    },
    checkpoint() {
      return { lineNumber, layout: layoutSource };
    },
    restore(checkpoint) {
      lineNumber = checkpoint.lineNumber;
      layoutSource = checkpoint.layout;
      if (checkpoint.layout === 'initial') {
        format = settings.format;
        layout = settings.layout;
      } else if ('header' in checkpoint.layout) {
        format = checkpoint.layout.header;
        const key = format.join(' ');
        layout = layouts.get(key) ?? createLayout(format);
        layouts.set(key, layout);
      } else {
        format = undefined;
        layout = { rejectedAt: checkpoint.layout.rejectedAt };
      }
    },
  };
}
