import type { FlowLogEvent } from '@flowecs/ecs-types';
import type { fieldWords } from './flow-log-fields';
import type { FlowLogOrigin } from './flow-log-origin';
import type { FlowLogParseError } from './flow-log-parse-error';
import type { FlowLogRecord } from './flow-log-record';
import type { NdjsonWriter } from './ndjson-writer';
import type { FlowLogFormat } from './parse-format';

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
  /** A valid record the `filter` option dropped. */
  | { readonly kind: 'filtered'; readonly lineNumber: number }
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

/** A record's `log-status` word. */
export type LogStatus = (typeof fieldWords.status)[number];

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
