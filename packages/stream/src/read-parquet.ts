import type { FileHandle } from 'node:fs/promises';
import { Worker } from 'node:worker_threads';
import { formatParquetRow, FlowLogParseError, parquetHeader } from '@flowecs/parser';
import { parquetMetadataAsync, parquetSchema, type AsyncBuffer, type FileMetaData } from 'hyparquet';
import type { DecodeRequest, DecodeResponse } from './decode-parquet-worker';
import type { FlowLogRecords } from './flow-log-records';
import { MAX_PARQUET_PAGE } from './parquet-compressors';

/** Rows per record batch: a row group is decoded whole, then handed on in slices. */
const SLICE = 4096;
/** A row group is decoded whole: one that claims more rows is refused (AWS writes files of at most 75 MB). */
const MAX_ROW_GROUP_ROWS = 16 * 1024 * 1024;
/** The decoding worker's heap: a row group that needs more is damaged or hostile. */
const WORKER_HEAP_MB = 512;

export class ParquetInputError extends Error {
  override readonly name = 'ParquetInputError';
}

/**
 * Refuses a footer whose sizes no real file has, before any of it is read:
 * column chunks larger than the file or inflating past 256 MiB, row groups of
 * more than 16M rows, nested columns. Returns the column names.
 */
export function checkParquetFooter(metadata: FileMetaData, byteLength: number): string[] {
  const columns = parquetSchema(metadata).children.map(child => {
    if (child.children.length > 0) throw new ParquetInputError(`column "${child.element.name}" is nested; flow-log columns are flat`);
    return child.element.name;
  });
  for (const group of metadata.row_groups) {
    if (Number(group.num_rows) > MAX_ROW_GROUP_ROWS || Number(group.num_rows) < 0) throw new ParquetInputError(`a row group claims ${group.num_rows} rows`);
    for (const chunk of group.columns) {
      const meta = chunk.meta_data;
      if (meta === undefined) continue;
      if (Number(meta.total_compressed_size) > byteLength || Number(meta.total_uncompressed_size) > MAX_PARQUET_PAGE) {
        throw new ParquetInputError(`column "${meta.path_in_schema.join('.')}" claims ${meta.total_uncompressed_size} bytes (${meta.total_compressed_size} compressed) in a ${byteLength}-byte file`);
      }
    }
  }
  return columns;
}

/** Random access to an open file, as hyparquet reads it (footer first, then column chunks). */
export function fileBuffer(handle: FileHandle, byteLength: number): AsyncBuffer {
  return {
    byteLength,
    async slice(start, end = byteLength) {
      if (start < 0 || end > byteLength || end < start) throw new ParquetInputError(`a read of bytes ${start}–${end} lies outside the ${byteLength}-byte file`);
      const bytes = Buffer.allocUnsafe(end - start);
      let done = 0;
      while (done < bytes.length) {
        const { bytesRead } = await handle.read(bytes, done, bytes.length - done, start + done);
        if (bytesRead === 0) throw new ParquetInputError('the file ended early');
        done += bytesRead;
      }
      return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length) as ArrayBuffer;
    },
  };
}

/**
 * The rows of a Parquet flow-log file as record batches, one row group at a
 * time (memory does not grow with the file): the column names set the layout
 * (`parquetHeader`), each row is the text record AWS writes for the same
 * columns (`formatParquetRow`). Footer sizes are checked against the file
 * before anything is read, and row groups are decoded on a worker thread
 * with a heap limit and a watchdog, so a hostile file cannot claim huge
 * buffers or stall the caller.
 */
