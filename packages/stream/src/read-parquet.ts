import type { FileHandle } from 'node:fs/promises';
import { formatParquetRow, FlowLogParseError, parquetHeader } from '@flowecs/parser';
import { parquetMetadataAsync, parquetRead, parquetSchema, type AsyncBuffer, type FileMetaData } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import type { FlowLogRecords } from './flow-log-records';

/** Rows per record batch: a row group is decoded whole, then handed on in slices. */
const SLICE = 4096;
/** A column chunk that claims to inflate past this is refused before it is read. */
const MAX_COLUMN_CHUNK = 256 * 1024 * 1024;

export class ParquetInputError extends Error {
  override readonly name = 'ParquetInputError';
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
 * before anything is read, so a hostile footer cannot claim huge buffers.
 */
export async function* readParquetRecords(file: AsyncBuffer): AsyncGenerator<FlowLogRecords> {
  let metadata: FileMetaData;
  try {
    metadata = await parquetMetadataAsync(file);
  } catch (error) {
    throw new ParquetInputError(`the footer cannot be read (${(error as Error).message})`);
  }
  const columns = parquetSchema(metadata).children.map(child => {
    if (child.children.length > 0) throw new ParquetInputError(`column "${child.element.name}" is nested; flow-log columns are flat`);
    return child.element.name;
  });
  for (const group of metadata.row_groups) {
    for (const chunk of group.columns) {
      const meta = chunk.meta_data;
      if (meta === undefined) continue;
      if (Number(meta.total_compressed_size) > file.byteLength || Number(meta.total_uncompressed_size) > MAX_COLUMN_CHUNK) {
        throw new ParquetInputError(`column "${meta.path_in_schema.join('.')}" claims ${meta.total_uncompressed_size} bytes, more than the file can hold`);
      }
    }
  }
  let header: string | undefined = parquetHeader(columns);
  let rowStart = 0;
  for (const group of metadata.row_groups) {
    const rowEnd = rowStart + Number(group.num_rows);
    let rows: unknown[][] = [];
    try {
      await parquetRead({ file, metadata, rowStart, rowEnd, compressors, rowFormat: 'array', onComplete: data => (rows = data) });
    } catch (error) {
      throw new ParquetInputError(`rows ${rowStart + 1}–${rowEnd} cannot be read (${(error as Error).message})`);
    }
    rowStart = rowEnd;
    for (let slice = 0; slice < rows.length; slice += SLICE) {
      let records: string[] = [];
      for (const row of rows.slice(slice, slice + SLICE)) {
        try {
          records.push(formatParquetRow(columns, row));
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
  }
}
