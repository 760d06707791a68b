import type { Readable, TransformCallback } from 'node:stream';
import type { FlowLogParseError } from '@flowecs/parser';
import { LineSplitter } from '@flowecs/parser/framing';
import { DEFAULT_MAX_LINE_LENGTH } from './flow-log-stream-options';
import { isFlowLogRecords, recordCount, type FlowLogRecords } from './flow-log-records';
import { HandOnTransform } from './hand-on-transform';
import { deferInputFailure, type DeferrableInput, type FlowLogInputError } from './open-flow-log-file';

/** What a block splitter hands on, in input order. */
export type FlowLogBlock =
  /** Whole lines, each ending in a newline (one is added to an input's last line without it), in memory that can be shared with worker threads. */
  | { readonly kind: 'flowecs:block'; readonly bytes: Uint8Array; readonly lines: number }
  /** A line over the limit, never held whole: one invalid line (its number is for the caller to set). */
  | { readonly kind: 'flowecs:line-too-long'; readonly error: FlowLogParseError }
  /** Record batches (CloudWatch Logs envelopes, Parquet rows) pass through as they are. */
  | FlowLogRecords;

export interface BlockSplitterOptions {
  /** Bytes a block holds at least (unless the input ends): it is cut at the last line end then. Default 2 MiB. */
  readonly blockSize?: number | undefined;
  /** The same for the first block (default: `blockSize`): a small one tells the layout soon. */
  readonly firstBlockSize?: number | undefined;
  /**
   * Lines a block holds at most (default 8,192): a block's output grows with
   * its lines whatever their length (a 2-byte line's dead letter is about 300
   * bytes), and so does the memory its result holds.
   */
  readonly blockLines?: number | undefined;
  /** As the flow stream's: a longer line becomes one `line-too-long`. Default 1 MiB. */
  readonly maxLineLength?: number | undefined;
}

/**
 * Cuts an input's text into blocks of whole lines, for parsing on several
 * threads: each block goes to a flow stream resumed at the block's first line
 * (`createFlowLogStream({ resume })`), and the results, taken in order, are
 * what one flow stream over the whole input gives. Lines are framed by the
 * flow stream's own `LineSplitter` and counted here, so each block's first
 * line number is known before any block is parsed. An over-long line is not
 * held: it is reported as `line-too-long`, as the flow stream reports it. Piped from `openFlowLogInput`, a failing input
 * ends after its last whole line and the splitter fails after the blocks
 * before it, as a flow stream does.
 */
export function createBlockSplitter(options: BlockSplitterOptions = {}): BlockSplitter {
  return new BlockSplitter(options);
}

export class BlockSplitter extends HandOnTransform {
  readonly #blockSize: number;
  readonly #firstBlockSize: number;
  readonly #blockLines: number;
  /** The input's lines, framed as a flow stream frames them. */
  readonly #lineSplitter: LineSplitter;
  #blocks = 0;
  /**
   * Lines not yet in a block: `#staging[#start, #end)`, `#pendingLines` of
   * them. Each byte is copied once, into shared memory; blocks are views of
   * it (only bytes after `#end` are written, never a block handed on).
   */
  #staging = Buffer.from(new SharedArrayBuffer(0));
  #start = 0;
  #end = 0;
  #pendingLines = 0;
  /** Lines next to each other in the chunk being framed, copied together: `#run[#runStart, #runEnd)`. */
  #run: Uint8Array | undefined;
  #runStart = 0;
  #runEnd = 0;
  #lines = 0;
  #bytesIn = 0;
  #inputFailure: () => FlowLogInputError | undefined = () => undefined;

  constructor(options: BlockSplitterOptions) {
    super({ writableObjectMode: true, readableObjectMode: true, readableHighWaterMark: 2 });
    this.#blockSize = options.blockSize ?? 2 * 1024 * 1024;
    this.#firstBlockSize = options.firstBlockSize ?? this.#blockSize;
    this.#blockLines = options.blockLines ?? 8192;
    this.#lineSplitter = new LineSplitter(options.maxLineLength ?? DEFAULT_MAX_LINE_LENGTH);
    this.on('pipe', (source: Readable & Partial<DeferrableInput>) => {
      const claim = source[deferInputFailure];
      if (typeof claim === 'function') this.#inputFailure = claim.call(source, () => this.#lines);
    });
  }

