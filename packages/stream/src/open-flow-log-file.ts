import { createReadStream } from 'node:fs';
import { Transform, type Readable, type TransformCallback } from 'node:stream';
import { detectFlowLogContent } from './detect-flow-log-content';
import { describeFailure, FlowLogInputError } from './flow-log-input-error';
import { GunzipMembers } from './gunzip-members';
import { isFlowLogRecords, recordCount, type FlowLogRecords } from './flow-log-records';
import { createEnvelopeReader } from './read-envelopes';
import { describeParquetFailure, writeParquetInto, type RandomAccessInput } from './parquet-input';

export { FlowLogInputError, flowLogInputErrorCodes } from './flow-log-input-error';
export type { FlowLogInputErrorCode } from './flow-log-input-error';

/**
 * Called by a flow stream that the input is piped into: from then on, a read
 * failure ends the input after the bytes before it, and the flow stream
 * raises the error once everything before it has been written downstream.
 * Raised at once instead, the error would make `pipeline()` destroy the
 * stages after it with their buffered events.
 */
export const deferInputFailure: unique symbol = Symbol('flowecs.deferInputFailure');

/** How to read an input: by content (`auto`, the default), or as one delivery whatever it looks like. */
export type FlowLogInputFormat = 'auto' | 'text' | 'parquet' | 'cloudwatch';

export interface OpenFlowLogOptions {
  /** Where the input comes from (a file name), for errors. */
  readonly source?: string | undefined;
  /** `auto` (the default) detects the delivery by content (`detectFlowLogContent`). */
  readonly inputFormat?: FlowLogInputFormat | undefined;
  /**
   * Random access to the same bytes (an S3 object read by ranges, say), for
   * Parquet, which a stream alone cannot give. A file opened by path has it already.
   */
  readonly randomAccess?: RandomAccessInput | undefined;
}

export type { RandomAccessInput } from './parquet-input';

/**
 * One input, decompressed: bytes of text lines, or record batches
 * (`FlowLogRecords`) for CloudWatch Logs envelopes and Parquet rows. Pipe it
 * into a flow stream. Tells how far the raw input has been read.
 */
export interface FlowLogInput extends Readable {
  /** Bytes read from the underlying input (compressed bytes for gzip): for progress. */
  readonly bytesRead: number;
  /** Whether the input turned out to be gzip; undefined until the first bytes arrive. */
  readonly compressed: boolean | undefined;
  /** What the content turned out to be; undefined until known. */
  readonly delivery: 'text' | 'cloudwatch' | 'parquet' | undefined;
  /** The failure that ended the input early, once there is one. */
  readonly failure: FlowLogInputError | undefined;
}

/** What a flow stream sees of its input: see `deferInputFailure`. */
export interface DeferrableInput {
  /** `countLines`: the lines the claiming stream read, which the failure then names (no second count here). */
  [deferInputFailure](countLines?: () => number): () => FlowLogInputError | undefined;
}

/**
 * Opens a flow-log file, whatever AWS delivered: text (a header line or not,
 * JSON lines), gzip detected by its magic bytes (never by the name; members
 * back to back, as concatenated S3 objects), CloudWatch Logs envelopes (one
 * or many back to back, as CloudWatch → Firehose → S3 writes them, or a Lambda
 * subscription event), and Parquet, read by ranges one row group at a time.
 * A failure becomes a `FlowLogInputError` that names the file and the lines
 * (records) read before it.
 */
export function openFlowLogFile(
  path: string,
  options: OpenFlowLogOptions & { highWaterMark?: number | undefined } = {},
): FlowLogInput {
  const stream = createReadStream(
    path,
    options.highWaterMark === undefined ? {} : { highWaterMark: options.highWaterMark },
  );
  return openInput(stream, { source: path, ...options }, path);
}

/** The same for a readable you already have, such as `process.stdin`. Parquet needs a file or `randomAccess`. */
export function openFlowLogInput(input: Readable, options: OpenFlowLogOptions = {}): FlowLogInput {
  return openInput(input, options, undefined);
}

