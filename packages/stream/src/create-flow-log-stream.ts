import { Transform, type TransformCallback } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import {
  NdjsonWriter,
  createLineTooLongError,
  createParser,
  type FlowLogEvent,
  type FlowLogParseError,
  type FlowLogParseResult,
  type FlowLogParser,
  type FlowLogParserOptions,
} from '@flowecs/parser';

/** What to do with a line that is not a valid record. */
export type InvalidLinePolicy =
  /** Emit an `'invalid'` event with the error and go on (the default). */
  | 'emit'
  /** Count it in `stats().invalid` and go on. */
  | 'skip'
  /** Fail the stream with the error. */
  | 'error'
  /** Call the function and go on; if it throws, the stream fails with that error. */
  | ((error: FlowLogParseError) => void);

export interface FlowLogStreamOptions extends Omit<FlowLogParserOptions, 'maxLineLength'> {
  /** `'objects'` (the default): ECS event objects; `'ndjson'`: one JSON text line per event. `profile: 'extended'` gives the extended events. */
  readonly output?: 'objects' | 'ndjson' | undefined;
  /** Longest line, in characters, before it is one `line-too-long` record. Default 1 MiB. */
  readonly maxLineLength?: number | undefined;
  readonly onInvalid?: InvalidLinePolicy | undefined;
  /** Where the input comes from (a file name), carried into errors. */
  readonly source?: string | undefined;
  readonly readableHighWaterMark?: number | undefined;
  readonly writableHighWaterMark?: number | undefined;
}

export interface FlowLogStreamStats {
  /** Every line read: lines = events + headers + blanks + invalid. */
  lines: number;
  events: number;
  headers: number;
  blanks: number;
  invalid: number;
  /** Bytes written into the stream. */
  bytesIn: number;
  /** Events per log status; `none` counts records without a `log-status` field. */
  eventsByStatus: { ok: number; nodata: number; skipdata: number; none: number };
  /** JSON keys that name no flow-log field: ignored, and counted here. */
  unknownKeys: number;
}

export const DEFAULT_MAX_LINE_LENGTH = 1024 * 1024;

const BYTE_ORDER_MARK = 0xfeff;
const LINE_PREVIEW_LENGTH = 1024;
// NDJSON leaves in batches of about this many bytes: one push per line
// costs more than the parsing, and one push per chunk could grow without bound.
const BATCH_LENGTH = 16 * 1024;

/**
 * A `Transform` from flow-log text (bytes or strings, in any chunking) to ECS
 * events (object mode) or NDJSON text. Lines end in LF or CRLF; a final line
 * without a newline is parsed; a UTF-8 BOM at the start is dropped. Header
 * lines switch the layout, so concatenated S3 objects parse. Every line is
 * accounted for in `stats()`; invalid ones follow `onInvalid`.
 *
 * Events: `'invalid'` (FlowLogParseError) per the policy, `'header'`
 * (format, lineNumber) for each header line.
 */
export function createFlowLogStream(options: FlowLogStreamOptions = {}): FlowLogStream {
  return new FlowLogStream(options);
}