export async function* readParquetRecords(file: AsyncBuffer): AsyncGenerator<FlowLogRecords> {
  let metadata: FileMetaData;
  try {
    metadata = await parquetMetadataAsync(file);
  } catch (error) {
    throw new ParquetInputError(`the footer cannot be read (${(error as Error).message})`);
  }
  const columns = checkParquetFooter(metadata, file.byteLength);
  let header: string | undefined = parquetHeader(columns);
  const decoder = createRowGroupDecoder();
  try {
    let rowStart = 0;
    for (const group of metadata.row_groups) {
      const rowEnd = rowStart + Number(group.num_rows);
      const values = await decoder.decode(file, metadata, group, columns, rowStart, rowEnd);
      for (let slice = 0; slice < rowEnd - rowStart; slice += SLICE) {
        let records: string[] = [];
        for (let row = slice; row < Math.min(slice + SLICE, rowEnd - rowStart); row++) {
          try {
            records.push(formatParquetRow(columns, values.map(column => column[row])));
          } catch (error) {
            if (!(error instanceof FlowLogParseError)) throw error;
            // A row no text record could hold: the rows so far, then it as one invalid line.
            yield { kind: 'flowecs:records', header, records };
            header = undefined;
            records = [];
            yield { kind: 'flowecs:invalid', error };
          }
        }
        yield { kind: 'flowecs:records', header, records };
        header = undefined;
      }
      rowStart = rowEnd;
    }
  } finally {
    await decoder.close();
  }
}

type RowGroup = FileMetaData['row_groups'][number];

/**
 * Decodes row groups on a worker thread (decode-parquet-worker.ts) with a
 * heap limit and a watchdog: damaged pages give a ParquetInputError, never a
 * hang or an exhausted heap in the caller's thread.
 */
function createRowGroupDecoder() {
  let worker: Worker | undefined;
  const start = () => {
    // From the sources (tests), the worker is the built one.
    const url = import.meta.url.endsWith('.ts') ? new URL('../dist/decode-parquet-worker.js', import.meta.url) : new URL('./decode-parquet-worker.js', import.meta.url);
    return new Worker(url, { resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB } });
  };
  return {
    async decode(file: AsyncBuffer, metadata: FileMetaData, group: RowGroup, columns: readonly string[], rowStart: number, rowEnd: number): Promise<ArrayLike<unknown>[]> {
      if (rowEnd === rowStart) return columns.map(() => []);
      // The row group's column chunks, read once and handed over.
      let from = Number.POSITIVE_INFINITY;
      let to = 0;
      for (const chunk of group.columns) {
        const meta = chunk.meta_data;
        if (meta === undefined) continue;
        const begin = Number(meta.dictionary_page_offset ?? meta.data_page_offset);
        from = Math.min(from, begin);
        to = Math.max(to, begin + Number(meta.total_compressed_size));
      }
      if (!(from >= 0 && to <= file.byteLength && from <= to)) throw new ParquetInputError(`rows ${rowStart + 1}–${rowEnd} lie outside the file`);
      const bytes = await file.slice(from, to);
      worker ??= start();
      const current = worker;
      // Decoding runs at tens of MB a second: 2 s and 1 s per MB is ample; a damaged page can loop for ever.
      const budget = 2000 + (to - from) / 1000;
      const request: DecodeRequest = { metadata, bytes, offset: from, byteLength: file.byteLength, columns, rowStart, rowEnd };
      const response = await new Promise<DecodeResponse>(resolve => {
        const done = (answer: DecodeResponse) => {
          clearTimeout(timer);
          current.off('message', done);
          current.off('error', failed);
          current.off('exit', exited);
          resolve(answer);
        };
        const failed = (error: Error) => done({ error: error.message });
        const exited = () => done({ error: 'the decoder stopped' });
        const timer = setTimeout(() => done({ error: `decoding took over ${Math.round(budget / 1000)} s: damaged pages` }), budget);
        current.on('message', done);
        current.once('error', failed);
        current.once('exit', exited);
        current.postMessage(request, [bytes]);
      });
      if ('error' in response) {
        // The worker may be stuck or spent: never reuse it.
        worker = undefined;
        await current.terminate();
        throw new ParquetInputError(`rows ${rowStart + 1}–${rowEnd} cannot be read (${response.error})`);
      }
      return response.values;
    },
    async close(): Promise<void> {
      const current = worker;
      worker = undefined;
      await current?.terminate();
    },
  };
}