  /** Lines handed on so far (in blocks, over-long, or records of batches). */
  get lines(): number {
    return this.#lines;
  }

  /** Bytes written in, the cut last line of a failed input included (as a flow stream counts them). */
  get bytesIn(): number {
    return this.#bytesIn;
  }

  override _transform(chunk: Buffer | FlowLogRecords, _encoding: BufferEncoding, callback: TransformCallback): void {
    if (isFlowLogRecords(chunk)) {
      // Records count as lines (as a flow stream counts them), for the failure's count.
      this.#lines += recordCount(chunk);
      return callback(null, chunk);
    }
    this.#bytesIn += chunk.length;
    this.#lineSplitter.push(chunk);
    while (this.#lineSplitter.next()) this.#line();
    // The chunk is the writer's again once this returns: its lines are copied now.
    this.#copyRun();
    callback();
  }

  override _flush(callback: TransformCallback): void {
    // Whole lines go on in any case; the failure, if any, counts them.
    this.#copyRun();
    this.#cut();
    const failure = this.#inputFailure();
    if (failure !== undefined) {
      // The cut last line is not a line (a flow stream drops it too).
      this.#lineSplitter.discard();
      return this.failWhenHandedOn(failure, callback);
    }
    if (this.#lineSplitter.finish()) this.#line();
    this.#copyRun();
    this.#cut();
    callback();
  }

  /** Takes the line the splitter found: into the run, or handed on as over-long. */
  #line(): void {
    const { tooLong, bytes, start, end } = this.#lineSplitter;
    if (tooLong !== undefined) {
      this.#copyRun();
      this.#cut();
      this.#lines++;
      this.push({ kind: 'flowecs:line-too-long', error: tooLong } satisfies FlowLogBlock);
      return;
    }
    // Next to the run when only its line end (LF or CRLF) lies between them.
    if (bytes !== this.#run || start > this.#runEnd + 2) {
      this.#copyRun();
      this.#run = bytes;
      this.#runStart = start;
    }
    this.#runEnd = end;
    this.#pendingLines++;
    const size = this.#blocks === 0 ? this.#firstBlockSize : this.#blockSize;
    // Its bytes so far, with the newline after this line.
    if (this.#pendingLines === this.#blockLines || this.#end - this.#start + end - this.#runStart + 1 >= size) {
      this.#copyRun();
      this.#cut();
    }
  }

  /** Copies the run into the staging, with a newline after its last line (the one between its lines are in it). */
  #copyRun(): void {
    const run = this.#run;
    if (run === undefined) return;
    this.#run = undefined;
    const length = this.#runEnd - this.#runStart + 1;
    if (this.#staging.length - this.#end < length) {
      // New shared memory when there is no room; the pending lines move along.
      const pending = this.#end - this.#start;
      const next = Buffer.from(new SharedArrayBuffer(Math.max(2 * this.#blockSize, pending + length)));
      next.set(this.#staging.subarray(this.#start, this.#end));
      this.#staging = next;
      this.#start = 0;
      this.#end = pending;
    }
    this.#staging.set(run.subarray(this.#runStart, this.#runEnd), this.#end);
    this.#staging[this.#end + length - 1] = 10;
    this.#end += length;
  }

  /** Hands on the pending lines, if any, as a block: a view of the staging, not a copy. */
  #cut(): void {
    if (this.#pendingLines === 0) return;
    const bytes = this.#staging.subarray(this.#start, this.#end);
    const lines = this.#pendingLines;
    this.#start = this.#end;
    this.#pendingLines = 0;
    this.#blocks++;
    this.#lines += lines;
    this.push({ kind: 'flowecs:block', bytes, lines } satisfies FlowLogBlock);
  }
}
