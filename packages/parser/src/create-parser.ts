import type { ExtendedFlowLogEvent, FlowLogEvent } from '@flowecs/ecs-types';
import { createLayout, type FlowLogLayout } from './flow-log-layout';
import { FlowLogParseError } from './flow-log-parse-error';
import type { FlowLogOrigin } from './flow-log-origin';
import type { FlowLogRecord, RecordContext } from './flow-log-record';
import type { FlowLogFormat } from './parse-format';
import type { NdjsonWriter } from './ndjson-writer';
import { parseLine, type LineOutcome, type RejectedLayout } from './parse-line';
import { serializeWith, writeMapped } from './serialize-record';
import { readStandardFields, writeStandardBytes } from './write-standard-bytes';
import { resolveOptions, type FlowLogParserOptions } from './resolve-options';

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
  | { readonly kind: 'event'; readonly lineNumber: number; readonly status: 'OK' | 'NODATA' | 'SKIPDATA' | undefined; readonly unknownKeys: number }
  | Exclude<FlowLogParseResult<undefined>, { kind: 'event' }>;

/** What a delivery knows of one record it carries (see `parseMessage`). */
export interface MessageContext {
  /** The delivery's time for the record, epoch milliseconds: `@timestamp` when the record has neither `start` nor `end`. */
  readonly eventTime?: number | undefined;
  /** Added to (and over) the parser's `origin`: a CloudWatch Logs envelope's group and stream. */
  readonly origin?: FlowLogOrigin | undefined;
}

const statusNames = [undefined, 'OK', 'NODATA', 'SKIPDATA'] as const;
const decoder = new TextDecoder();
const encoder = new TextEncoder();

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
  /** Lines seen so far (the number of the last line). */
  readonly lineNumber: number;
  /** The current layout: from the last header, else the `format` option (undefined after a header that could not be used). */
  readonly format: FlowLogFormat | undefined;
  /** Forgets headers and line numbers, as for a new file. */
  reset(): void;
}

function trimNewline(message: string): string {
  if (message.endsWith('\r\n')) return message.slice(0, -2);
  return message.endsWith('\n') ? message.slice(0, -1) : message;
}

function isRejected(layout: FlowLogLayout | RejectedLayout | undefined): layout is RejectedLayout {
  return layout !== undefined && 'rejectedAt' in layout;
}

/**
 * A parser for a sequence of lines, such as one S3 object. A header line sets
 * the layout for the lines after it (concatenated files repeat it, possibly
 * with another format); before any header the `format` option applies, and
 * without one the published layouts are recognised by field count.
 */
