// Decodes one row group of a Parquet file, off the main thread. hyparquet is
// pure JavaScript and trusts the file: damaged pages have made it loop for
// ever (a bit-packed run with a negative count) or allocate what a header
// claims. Here a watchdog can stop it and a heap limit bounds it, and the
// main thread reports a typed error instead of hanging or dying.
import { parentPort } from 'node:worker_threads';
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

export type DecodeResponse = { readonly values: ArrayLike<unknown>[] } | { readonly error: string };

parentPort?.on('message', (request: DecodeRequest) => {
  decode(request).then(
    // (The second argument is the transfer list of worker_threads, not a window's target origin.)
    values => parentPort!.postMessage({ values } satisfies DecodeResponse, []),
    (error: unknown) => parentPort!.postMessage({ error: error instanceof Error ? error.message : String(error) } satisfies DecodeResponse, []),
  );
});

async function decode({ metadata, bytes, offset, byteLength, columns, rowStart, rowEnd }: DecodeRequest): Promise<ArrayLike<unknown>[]> {
  const file = {
    byteLength,
    slice(start: number, end = byteLength): ArrayBuffer {
      if (start < offset || end > offset + bytes.byteLength) throw new Error(`a read of bytes ${start}–${end} lies outside the row group`);
      return bytes.slice(start - offset, end - offset);
    },
  };
  const scan = await parquetScan({ file, metadata, compressors: guardedCompressors, useOffsetIndex: false });
  const values: ArrayLike<unknown>[] = [];
  // One column at a time: each rejection is awaited.
  for (const column of columns) values.push(await scan.readColumn({ column, rowStart, rowEnd }));
  return values;
}
