import type { Readable, TransformCallback } from 'node:stream';
import { LineSplitter } from '@flowecs/parser/framing';
import { NdjsonWriter } from '@flowecs/parser/ndjson';
import {
  createParser,
  type FlowLogParseError,
  type FlowLogParseResult,
  type FlowLogParser,
  type ParserCheckpoint,
} from '@flowecs/parser';
import { checkStreamOptions, type FlowLogStreamOptions, type FlowLogStreamStats } from './flow-log-stream-options';
import { InvalidLineGate } from './invalid-line-gate';
import { StreamCounts } from './stream-counts';
import { isFlowLogRecords, type FlowLogRecords } from './flow-log-records';
import { HandOnTransform } from './hand-on-transform';
import { invalidChunkError, type FlowLogInputError } from './flow-log-input-error';
import { deferInputFailure, type DeferrableInput } from './open-flow-log-file';

export type { FlowLogStreamOptions, FlowLogStreamStats, InvalidLinePolicy } from './flow-log-stream-options';
export { DEFAULT_MAX_LINE_LENGTH } from './flow-log-stream-options';

// NDJSON leaves in batches of about this many bytes: one push per line
// costs more than the parsing, and one push per chunk could grow without bound.
const BATCH_LENGTH = 64 * 1024;

/**
 * A `Transform` from flow-log text (bytes or strings, in any chunking) to ECS
 * events (object mode) or NDJSON text. Lines end in LF or CRLF; a final line
 * without a newline is parsed; a UTF-8 BOM at the start is dropped. Header
 * lines switch the layout, so concatenated S3 objects parse. Every line is
 * accounted for in `stats()`; invalid ones follow `onInvalid`.
 *
 * Events: `'invalid'` (FlowLogParseError) per the policy, `'header'`
 * (format, lineNumber, unknownFields) for each header line.
 */
export function createFlowLogStream(options: FlowLogStreamOptions = {}): FlowLogStream {
  return new FlowLogStream(options);
}

export class FlowLogStream extends HandOnTransform {
  readonly #parser: FlowLogParser;
  readonly #ndjson: boolean;
  /** The invalid-line policy, and whether it holds the parsing or failed the stream. */
  readonly #gate: InvalidLineGate;
  readonly #source: string | undefined;
  readonly #counts = new StreamCounts();
  /** Frames the bytes into lines (the parser package's framing; the parser counts them). */
  #splitter: LineSplitter;
  readonly #maxLineLength: number;
  /** The write callback of the chunk being split, called once it is used up. */
  #callback: TransformCallback | undefined;
  /** The failure of the input piped in (`openFlowLogInput`), once it has one. */
  #inputFailure: () => FlowLogInputError | undefined = () => undefined;
  /** NDJSON lines waiting to be pushed together. */
  readonly #batch = new NdjsonWriter(BATCH_LENGTH + 16 * 1024, size => Buffer.allocUnsafe(size));