export function createParser(options: FlowLogParserOptions & { readonly profile: 'extended' }): FlowLogParser<ExtendedFlowLogEvent>;
export function createParser(options?: FlowLogParserOptions): FlowLogParser;
export function createParser(options?: FlowLogParserOptions): FlowLogParser<FlowLogEvent | ExtendedFlowLogEvent> {
  const settings = resolveOptions(options);
  let lineNumber = 0;
  let format = settings.format;
  // After a header that could not be used, no layout at all: a record is never
  // read with a layout its file did not declare.
  let layout: FlowLogLayout | RejectedLayout | undefined = settings.layout;
  // Concatenated files repeat the same header: reuse its compiled layout.
  const layouts = new Map<string, FlowLogLayout>();

  // The byte lane writes the origin's account for records without one.
  const originAccount = settings.origin?.accountId === undefined ? undefined : encoder.encode(settings.origin.accountId);
  // Messages: one encoding buffer, grown when needed.
  let scratch = new Uint8Array(4096);

  /** What the mapping knows besides the record, or undefined when nothing. */
  function contextOf(outcome: Extract<LineOutcome, { kind: 'record' }>, extra: MessageContext | undefined): RecordContext | undefined {
    const eventTime = outcome.eventTime ?? extra?.eventTime;
    const origin = extra?.origin === undefined ? settings.origin : { ...settings.origin, ...extra.origin };
    if (outcome.unknown === undefined && eventTime === undefined && origin === undefined) return undefined;
    return { unknown: outcome.unknown, eventTime, origin };
  }

  function step<Event>(
    line: string,
    toEvent: (record: FlowLogRecord, message: string, context: RecordContext | undefined) => Event,
    message?: MessageContext | null,
  ): FlowLogParseResult<Event> {
    lineNumber++;
    try {
      // `message` (even null): one record delivered on its own, never a header.
      const outcome = parseLine(line, layout, settings.maxLineLength, message !== undefined);
      switch (outcome.kind) {
        case 'record': {
          const event = toEvent(outcome.record, outcome.message, contextOf(outcome, message ?? undefined));
          return { kind: 'event', lineNumber, event, record: outcome.record, unknownKeys: outcome.unknownKeys };
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
          return { kind: 'header', lineNumber, format, unknownFields: outcome.unknownFields };
        }
        case 'blank':
          if (message !== undefined) throw new FlowLogParseError('empty-record', 'The record is empty.', { raw: line });
          return { kind: 'blank', lineNumber };
      }
    } catch (error) {
      if (!(error instanceof FlowLogParseError)) throw error;
      if (error.code === 'invalid-header') {
        layout = { rejectedAt: lineNumber };
        format = undefined;
      }
      error.lineNumber = lineNumber;
      return { kind: 'invalid', lineNumber, error };
    }
  }

  const writeLine = (record: FlowLogRecord, message: string, context: RecordContext | undefined, out: NdjsonWriter) => {
    writeMapped(settings.map, record, message, context, out);
    out.reserve(1);
    out.bytes[out.length++] = 10;
  };

  /** The byte lane, then the text lane: NDJSON for one line or message. */
  function into(bytes: Uint8Array, start: number, end: number, out: NdjsonWriter, message?: MessageContext | null): FlowLogBytesResult {
    if (end > start && bytes[end - 1] === 13) end--;
    if (settings.profile === 'standard' && end - start <= settings.maxLineLength && !isRejected(layout)) {
      const account = message?.origin?.accountId === undefined ? originAccount : encoder.encode(message.origin.accountId);
      const status = writeStandardBytes(bytes, start, end, layout, out, account, message?.eventTime);
      if (status >= 0) {
        lineNumber++;
        return { kind: 'event', lineNumber, status: statusNames[status], unknownKeys: layout?.unknownCount ?? 0 };
      }
    }
    const result = step(
      decoder.decode(bytes.subarray(start, end)),
      (record, text, context) => {
        writeLine(record, text, context, out);
        return undefined;
      },
      message,
    );
    if (result.kind !== 'event') return result;
    return { kind: 'event', lineNumber: result.lineNumber, status: result.record['log_status'] as 'OK' | 'NODATA' | 'SKIPDATA' | undefined, unknownKeys: result.unknownKeys };
  }

  const map = (record: FlowLogRecord, message: string, context: RecordContext | undefined) => settings.map(record, message, context);

  return {
    parse: line => step(line, map),
    parseBytes(bytes, start, end) {
      if (end > start && bytes[end - 1] === 13) end--;
      if (settings.profile === 'standard' && end - start <= settings.maxLineLength && !isRejected(layout)) {
        const fields = readStandardFields(bytes, start, end, layout);
        if (fields !== undefined) {
          lineNumber++;
          const context = settings.origin === undefined ? undefined : { origin: settings.origin };
          return { kind: 'event', lineNumber, event: settings.map(fields.record, fields.message, context), record: fields.record, unknownKeys: layout?.unknownCount ?? 0 };
        }
      }
      return step(decoder.decode(bytes.subarray(start, end)), map);
    },
    parseBytesInto: (bytes, start, end, out) => into(bytes, start, end, out),
    parseMessage: (message, context) => step(trimNewline(message), map, context ?? null),
    parseMessageInto(message, context, out) {
      const text = trimNewline(message);
      // Room for the worst case (3 bytes per UTF-16 unit), then one encoding.
      if (scratch.length < text.length * 3) scratch = new Uint8Array(text.length * 3);
      const { written } = encoder.encodeInto(text, scratch);
      return into(scratch, 0, written, out, context ?? null);
    },
    parseToJson: line => step(line, (record, message, context) => serializeWith(settings.map, record, message, context)),
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
    },
  };
}
