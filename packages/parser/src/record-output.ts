import { ABSENT, decodeRange, wordOf } from './byte-tokens';
import type { LogStatus, MessageContext } from './flow-log-parser';
import { typeCodes } from './flow-log-layout';
import type { FlowLogOrigin } from './flow-log-origin';
import type { FlowLogRecord, RecordContext, UnknownFields } from './flow-log-record';
import { TimestampCache } from './format-timestamp';
import type { RecordLine, TextRecord } from './line-reader';
import { FlowLogParseError } from './flow-log-parse-error';
import { MappingRefusal, mapWithProfile, type RecordMapper } from './map-with-profile';
import { TemplateWriter } from './ndjson-template';
import type { NdjsonWriter } from './ndjson-writer';
import { NON_ASCII, type RecordScanner } from './record-scanner';
import type { ResolvedOptions } from './resolve-options';
import type { TemplateContext } from './template-parts';
import type { FlowLogFilter } from './filter/parse-filter';
import { matchesFilter } from './filter/matches-filter';
import { LayoutFields } from './layout-fields';

/** A record as the mapping's input. */
export interface DecodedRecord {
  readonly record: FlowLogRecord;
  readonly message: string;
  readonly unknown: UnknownFields | undefined;
  readonly listed: ReadonlySet<string>;
}

/**
 * A parser's outputs for the record just read: its decoded fields, its event
 * as an object or JSON text, or its NDJSON line. Text records go to NDJSON by
 * templates derived from the profile (ndjson-template.ts), the rest by
 * JSON.stringify of the object: the same bytes either way.
 */
export class RecordOutput {
  readonly #scanner: RecordScanner;
  readonly #map: RecordMapper;
  readonly #templates: TemplateWriter;
  readonly #origin: FlowLogOrigin | undefined;
  readonly #plain: TemplateContext;
  readonly #filter: FlowLogFilter | undefined;
  readonly #filterFields: LayoutFields | undefined;
  // A batch's records share their origin: merged with the parser's once.
  #lastOrigin: FlowLogOrigin | undefined;
  #lastMerged: FlowLogOrigin | undefined;

  constructor(settings: ResolvedOptions, scanner: RecordScanner) {
    const timestamps = new TimestampCache(settings.profile.timestampPrecision);
    this.#scanner = scanner;
    this.#map = mapWithProfile(settings.profile, timestamps);
    this.#templates = new TemplateWriter(settings.profile, timestamps);
    this.#origin = settings.origin;
    this.#plain = { eventTime: undefined, origin: settings.origin };
    this.#filter = settings.filter;
    this.#filterFields = settings.filter && new LayoutFields(settings.filter.keys);
  }

  /** Whether the record passes the `filter` option: a text record decodes only the fields it reads. */
  passes(line: RecordLine): boolean {
    const filter = this.#filter;
    if (filter === undefined) return true;
    if (line.kind === 'json') return matchesFilter(filter.tree, line.record);
    const { bytes, layout } = line;
    return matchesFilter(filter.tree, this.#scanner.toPartialRecord(bytes, layout, this.#filterFields!.of(layout)));
  }

  /** The delivery's time and origin for a record (a message's origin added to the parser's). */
  context(line: RecordLine, message: MessageContext | undefined): TemplateContext {
    const eventTime = line.eventTime ?? message?.eventTime;
    const origin = message?.origin;
    if (eventTime === undefined && origin === undefined) return this.#plain;
    if (origin !== undefined && origin !== this.#lastOrigin) {
      this.#lastOrigin = origin;
      this.#lastMerged = { ...this.#origin, ...origin };
    }
    return { eventTime, origin: origin === undefined ? this.#origin : this.#lastMerged };
  }

  /** The record's fields, text and unknown fields. */
  decode(line: RecordLine): DecodedRecord {
    if (line.kind === 'json') return line;
    const { bytes, start, end, layout } = line;
    const message = line.text ?? decodeRange(bytes, start, end, (this.#scanner.flags & NON_ASCII) === 0);
    const unknown: [string, string][] | undefined = layout.unknownCount === 0 ? undefined : [];
    const record = this.#scanner.toRecord(bytes, start, message, layout, unknown);
    const known = unknown === undefined || unknown.length === 0 ? undefined : unknown;
    return { record, message, unknown: known, listed: layout.listed };
  }

  /** The profile's event for a decoded record. */
  event({ record, message, unknown, listed }: DecodedRecord, context: TemplateContext): unknown {
    const { eventTime, origin } = context;
    const known: RecordContext | undefined =
      unknown === undefined && eventTime === undefined && origin === undefined
        ? undefined
        : { unknown, eventTime, origin };
    return this.#map(record, message, known, undefined, listed);
  }

  /** The event's JSON text. */
  readonly json = (line: RecordLine, context: TemplateContext): string =>
    JSON.stringify(this.event(this.decode(line), context));

  /** Appends the event's NDJSON line to `out`. */
  ndjson(line: RecordLine, context: TemplateContext, out: NdjsonWriter): void {
    // Templates copy the message as it is: not with a line terminator (JSON escapes it).
    if (line.kind === 'text' && line.layout.unknownCount === 0 && line.bytes[line.end - 1]! > 13) {
      if (this.#templates.write(line, this.#scanner, context, out, this.json)) return;
    }
    out.text(this.json(line, context));
    out.reserve(1);
    out.bytes[out.length++] = 10;
  }

  /** A record's parse result, its event as an object (or, `json`, as its JSON text); refused, its error. */
  result(line: RecordLine, lineNumber: number, message: MessageContext | undefined, json?: 'json') {
    const decoded = this.decode(line);
    let object: unknown;
    try {
      object = this.event(decoded, this.context(line, message));
    } catch (error) {
      return refused(error, decoded.message, lineNumber);
    }
    const event = json === undefined ? object : JSON.stringify(object);
    return { kind: 'event', lineNumber, event, record: decoded.record, unknownKeys: unknownKeys(line) } as const;
  }

  /** A record's result with its event appended to `out` as an NDJSON line; refused, its error (nothing written). */
  written(line: RecordLine, lineNumber: number, message: MessageContext | undefined, out: NdjsonWriter) {
    const status = this.status(line);
    try {
      this.ndjson(line, this.context(line, message), out);
    } catch (error) {
      return refused(error, this.decode(line).message, lineNumber);
    }
    return { kind: 'event', lineNumber, status, unknownKeys: unknownKeys(line) } as const;
  }

  /** The record's log status (read before any output: the scanner holds this record's values). */
  status(line: RecordLine): LogStatus | undefined {
    if (line.kind === 'json') return line.record['log_status'] as LogStatus | undefined;
    const field = (line as TextRecord).layout.statusField;
    const code = field < 0 ? ABSENT : this.#scanner.values[field]!;
    return code === ABSENT ? undefined : (wordOf(typeCodes.status, code) as LogStatus);
  }
}

/** A mapping's refusal as the line's error (anything else thrown is a bug: thrown on). */
function refused(error: unknown, raw: string, lineNumber: number) {
  if (!(error instanceof MappingRefusal)) throw error;
  const refusal = new FlowLogParseError('unmappable-record', error.reason, { raw, lineNumber });
  return { kind: 'invalid', lineNumber, error: refusal } as const;
}

/** JSON keys, or header fields, that name no known field. */
const unknownKeys = (line: RecordLine) => (line.kind === 'json' ? line.unknownKeys : line.layout.unknownCount);
