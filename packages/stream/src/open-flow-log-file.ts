import { createReadStream } from 'node:fs';
import { Transform, type Readable, type TransformCallback } from 'node:stream';
import { constants, createGunzip } from 'node:zlib';

/** The codes of `FlowLogInputError`, each with what it means. */
export const flowLogInputErrorCodes = {
  'gzip-truncated': 'The gzip data ends early (an interrupted download or upload); the lines before the cut were delivered.',
  'gzip-corrupt': 'The gzip data is damaged, or followed by bytes that are not gzip.',
  'read-failed': 'The input cannot be opened or read: missing, a directory, no permission, or an I/O error.',
} as const;

export type FlowLogInputErrorCode = keyof typeof flowLogInputErrorCodes;

/** An input that cannot be read to its end: missing file, truncated or corrupt gzip. */
export class FlowLogInputError extends Error {
  override readonly name = 'FlowLogInputError';
  readonly code: FlowLogInputErrorCode;
  readonly source: string;
  /** Complete lines delivered before the failure. */
  readonly linesRead: number;

  constructor(code: FlowLogInputErrorCode, message: string, source: string, linesRead: number, cause: unknown) {
    super(message, { cause });
    this.code = code;
    this.source = source;
    this.linesRead = linesRead;
  }
}

/**
 * Called by a flow stream that the input is piped into: from then on, a read
 * failure ends the input after the bytes before it, and the flow stream
 * raises the error once everything before it has been written downstream.
 * Raised at once instead, the error would make `pipeline()` destroy the
 * stages after it with their buffered events.
 */
export const deferInputFailure: unique symbol = Symbol('flowecs.deferInputFailure');

/** Decompressed bytes of one input, with how far the raw input has been read. */
export interface FlowLogInput extends Readable {
  /** Bytes read from the underlying input (compressed bytes for gzip): for progress. */
  readonly bytesRead: number;
  /** Whether the input turned out to be gzip; undefined until the first bytes arrive. */
  readonly compressed: boolean | undefined;
  /** The failure that ended the input early, once there is one. */
  readonly failure: FlowLogInputError | undefined;
}

/** What a flow stream sees of its input: see `deferInputFailure`. */
export interface DeferrableInput {
  [deferInputFailure](): () => FlowLogInputError | undefined;
}

/**
 * Opens a flow-log file for reading: plain text, or gzip detected by its magic
 * bytes (never by the file name), including multi-member gzip such as
 * concatenated S3 objects. A failure becomes a `FlowLogInputError` that names
 * the file and the number of lines read before it.
 */
export function openFlowLogFile(path: string, options: { highWaterMark?: number } = {}): FlowLogInput {
  return openFlowLogInput(createReadStream(path, options.highWaterMark === undefined ? {} : { highWaterMark: options.highWaterMark }), { source: path });
}

/** The same for a readable you already have, such as `process.stdin`. */
export function openFlowLogInput(input: Readable, options: { source?: string } = {}): FlowLogInput {
  const source = options.source ?? 'input';
  let bytesRead = 0;
  let compressed: boolean | undefined;
  let linesRead = 0;
  let settled = false;
  let deferred = false;
  let failure: FlowLogInputError | undefined;

  // Passes decompressed bytes through, counting newlines for error messages.
  let cause: unknown;
  const output = new Transform({
    transform(chunk: Buffer, _encoding, callback: TransformCallback) {
      for (let index = chunk.indexOf(10); index !== -1; index = chunk.indexOf(10, index + 1)) linesRead++;
      callback(null, chunk);
    },
    // A deferred failure is described once every byte before it has passed,
    // so that its line count is the lines delivered.
    flush(callback: TransformCallback) {
      if (cause !== undefined) failure ??= describeFailure(cause, source, compressed === true, linesRead);
      callback();
    },
  }) as Transform & { bytesRead: number; compressed: boolean | undefined; failure: FlowLogInputError | undefined } & DeferrableInput;
  Object.defineProperties(output, {
    bytesRead: { get: () => bytesRead },
    compressed: { get: () => compressed },
    failure: { get: () => failure },
  });
  output[deferInputFailure] = () => {
    deferred = true;
    return () => failure;
  };

  let gunzip: Transform | undefined;
  const fail = (error: unknown) => {
    if (settled) return;
    settled = true;
    if (!deferred) {
      failure = describeFailure(error, source, compressed === true, linesRead);
      return void output.destroy(failure);
    }
    cause = error;
    // Everything decompressed so far is already in `output`: end it there.
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

  // Peek at the first two bytes, then put them back and choose the route.
  let head = Buffer.alloc(0);
  const onReadable = () => {
    let chunk: Buffer | string | null;
    // Object-mode readables (`Readable.from(strings)`) give strings.
    while ((chunk = input.read() as Buffer | string | null) !== null) head = Buffer.concat([head, typeof chunk === 'string' ? Buffer.from(chunk) : chunk]);
    if (head.length < 2 && !input.readableEnded) return;
    input.off('readable', onReadable);
    input.off('end', onEnd);
    route();
  };
  const onEnd = () => {
    input.off('readable', onReadable);
    route();
  };
  const route = () => {
    compressed = head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b;
    input.on('data', (chunk: Buffer) => {
      bytesRead += chunk.length;
    });
    if (input.readableEnded) {
      // Fewer than two bytes in all: too short for gzip, and 'end' has passed.
      bytesRead = head.length;
      output.end(head);
      return;
    }
    if (head.length > 0) input.unshift(head);
    if (compressed) {
      const inflate = createGunzip();
      gunzip = inflate;
      inflate.once('error', fail);
      output.once('close', () => inflate.destroy());
      // Ending a cut gzip stream fails, and a failed zlib stream drops the
      // output it still holds: flush the last bytes first, and end only once
      // their output has moved on.
      input.pipe(inflate, { end: false }).pipe(output);
      input.once('end', () => inflate.flush(constants.Z_SYNC_FLUSH, () => whenEmpty(inflate, () => inflate.end())));
    } else {
      input.pipe(output);
    }
  };
  input.on('readable', onReadable);
  input.once('end', onEnd);
  return output;
}

function whenEmpty(stream: Readable, done: () => void): void {
  if (stream.destroyed || stream.readableLength === 0) done();
  else setTimeout(() => whenEmpty(stream, done), 5);
}

function describeFailure(error: unknown, source: string, compressed: boolean, linesRead: number): FlowLogInputError {
  const code = (error as { code?: unknown } | null)?.code;
  const reason = error instanceof Error ? error.message : String(error);
  const after = `after ${linesRead} line${linesRead === 1 ? '' : 's'}`;
  if (compressed && code === 'Z_BUF_ERROR') {
    return new FlowLogInputError('gzip-truncated', `${source}: the gzip data is truncated (${reason}) ${after}.`, source, linesRead, error);
  }
  if (compressed && typeof code === 'string' && code.startsWith('Z_')) {
    return new FlowLogInputError('gzip-corrupt', `${source}: the gzip data is corrupt (${reason}) ${after}.`, source, linesRead, error);
  }
  return new FlowLogInputError('read-failed', `${source}: cannot be read (${reason}) ${after}.`, source, linesRead, error);
}