  constructor(options: FlowLogStreamOptions) {
    const { ndjson, onInvalid, maxLineLength } = checkStreamOptions(options);
    // Every parser option is checked by the parser, once: before the stream exists.
    const parser = createParser({
      format: options.format,
      profile: options.profile,
      maxLineLength,
      origin: options.origin,
      filter: options.filter,
      enrich: options.enrich,
    });
    super({
      // Bytes and strings are framed into lines; record batches (FlowLogRecords) are records already.
      writableObjectMode: true,
      readableObjectMode: !ndjson,
      ...(options.readableHighWaterMark === undefined ? {} : { readableHighWaterMark: options.readableHighWaterMark }),
      ...(options.writableHighWaterMark === undefined ? {} : { writableHighWaterMark: options.writableHighWaterMark }),
    });
    this.#parser = parser;
    if (options.resume !== undefined) this.#parser.restore(options.resume);
    this.#ndjson = ndjson;
    // Resumed mid-input: its first line is not the input's, so no BOM is dropped.
    this.#splitter = new LineSplitter(maxLineLength, options.resume !== undefined);
    this.#maxLineLength = maxLineLength;
    this.#gate = new InvalidLineGate(
      onInvalid,
      error => this.emit('invalid', error),
      () => this.#callback !== undefined && this.#drain(),
    );
    this.#source = options.source;
    this.on('pipe', (source: Readable & Partial<DeferrableInput>) => {
      const claim = source[deferInputFailure];
      // The input's failure counts the lines this stream read: no second count.
      if (typeof claim === 'function') this.#inputFailure = claim.call(source, () => this.#parser.lineNumber);
    });
  }

  /** Where the parser stands: line count and layout, for another stream's `resume` (after the last line written). */
  checkpoint(): ParserCheckpoint {
    return this.#parser.checkpoint();
  }

  /**
   * Goes on from a checkpoint (or from the start of an input, when
   * undefined) with counts at zero: one stream, and its parser's compiled
   * work, reused for block after block (`createBlockSplitter`). Call it
   * between blocks of whole lines, once the previous block's write is done.
   */
  continueFrom(checkpoint: ParserCheckpoint | undefined): void {
    if (checkpoint === undefined) this.#parser.reset();
    else this.#parser.restore(checkpoint);
    this.#splitter = new LineSplitter(this.#maxLineLength, checkpoint !== undefined);
    this.#counts.reset();
  }

  /** Counts so far. A copy: later lines do not change it. */
  stats(): FlowLogStreamStats {
    return this.#counts.snapshot();
  }

  override _transform(
    input: Buffer | Uint8Array | string | FlowLogRecords,
    _encoding: BufferEncoding,
    callback: TransformCallback,
  ): void {
    if (isFlowLogRecords(input)) {
      this.#records(input);
      this.#pushBatch();
      return this.#gate.whenSettled(() => callback(this.#gate.failure));
    }
    // Strings are encoded to bytes: one framing for both.
    const chunk =
      typeof input === 'string'
        ? Buffer.from(input)
        : Buffer.isBuffer(input)
          ? input
          : input instanceof Uint8Array
            ? Buffer.from(input.buffer, input.byteOffset, input.byteLength)
            : undefined;
    // Anything else fails the stream through its own error path (pipeline rejects), never the process.
    if (chunk === undefined) return callback(invalidChunkError(input, this.#source));
    this.#counts.stats.bytesIn += chunk.length;
    this.#splitter.push(chunk);
    this.#callback = callback;
    this.#drain();
  }

  override _flush(callback: TransformCallback): void {
    const inputFailure = this.#inputFailure();
    if (inputFailure !== undefined) {
      // The input was cut: its last, incomplete line is not a record (a cut
      // number would read as another value). Deliver the rest, then fail.
      this.#splitter.discard();
      this.#pushBatch();
      return this.failWhenHandedOn(inputFailure, callback);
    }
    // A final line without a newline is still a line.
    if (this.#splitter.finish()) this.#line();
    this.#gate.whenSettled(() => {
      if (this.#gate.failure !== undefined) return callback(this.#gate.failure);
      this.#pushBatch();
      callback();
    });
  }

  // The readable side wants more: resume the chunk we paused on. Once it is
  // done, let Transform release the writer too: its write callback may have
  // been parked, and a _read that pushes nothing is not called again.
  override _read(size: number): void {
    if (this.#callback === undefined && this.#batch.length > 0) this.#pushBatch();
    if (this.#callback !== undefined) this.#drain();
    if (this.#callback === undefined) super._read(size);
  }

  /** Parses lines of the current chunk until it is used up, the reader is full or the invalid-line policy asks to wait. */
  #drain(): void {
    while (this.#callback !== undefined && !this.#gate.waiting) {
      if (this.#gate.failure !== undefined) return this.#finish(this.#gate.failure);
      if (!this.#splitter.next()) return this.#finish();
      const accepted = this.#line();
      if (this.#gate.failure !== undefined) return this.#finish(this.#gate.failure);
      if (!accepted) return;
    }
  }

  #finish(error?: Error): void {
    // The lines of this chunk leave now, unless the reader is full: then
    // they wait for its next read (or the end), so the buffer stays bounded.
    if (error === undefined && this.readableLength < this.readableHighWaterMark) this.#pushBatch();
    const callback = this.#callback;
    this.#callback = undefined;
    callback?.(error);
  }

  /** Parses the line the splitter found. Returns false when the reader is full. */
  #line(): boolean {
    this.#counts.stats.lines++;
    const splitter = this.#splitter;
    if (splitter.tooLong !== undefined) return this.#account(this.#parser.invalidLine(splitter.tooLong));
    const { bytes, start, end } = splitter;
    if (this.#ndjson) {
      const result = this.#parser.parseBytesInto(bytes, start, end, this.#batch);
      if (result.kind !== 'event') return this.#account(result);
      this.#counts.event(result.unknownKeys, result.status);
      return this.#batch.length < BATCH_LENGTH || this.#pushBatch();
    }
    const result = this.#parser.parseBytes(bytes, start, end);
    if (result.kind !== 'event') return this.#account(result);
    this.#counts.event(result.unknownKeys, result.record['log_status']);
    return this.push(result.event);
  }

  /**
   * Records delivered one by one (see FlowLogRecords). A batch is bounded
   * (one envelope, a slice of a row group), so it is parsed whole.
   */
  #records(chunk: FlowLogRecords): void {
    if (chunk.kind === 'flowecs:control-message') {
      this.#counts.stats.controlMessages++;
      return;
    }
    if (chunk.kind === 'flowecs:invalid') {
      this.#counts.stats.lines++;
      this.#account(this.#parser.invalidLine(chunk.error));
      return;
    }
    // A header that cannot be used leaves no layout, and the records say so.
    if (chunk.header !== undefined) {
      const header = this.#parser.useHeader(chunk.header);
      if (header.kind === 'header') this.#counts.unknownFields(header.unknownFields);
    }
    const { records, eventTimes } = chunk;
    // One context for the batch, its event time set per record (the parser copies what it keeps).
    const perRecord = eventTimes === undefined ? undefined : { origin: chunk.context?.origin, eventTime: 0 };
    for (let index = 0; index < records.length; index++) {
      if (this.#gate.failure !== undefined) return;
      this.#counts.stats.lines++;
      const record = records[index]!;
      this.#counts.stats.bytesIn += record.length + 1;
      if (perRecord !== undefined) perRecord.eventTime = eventTimes![index]!;
      const context = perRecord ?? chunk.context;
      if (this.#ndjson) {
        const result = this.#parser.parseMessageInto(record, context, this.#batch);
        if (result.kind !== 'event') this.#account(result);
        else {
          this.#counts.event(result.unknownKeys, result.status);
          if (this.#batch.length >= BATCH_LENGTH) this.#pushBatch();
        }
      } else {
        const result = this.#parser.parseMessage(record, context);
        if (result.kind !== 'event') this.#account(result);
        else {
          this.#counts.event(result.unknownKeys, result.record['log_status']);
          this.push(result.event);
        }
      }
    }
  }

  /** Pushes the pending NDJSON batch; false when the reader is full. */
  #pushBatch(): boolean {
    if (this.#batch.length === 0) return true;
    // The batch's buffer is handed over; the writer goes on in a fresh one.
    const bytes = this.#batch.detach();
    return this.push(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length));
  }

  /** Headers, blanks, filtered and invalid lines: counted, and reported as the policy says. */
  #account(result: Exclude<FlowLogParseResult<unknown>, { kind: 'event' }>): boolean {
    this.#counts.line(result);
    if (result.kind === 'header') this.emit('header', result.format, result.lineNumber, result.unknownFields);
    return result.kind === 'invalid' ? this.#invalid(result.error) : true;
  }

  #invalid(error: FlowLogParseError): boolean {
    if (this.#source !== undefined) error.source = this.#source;
    return this.#gate.report(error);
  }
}
