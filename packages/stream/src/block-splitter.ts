import { Transform, type Readable, type TransformCallback } from 'node:stream';
import { LineSplitter, type FlowLogParseError } from '@flowecs/parser';
import { DEFAULT_MAX_LINE_LENGTH } from './create-flow-log-stream';
import { isFlowLogRecords, recordCount, type FlowLogRecords } from './flow-log-records';
import { isDrained } from './is-drained';
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
  /** As the flow stream's: a longer line becomes one `line-too-long`. Default 1 MiB. */
  readonly maxLineLength?: number | undefined;
}

/**
 * Cuts an input's text into blocks of whole lines, for parsing on several
 * threads: each block goes to a flow stream resumed at the block's first line
 * (`createFlowLogStream({ resume })`), and the results, taken in order, are
 * what one flow stream over the whole input gives. Lines are counted here,
 * so each block's first line number is known before any block is parsed.
 * An over-long line is not held: it is reported as `line-too-long`, as the
 * flow stream reports it. Piped from `openFlowLogInput`, a failing input
 * ends after its last whole line and the splitter fails after the blocks
 * before it, as a flow stream does.
 */
export function createBlockSplitter(options: BlockSplitterOptions = {}): BlockSplitter {
  return new BlockSplitter(options);
}

export class BlockSplitter extends Transform {
  readonly #blockSize: number;
  readonly #firstBlockSize: number;
  #blocks = 0;
  readonly #maxLineLength: number;
  /**
   * Bytes not yet in a block: `#staging[#start, #end)`. Input is copied once,
   * into shared memory; blocks are views of it (the main thread only appends
   * after `#end`, never into a block handed on), so no byte is copied twice.
   */
  #staging = Buffer.from(new SharedArrayBuffer(0));
  #start = 0;
  #end = 0;
  /** Set while an over-long line is skipped: it frames that one line. */
  #overLong: LineSplitter | undefined;
  #lines = 0;
  #bytesIn = 0;
  #inputFailure: () => FlowLogInputError | undefined = () => undefined;

  constructor(options: BlockSplitterOptions) {
    super({ writableObjectMode: true, readableObjectMode: true, readableHighWaterMark: 2 });
    this.#blockSize = options.blockSize ?? 2 * 1024 * 1024;
    this.#firstBlockSize = options.firstBlockSize ?? this.#blockSize;
    this.#maxLineLength = options.maxLineLength ?? DEFAULT_MAX_LINE_LENGTH;
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
    let rest = chunk;
    if (this.#overLong !== undefined) {
      rest = this.#skipOverLong(rest);
      if (this.#overLong !== undefined) return callback();
    }
    this.#append(rest);
    if (this.#end - this.#start >= (this.#blocks === 0 ? this.#firstBlockSize : this.#blockSize)) this.#cut();
    callback();
  }

  override _flush(callback: TransformCallback): void {
    // Whole lines go on in any case; the failure, if any, counts them.
    if (this.#overLong === undefined) this.#cutAtLastLineEnd();
    const failure = this.#inputFailure();
    if (failure !== undefined) {
      // The cut last line is not a line (a flow stream drops it too). Failing
      // destroys what is buffered: fail once the blocks have been taken.
      const check = (): void => {
        if (this.destroyed || isDrained(this)) callback(failure);
        else setTimeout(check, 5);
      };
      return check();
    }
    if (this.#overLong !== undefined) {
      if (this.#overLong.finish()) this.#tooLong(this.#overLong.tooLong!);
    } else if (this.#end > this.#start) {
      // A last line without a newline gets one: it reads the same, and every block ends whole.
      this.#append(NEWLINE);
      this.#blockTo(this.#end);
    }
    callback();
  }

  /** Hands on blocks of at least the block size, each cut at the first line end after it; an over-long line is skipped. */
  #cut(): void {
    for (;;) {
      const size = this.#blocks === 0 ? this.#firstBlockSize : this.#blockSize;
      if (this.#end - this.#start < size) break;
      const newline = this.#staging.subarray(0, this.#end).indexOf(10, this.#start + size - 1);
      if (newline === -1) break;
      this.#blockTo(newline + 1);
    }
    // Past the last line end: held only while it can still be a line.
    const lastEnd = this.#staging.subarray(this.#start, this.#end).lastIndexOf(10);
    if (this.#end - this.#start - lastEnd - 1 > this.#maxLineLength + 1) {
      if (lastEnd !== -1) this.#blockTo(this.#start + lastEnd + 1);
      // The input's first line (no line handed on yet) may start with a BOM.
      this.#overLong = new LineSplitter(this.#maxLineLength, this.#lines > 0);
      this.#overLong.push(this.#staging.subarray(this.#start, this.#end));
      this.#overLong.next();
      this.#start = this.#end;
    }
  }

  /** Hands on the pending bytes up to their last line end, if any. */
  #cutAtLastLineEnd(): void {
    const lastEnd = this.#staging.subarray(this.#start, this.#end).lastIndexOf(10);
    if (lastEnd !== -1) this.#blockTo(this.#start + lastEnd + 1);
  }

  /** Copies bytes in after the pending ones, into new shared memory when there is no room (the pending bytes moved along). */
  #append(bytes: Uint8Array): void {
    if (this.#staging.length - this.#end < bytes.length) {
      const pending = this.#end - this.#start;
      const next = Buffer.from(new SharedArrayBuffer(Math.max(2 * this.#blockSize, pending + bytes.length)));
      next.set(this.#staging.subarray(this.#start, this.#end));
      this.#staging = next;
      this.#start = 0;
      this.#end = pending;
    }
    this.#staging.set(bytes, this.#end);
    this.#end += bytes.length;
  }

  /** Feeds the over-long line until its end; returns the bytes after it. */
  #skipOverLong(chunk: Buffer): Buffer {
    const newline = chunk.indexOf(10);
    this.#overLong!.push(newline === -1 ? chunk : chunk.subarray(0, newline + 1));
    if (!this.#overLong!.next()) return chunk.subarray(chunk.length);
    this.#tooLong(this.#overLong!.tooLong!);
    return chunk.subarray(newline + 1);
  }

  #tooLong(error: FlowLogParseError): void {
    this.#overLong = undefined;
    this.#lines++;
    this.push({ kind: 'flowecs:line-too-long', error } satisfies FlowLogBlock);
  }

  /** Hands on the pending bytes up to `end` (just after a line end) as a block: a view, not a copy. */
  #blockTo(end: number): void {
    const bytes = this.#staging.subarray(this.#start, end);
    this.#start = end;
    const lines = count(bytes);
    this.#blocks++;
    this.#lines += lines;
    this.push({ kind: 'flowecs:block', bytes, lines } satisfies FlowLogBlock);
  }
}

const NEWLINE = Buffer.from('\n');

function count(bytes: Uint8Array): number {
  let lines = 0;
  for (let at = bytes.indexOf(10); at !== -1; at = bytes.indexOf(10, at + 1)) lines++;
  return lines;
}