export class FlowLogStream extends Transform {
  readonly #parser: FlowLogParser;
  readonly #decoder = new StringDecoder('utf8');
  readonly #ndjson: boolean;
  readonly #maxLineLength: number;
  readonly #onInvalid: InvalidLinePolicy;
  readonly #source: string | undefined;
  readonly #stats: FlowLogStreamStats = {
    lines: 0, events: 0, headers: 0, blanks: 0, invalid: 0, bytesIn: 0,
    eventsByStatus: { ok: 0, nodata: 0, skipdata: 0, none: 0 },
    unknownKeys: 0,
  };
  #lineNumber = 0;
  #started = false;
  /** The start of a line whose end has not arrived yet. */
  #partial = '';
  /** An over-long line being skipped: its start and length so far. */
  #overflow: { start: string; length: number } | undefined;
  /** Text of the current chunk still to split, and the write callback to call when done. */
  #text = '';
  #position = 0;
  #callback: TransformCallback | undefined;
  /** Set when the invalid-line policy fails the stream. */
  #failure: Error | undefined;
  /** NDJSON lines waiting to be pushed together. */
  readonly #batch = new NdjsonWriter(BATCH_LENGTH * 2);

  constructor(options: FlowLogStreamOptions) {
    const ndjson = options.output === 'ndjson';
    if (options.output !== undefined && options.output !== 'objects' && !ndjson) {
      throw new RangeError(`output must be "objects" or "ndjson", not ${JSON.stringify(options.output)}.`);
    }
    const onInvalid = options.onInvalid ?? 'emit';
    if (typeof onInvalid !== 'function' && !['emit', 'skip', 'error'].includes(onInvalid)) {
      throw new RangeError(`onInvalid must be "emit", "skip", "error" or a function, not ${JSON.stringify(onInvalid)}.`);
    }
    const maxLineLength = options.maxLineLength ?? DEFAULT_MAX_LINE_LENGTH;
    if (!(maxLineLength > 0)) throw new RangeError(`maxLineLength must be a positive number, not ${String(options.maxLineLength)}.`);
    super({
      readableObjectMode: !ndjson,
      decodeStrings: false,
      ...(options.readableHighWaterMark === undefined ? {} : { readableHighWaterMark: options.readableHighWaterMark }),
      ...(options.writableHighWaterMark === undefined ? {} : { writableHighWaterMark: options.writableHighWaterMark }),
    });
    this.#parser = createParser({ format: options.format, profile: options.profile, maxLineLength });
    this.#ndjson = ndjson;
    this.#maxLineLength = maxLineLength;
    this.#onInvalid = onInvalid;
    this.#source = options.source;
  }

  /** Counts so far. A copy: later lines do not change it. */
  stats(): FlowLogStreamStats {
    return { ...this.#stats, eventsByStatus: { ...this.#stats.eventsByStatus } };
  }

  override _transform(chunk: Buffer | string, _encoding: BufferEncoding, callback: TransformCallback): void {
    let text: string;
    if (typeof chunk === 'string') {
      this.#stats.bytesIn += Buffer.byteLength(chunk);
      text = this.#decoder.end() + chunk;
    } else {
      this.#stats.bytesIn += chunk.length;
      text = this.#decoder.write(chunk);
    }
    if (!this.#started && text.length > 0) {
      this.#started = true;
      if (text.charCodeAt(0) === BYTE_ORDER_MARK) text = text.slice(1);
    }
    this.#text = text;
    this.#position = 0;
    this.#callback = callback;
    this.#drain();
  }

  override _flush(callback: TransformCallback): void {
    const rest = this.#decoder.end();
    if (this.#overflow !== undefined) {
      this.#overflow.length += rest.length;
      if (!this.#rejectOverflow()) return callback(this.#failure);
    } else {
      const line = this.#partial + rest;
      this.#partial = '';
      // A final line without a newline is still a line.
      if (line.length > 0 && !this.#handle(line) && this.#failure !== undefined) return callback(this.#failure);
    }
    this.#pushBatch();
    callback();
  }

  // The readable side wants more: resume the chunk we paused on. Once it is
  // done, let Transform release the writer too: its write callback may have
  // been parked, and a _read that pushes nothing is not called again.
  override _read(size: number): void {
    if (this.#callback !== undefined) this.#drain();
    if (this.#callback === undefined) super._read(size);
  }

  /** Splits and parses lines of the current chunk until done or the reader is full. */
  #drain(): void {
    const text = this.#text;
    while (this.#callback !== undefined) {
      if (this.#overflow !== undefined) {
        const newline = text.indexOf('\n', this.#position);
        if (newline === -1) {
          this.#overflow.length += text.length - this.#position;
          this.#position = text.length;
        } else {
          this.#overflow.length += newline - this.#position;
          this.#position = newline + 1;
          const accepted = this.#rejectOverflow();
          if (this.#failure !== undefined) return this.#finish(this.#failure);
          if (!accepted) return;
          continue;
        }
      }
      const newline = text.indexOf('\n', this.#position);
      if (newline === -1) {
        const rest = this.#partial + text.slice(this.#position);
        this.#position = text.length;
        if (rest.length > this.#maxLineLength) {
          this.#partial = '';
          // Keep only the start: an over-long line is never buffered whole.
          this.#overflow = { start: rest.slice(0, LINE_PREVIEW_LENGTH), length: rest.length };
        } else {
          this.#partial = rest;
        }
        return this.#finish();
      }
      const line = this.#partial + text.slice(this.#position, newline);
      this.#partial = '';
      this.#position = newline + 1;
      const accepted = this.#handle(line);
      if (this.#failure !== undefined) return this.#finish(this.#failure);
      if (!accepted) return;
    }
  }

  #finish(error?: Error): void {
    if (error === undefined) this.#pushBatch();
    const callback = this.#callback;
    this.#callback = undefined;
    this.#text = '';
    callback?.(error);
  }

  /** Parses one line (without its newline). Returns false when the reader is full. */
  #handle(rawLine: string): boolean {
    const line = rawLine.charCodeAt(rawLine.length - 1) === 13 ? rawLine.slice(0, -1) : rawLine;
    this.#lineNumber++;
    this.#stats.lines++;
    if (this.#ndjson) {
      const result = this.#parser.parseInto(line, this.#batch);
      if (result.kind !== 'event') return this.#account(result);
      this.#stats.events++;
      this.#stats.unknownKeys += result.unknownKeys;
      this.#countStatusText(result.record['log_status']);
      return this.#batch.length < BATCH_LENGTH || this.#pushBatch();
    }
    const result = this.#parser.parse(line);
    if (result.kind !== 'event') return this.#account(result);
    this.#stats.events++;
    this.#stats.unknownKeys += result.unknownKeys;
    this.#countStatus(result.event);
    return this.push(result.event);
  }

  /** Pushes the pending NDJSON batch; false when the reader is full. */
  #pushBatch(): boolean {
    if (this.#batch.length === 0) return true;
    // Buffer.from copies into unpooled memory without zero-filling it first.
    const chunk = Buffer.from(this.#batch.view());
    this.#batch.clear();
    return this.push(chunk);
  }

  /** Headers, blanks and invalid lines: counted, and reported as the policy says. */
  #account(result: Exclude<FlowLogParseResult<unknown>, { kind: 'event' }>): boolean {
    switch (result.kind) {
      case 'header':
        this.#stats.headers++;
        this.emit('header', result.format, this.#lineNumber);
        return true;
      case 'blank':
        this.#stats.blanks++;
        return true;
      case 'invalid':
        return this.#invalid(result.error);
    }
  }

  #rejectOverflow(): boolean {
    const overflow = this.#overflow!;
    this.#overflow = undefined;
    this.#lineNumber++;
    this.#stats.lines++;
    return this.#invalid(createLineTooLongError(overflow.start, overflow.length, this.#maxLineLength));
  }

  #invalid(error: FlowLogParseError): boolean {
    this.#stats.invalid++;
    error.lineNumber = this.#lineNumber;
    if (this.#source !== undefined) error.source = this.#source;
    const policy = this.#onInvalid;
    if (policy === 'skip') return true;
    if (policy === 'emit') {
      this.emit('invalid', error);
      return true;
    }
    if (policy === 'error') {
      this.#failure = error;
      return false;
    }
    try {
      policy(error);
      return true;
    } catch (thrown) {
      this.#failure = thrown instanceof Error ? thrown : new Error(String(thrown));
      return false;
    }
  }

  #countStatusText(status: unknown): void {
    const byStatus = this.#stats.eventsByStatus;
    if (status === 'OK') byStatus.ok++;
    else if (status === 'NODATA') byStatus.nodata++;
    else if (status === 'SKIPDATA') byStatus.skipdata++;
    else byStatus.none++;
  }

  #countStatus(event: FlowLogEvent): void {
    const outcome = event.event.outcome;
    const byStatus = this.#stats.eventsByStatus;
    if (outcome === undefined) byStatus.none++;
    else byStatus[outcome]++;
  }
}
