import type { ExtendedFlowLogEvent, FlowLogEvent } from '@flowecs/ecs-types';
import { createLayout, type FlowLogLayout } from './flow-log-layout';
import { FlowLogParseError } from './flow-log-parse-error';
import type { FlowLogRecord } from './flow-log-record';
import type { FlowLogFormat } from './parse-format';
import type { NdjsonWriter } from './ndjson-writer';
import { parseLine } from './parse-line';
import { serializeWith } from './serialize-record';
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
  | { readonly kind: 'header'; readonly lineNumber: number; readonly format: FlowLogFormat }
  | { readonly kind: 'blank'; readonly lineNumber: number }
  | { readonly kind: 'invalid'; readonly lineNumber: number; readonly error: FlowLogParseError };

export interface FlowLogParser<Event = FlowLogEvent> {
  /** Parses the next line. Never throws for bad input: it returns `invalid`. */
  parse(line: string): FlowLogParseResult<Event>;
  /**
   * The same, with the event as its JSON text: exactly `JSON.stringify` of
   * what `parse` gives, written without building the object (standard profile).
   */
  parseToJson(line: string): FlowLogParseResult<string>;
  /**
   * The fastest form: appends the event's JSON text and a newline to `out`,
   * and returns the result with `event` undefined. For NDJSON output.
   */
  parseInto(line: string, out: NdjsonWriter): FlowLogParseResult<undefined>;
  /** Lines seen so far (the number of the last line). */
  readonly lineNumber: number;
  /** The current layout: from the last header, else the `format` option. */
  readonly format: FlowLogFormat | undefined;
  /** Forgets headers and line numbers, as for a new file. */
  reset(): void;
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
  let layout: FlowLogLayout | undefined = settings.layout;
  // Concatenated files repeat the same header: reuse its compiled layout.
  const layouts = new Map<string, FlowLogLayout>();

  function step<Event>(line: string, toEvent: (record: FlowLogRecord, message: string) => Event): FlowLogParseResult<Event> {
    lineNumber++;
    try {
      const outcome = parseLine(line, layout, settings.maxLineLength);
      switch (outcome.kind) {
        case 'record':
          return { kind: 'event', lineNumber, event: toEvent(outcome.record, outcome.message), record: outcome.record, unknownKeys: outcome.unknownKeys };
        case 'header': {
          const key = outcome.format.join(' ');
          let next = layouts.get(key);
          if (next === undefined) {
            next = createLayout(outcome.format);
            layouts.set(key, next);
          }
          layout = next;
          format = outcome.format;
          return { kind: 'header', lineNumber, format };
        }
        case 'blank':
          return { kind: 'blank', lineNumber };
      }
    } catch (error) {
      if (!(error instanceof FlowLogParseError)) throw error;
      error.lineNumber = lineNumber;
      return { kind: 'invalid', lineNumber, error };
    }
  }

  return {
    parse: line => step(line, settings.map),
    parseToJson: line => step(line, (record, message) => serializeWith(settings.write, record, message)),
    parseInto: (line, out) =>
      step(line, (record, message) => {
        settings.write(record, message, out);
        out.reserve(1);
        out.bytes[out.length++] = 10;
        return undefined;
      }),
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
