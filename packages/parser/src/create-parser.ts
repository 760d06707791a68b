import type { ExtendedFlowLogEvent, FlowLogEvent } from '@flowecs/ecs-types';
import { createLayout, type FlowLogLayout } from './flow-log-layout';
import { FlowLogParseError } from './flow-log-parse-error';
import type { FlowLogRecord, UnknownFields } from './flow-log-record';
import type { FlowLogFormat } from './parse-format';
import type { NdjsonWriter } from './ndjson-writer';
import { parseLine, type RejectedLayout } from './parse-line';
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

const statusNames = [undefined, 'OK', 'NODATA', 'SKIPDATA'] as const;
const decoder = new TextDecoder();

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
  /** Lines seen so far (the number of the last line). */
  readonly lineNumber: number;
  /** The current layout: from the last header, else the `format` option (undefined after a header that could not be used). */
  readonly format: FlowLogFormat | undefined;
  /** Forgets headers and line numbers, as for a new file. */
  reset(): void;
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

  function step<Event>(line: string, toEvent: (record: FlowLogRecord, message: string, unknown: UnknownFields | undefined) => Event): FlowLogParseResult<Event> {
    lineNumber++;
    try {
      const outcome = parseLine(line, layout, settings.maxLineLength);
      switch (outcome.kind) {
        case 'record':
          return { kind: 'event', lineNumber, event: toEvent(outcome.record, outcome.message, outcome.unknown), record: outcome.record, unknownKeys: outcome.unknownKeys };
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

  const writeLine = (record: FlowLogRecord, message: string, unknown: UnknownFields | undefined, out: NdjsonWriter) => {
    writeMapped(settings.map, record, message, unknown, out);
    out.reserve(1);
    out.bytes[out.length++] = 10;
  };

  return {
    parse: line => step(line, settings.map),
    parseBytes(bytes, start, end) {
      if (end > start && bytes[end - 1] === 13) end--;
      if (settings.profile === 'standard' && end - start <= settings.maxLineLength && !isRejected(layout)) {
        const fields = readStandardFields(bytes, start, end, layout);
        if (fields !== undefined) {
          lineNumber++;
          return { kind: 'event', lineNumber, event: settings.map(fields.record, fields.message), record: fields.record, unknownKeys: layout?.unknownCount ?? 0 };
        }
      }
      return step(decoder.decode(bytes.subarray(start, end)), settings.map);
    },
    parseBytesInto(bytes, start, end, out) {
      if (end > start && bytes[end - 1] === 13) end--;
      if (settings.profile === 'standard' && end - start <= settings.maxLineLength && !isRejected(layout)) {
        const status = writeStandardBytes(bytes, start, end, layout, out);
        if (status >= 0) {
          lineNumber++;
          return { kind: 'event', lineNumber, status: statusNames[status], unknownKeys: layout?.unknownCount ?? 0 };
        }
      }
      const result = step(decoder.decode(bytes.subarray(start, end)), (record, message, unknown) => {
        writeLine(record, message, unknown, out);
        return undefined;
      });
      if (result.kind !== 'event') return result;
      return { kind: 'event', lineNumber: result.lineNumber, status: result.record['log_status'] as 'OK' | 'NODATA' | 'SKIPDATA' | undefined, unknownKeys: result.unknownKeys };
    },
    parseToJson: line => step(line, (record, message, unknown) => serializeWith(settings.map, record, message, unknown)),
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