function openInput(input: Readable, options: OpenFlowLogOptions, path: string | undefined): FlowLogInput {
  const source = options.source ?? 'input';
  const inputFormat = options.inputFormat ?? 'auto';
  let bytesRead = 0;
  let compressed: boolean | undefined;
  let delivery: FlowLogInput['delivery'];
  let linesRead = 0;
  // Set by a flow stream that claims the failure: it counts the lines.
  let countLines: (() => number) | undefined;
  let parquetFailure = false;
  /** The typed error for `cause`, naming the lines (records) read before it. */
  const describe = (cause: unknown, lines: number): FlowLogInputError =>
    parquetFailure
      ? describeParquetFailure(cause, source, lines)
      : describeFailure(cause, source, compressed === true, lines);
  let settled = false;
  let deferred = false;
  let failure: FlowLogInputError | undefined;
  let cause: unknown;
  let envelopes: ReturnType<typeof createEnvelopeReader> | undefined;
  // Set when envelopes stop making sense: the bytes after it are dropped.
  let broken = false;
  // Text or envelopes is decided on the first (decompressed) bytes.
  let head: Buffer | undefined = Buffer.alloc(0);

  const output = new Transform({
    writableObjectMode: true,
    readableObjectMode: true,
    transform(written: Buffer | Uint8Array | FlowLogRecords, _encoding, callback: TransformCallback) {
      if (isFlowLogRecords(written)) return callback(null, counted(written));
      let chunk = Buffer.isBuffer(written)
        ? written
        : Buffer.from(written.buffer, written.byteOffset, written.byteLength);
      if (broken) return callback();
      if (head !== undefined) {
        head = Buffer.concat([head, chunk]);
        // Only input that starts with `{` can be envelopes and needs more
        // bytes to tell; text goes on at once (`tail -f | flowecs` must not wait).
        if (head.length < 4096 && inputFormat !== 'text' && startsWithBrace(head) !== false) return callback();
        chunk = decide();
      }
      forward(chunk, callback);
    },
    // A deferred failure is described once every byte before it has passed,
    // so that its line count is the lines delivered.
    flush(callback: TransformCallback) {
      if (!broken) forward(head === undefined ? Buffer.alloc(0) : decide(), () => {}, true);
      finish(callback);
    },
  }) as Transform & FlowLogInput & DeferrableInput;

  function decide(): Buffer {
    const bytes = head!;
    head = undefined;
    const content = detectFlowLogContent(bytes);
    delivery =
      inputFormat === 'cloudwatch' || (inputFormat === 'auto' && content === 'cloudwatch') ? 'cloudwatch' : 'text';
    if (delivery === 'cloudwatch') envelopes = createEnvelopeReader();
    return bytes;
  }

  /** Hands decompressed bytes on: as they are, or as the envelopes' record batches. */
  function forward(chunk: Buffer, callback: () => void, last = false): void {
    if (envelopes === undefined) {
      if (countLines === undefined)
        for (let index = chunk.indexOf(10); index !== -1; index = chunk.indexOf(10, index + 1)) linesRead++;
      if (chunk.length > 0) output.push(chunk);
      return callback();
    }
    try {
      const emit = (batch: FlowLogRecords) => void output.push(counted(batch));
      envelopes.push(chunk, emit);
      if (last) envelopes.end(emit);
    } catch (error) {
      // Nothing after a broken envelope can be trusted: the input ends there.
      broken = true;
      fail(error);
    }
    callback();
  }

  function finish(callback: TransformCallback): void {
    if (cause !== undefined && countLines === undefined) failure ??= describe(cause, linesRead);
    callback();
  }

  function counted(batch: FlowLogRecords): FlowLogRecords {
    linesRead += recordCount(batch);
    return batch;
  }

  Object.defineProperties(output, {
    bytesRead: { get: () => bytesRead },
    compressed: { get: () => compressed },
    delivery: { get: () => delivery },
    failure: { get: () => failure },
  });
  output[deferInputFailure] = (counter?: () => number) => {
    deferred = true;
    countLines = counter;
    // Asked once every line before the failure has been read: the count is final then.
    return () => {
      if (cause !== undefined && countLines !== undefined) failure ??= describe(cause, countLines());
      return failure;
    };
  };

  let gunzip: GunzipMembers | undefined;
  const fail = (error: unknown) => {
    if (settled) return;
    settled = true;
    if (!deferred) {
      failure = describe(error, linesRead);
      return void output.destroy(failure);
    }
    cause = error;
    // Everything read so far is already in `output`: end it there.
    input.unpipe();
    gunzip?.unpipe();
    if (!input.destroyed) input.destroy();
    gunzip?.destroy();
    output.end();
  };
  input.once('error', fail);
  output.once('close', () => {
    settled = true;
    if (!input.destroyed) input.destroy();
  });

  // Peek at the first bytes, then put them back and choose the route.
  let peeked = Buffer.alloc(0);
  const onReadable = () => {
    let chunk: Buffer | string | null;
    // Object-mode readables (`Readable.from(strings)`) give strings.
    while ((chunk = input.read() as Buffer | string | null) !== null)
      peeked = Buffer.concat([peeked, typeof chunk === 'string' ? Buffer.from(chunk) : chunk]);
    if (peeked.length < 4 && !input.readableEnded) return;
    input.off('readable', onReadable);
    input.off('end', onEnd);
    route();
  };
  const onEnd = () => {
    input.off('readable', onReadable);
    route();
  };
  const route = () => {
    const content = detectFlowLogContent(peeked);
    compressed = content === 'gzip';
    if (inputFormat === 'parquet' || (inputFormat === 'auto' && content === 'parquet')) return readParquet();
    input.on('data', (chunk: Buffer) => {
      bytesRead += chunk.length;
    });
    // Too short for any magic, and 'end' has passed: the bytes are all there is.
    const ended = input.readableEnded;
    if (ended) bytesRead = peeked.length;
    else if (peeked.length > 0) input.unshift(peeked);
    if (!compressed) return void (ended ? output.end(peeked) : input.pipe(output));
    const inflate = new GunzipMembers();
    gunzip = inflate;
    output.once('close', () => inflate.destroy());
    // A gzip failure ends the decoded data where it happened: raised once
    // everything decoded before it has moved on.
    inflate.once('end', () => {
      if (inflate.failure !== undefined) fail(inflate.failure);
    });
    inflate.pipe(output);
    if (ended) inflate.end(peeked);
    else input.pipe(inflate);
  };

  // Parquet needs random access: the file is read by ranges, not streamed.
  const readParquet = () => {
    delivery = 'parquet';
    head = undefined;
    input.destroy();
    writeParquetInto(output, source, path, options.randomAccess, size => (bytesRead = size)).catch((error: unknown) => {
      parquetFailure = true;
      fail(error);
    });
  };
  input.on('readable', onReadable);
  input.once('end', onEnd);
  return output;
}

/** Whether the first visible byte is `{`; undefined while there is none yet. */
function startsWithBrace(bytes: Buffer): boolean | undefined {
  for (let index = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0; index < bytes.length; index++) {
    const byte = bytes[index];
    if (byte !== 32 && byte !== 9 && byte !== 10 && byte !== 13) return byte === 123;
  }
  return undefined;
}
