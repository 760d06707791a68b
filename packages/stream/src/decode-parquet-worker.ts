// Decodes one row group of a Parquet file, off the main thread. hyparquet is
// pure JavaScript and trusts the file: damaged pages have made it loop for
// ever (a bit-packed run with a negative count) or allocate what a header
// claims. Here a watchdog can stop it and a heap limit bounds it, and the
// main thread reports a typed error instead of hanging or dying.
import { parentPort } from 'node:worker_threads';
import { FlowLogParseError, NdjsonWriter, writeParquetRow } from '@flowecs/parser';
import { parquetScan, type FileMetaData } from 'hyparquet';
import { guardedCompressors } from './parquet-compressors';

export interface DecodeRequest {
  readonly metadata: FileMetaData;
  /** The bytes of the row group's column chunks, from `offset` in the file. */
  readonly bytes: ArrayBuffer;
  readonly offset: number;
  readonly byteLength: number;
  readonly columns: readonly string[];
  readonly rowStart: number;
  readonly rowEnd: number;
}

/**
 * The row group as text records, in order: UTF-8 lines (`writeParquetRow`
 * of each row, a newline each), and, for a row no text record can hold, its
 * error. Sent as they are made (the bytes transferred), then `done`, so the
 * worker never holds more than a segment of text. The main thread parses the
 * lines as it parses any text.
 */
export type DecodedSegment =
  | { readonly bytes: Uint8Array }
  | { readonly invalid: { readonly message: string; readonly field: string | undefined; readonly raw: string } };

export type DecodeMessage = { readonly id: number } & (
  { readonly segment: DecodedSegment } | { readonly done: true } | { readonly error: string }
);

/** Bytes per text segment: handed over whole (transferred), a new buffer after each. */
const SEGMENT_BYTES = 1024 * 1024;

// One row group at a time: a request that arrives early waits its turn.
let queue: Promise<void> = Promise.resolve();
parentPort?.on('message', ({ id, ...request }: DecodeRequest & { id: number }) => {
  // (The second argument of postMessage is the transfer list of worker_threads, not a window's target origin.)
  const send = (message: DecodeMessage, transfer: ArrayBuffer[] = []) => parentPort!.postMessage(message, transfer);
  queue = queue.then(() =>
    decode(request, segment =>
      send({ id, segment }, 'bytes' in segment ? [segment.bytes.buffer as ArrayBuffer] : []),
    ).then(
      () => send({ id, done: true }),
      (error: unknown) => send({ id, error: error instanceof Error ? error.message : String(error) }),
    ),
  );
});

async function decode(request: DecodeRequest, emit: (segment: DecodedSegment) => void): Promise<void> {
  const values = await readColumns(request);
  const out = new NdjsonWriter(SEGMENT_BYTES + 64 * 1024);
  const flush = () => {
    if (out.length > 0) emit({ bytes: out.detach() });
  };
  const row: unknown[] = Array.from({ length: values.length });
  for (let index = 0; index < request.rowEnd - request.rowStart; index++) {
    for (let column = 0; column < values.length; column++) row[column] = values[column]![index];
    try {
      writeParquetRow(request.columns, row, out);
      out.reserve(1);
      out.bytes[out.length++] = 10;
    } catch (error) {
      if (!(error instanceof FlowLogParseError)) throw error;
      flush();
      emit({ invalid: { message: error.message, field: error.field, raw: error.raw } });
    }
    if (out.length >= SEGMENT_BYTES) flush();
  }
  flush();
}

async function readColumns({
  metadata,
  bytes,
  offset,
  byteLength,
  columns,
  rowStart,
  rowEnd,
}: DecodeRequest): Promise<ArrayLike<unknown>[]> {
  const file = {
    byteLength,
    slice(start: number, end = byteLength): ArrayBuffer {
      if (start < offset || end > offset + bytes.byteLength)
        throw new Error(`a read of bytes ${start}–${end} lies outside the row group`);
      return bytes.slice(start - offset, end - offset);
    },
  };
  const scan = await parquetScan({ file, metadata, compressors: guardedCompressors, useOffsetIndex: false });
  const values: ArrayLike<unknown>[] = [];
  // One column at a time: each rejection is awaited.
  for (const column of columns) values.push(await scan.readColumn({ column, rowStart, rowEnd }));
  return values;
}
