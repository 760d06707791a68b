import type { Readable, TransformCallback } from 'node:stream';
import type { FlowLogParseError } from '@flowecs/parser';
import { LineSplitter } from '@flowecs/parser/framing';
import { DEFAULT_MAX_LINE_LENGTH } from './create-flow-log-stream';
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

export class BlockSplitter extends HandOnTransform {
  readonly #blockSize: number;
  readonly #firstBlockSize: number;
  readonly #blockLines: number;
  #blocks = 0;
  /** How far the pending bytes are scanned; just after the last line end found there, and the lines before it. */
  #scanned = 0;
  #lineEnd = 0;
  #pendingLines = 0;
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
    this.#blockLines = options.blockLines ?? 8192;
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
    this.#cut();
    callback();
  }

  override _flush(callback: TransformCallback): void {
    // Whole lines go on in any case; the failure, if any, counts them.
    if (this.#overLong === undefined) this.#cutAtLastLineEnd();
    const failure = this.#inputFailure();
    if (failure !== undefined) {
      // The cut last line is not a line (a flow stream drops it too).
      return this.failWhenHandedOn(failure, callback);
    }
    if (this.#overLong !== undefined) {
      if (this.#overLong.finish()) this.#tooLong(this.#overLong.tooLong!);
    } else if (this.#end > this.#start) {
      // A last line without a newline gets one: it reads the same, and every block ends whole.
      this.#append(NEWLINE);
      this.#cut();
      this.#cutAtLastLineEnd();
    }
    callback();
  }

  /**
   * Hands on blocks of whole lines, each ending at the first line end past the
   * block size or at its `blockLines`th line; skips an over-long line. Each
   * byte is scanned once: lines are counted as they are found.
   */
  #cut(): void {
    const pending = this.#staging.subarray(0, this.#end);
    for (let newline = pending.indexOf(10, this.#scanned); newline !== -1; newline = pending.indexOf(10, newline + 1)) {
      this.#lineEnd = newline + 1;
      this.#pendingLines++;
      const size = this.#blocks === 0 ? this.#firstBlockSize : this.#blockSize;
      if (this.#pendingLines === this.#blockLines || newline >= this.#start + size - 1) this.#cutAtLastLineEnd();
    }
    this.#scanned = this.#end;
    // Past the last line end: held only while it can still be a line.
    if (this.#end - this.#lineEnd > this.#maxLineLength + 1) {
      this.#cutAtLastLineEnd();
      // The input's first line (no line handed on yet) may start with a BOM.
      this.#overLong = new LineSplitter(this.#maxLineLength, this.#lines > 0);
      this.#overLong.push(this.#staging.subarray(this.#start, this.#end));
      this.#overLong.next();
      this.#start = this.#scanned = this.#lineEnd = this.#end;
    }
  }

  /** Hands on the pending bytes up to their last line end, if any, as a block: a view, not a copy. */
  #cutAtLastLineEnd(): void {
    if (this.#pendingLines === 0) return;
    const bytes = this.#staging.subarray(this.#start, this.#lineEnd);
    const lines = this.#pendingLines;
    this.#start = this.#lineEnd;
    this.#pendingLines = 0;
    this.#blocks++;
    this.#lines += lines;
    this.push({ kind: 'flowecs:block', bytes, lines } satisfies FlowLogBlock);
  }

  /** Copies bytes in after the pending ones, into new shared memory when there is no room (the pending bytes moved along). */
  #append(bytes: Uint8Array): void {
    if (this.#staging.length - this.#end < bytes.length) {
      const pending = this.#end - this.#start;
      const next = Buffer.from(new SharedArrayBuffer(Math.max(2 * this.#blockSize, pending + bytes.length)));
      next.set(this.#staging.subarray(this.#start, this.#end));
      this.#staging = next;
      this.#scanned -= this.#start;
      this.#lineEnd -= this.#start;
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
}

const NEWLINE = Buffer.from('\n');
