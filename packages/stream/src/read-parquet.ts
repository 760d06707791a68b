import type { FileHandle } from 'node:fs/promises';
import { FlowLogParseError } from '@flowecs/parser';
import { parquetHeader } from '@flowecs/parser/parquet';
import { parquetMetadataAsync, parquetSchema, type AsyncBuffer, type FileMetaData } from 'hyparquet';
import type { FlowLogRecords } from './flow-log-records';
import { MAX_PARQUET_PAGE } from './parquet-compressors';
import { parquetFailureReason } from './parquet-failure-reason';
import { createRowGroupDecoder, RowGroupError } from './row-group-decoder';

/** A row group is decoded whole: one that claims more rows is refused (AWS writes files of at most 75 MB). */
const MAX_ROW_GROUP_ROWS = 16 * 1024 * 1024;

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
    if (child.children.length > 0)
      throw new ParquetInputError(`column "${child.element.name}" is nested; flow-log columns are flat`);
    return child.element.name;
  });
  for (const group of metadata.row_groups) {
    if (Number(group.num_rows) > MAX_ROW_GROUP_ROWS || Number(group.num_rows) < 0)
      throw new ParquetInputError(`a row group claims ${group.num_rows} rows`);
    for (const chunk of group.columns) {
      const meta = chunk.meta_data;
      if (meta === undefined) continue;
      if (Number(meta.total_compressed_size) > byteLength || Number(meta.total_uncompressed_size) > MAX_PARQUET_PAGE) {
        throw new ParquetInputError(
          `column "${meta.path_in_schema.join('.')}" claims ${meta.total_uncompressed_size} bytes (${meta.total_compressed_size} compressed) in a ${byteLength}-byte file`,
        );
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
      if (start < 0 || end > byteLength || end < start)
        throw new ParquetInputError(`a read of bytes ${start}–${end} lies outside the ${byteLength}-byte file`);
      // Its own ArrayBuffer (a small Buffer would share the pool's), handed on without a copy.
      const bytes = new Uint8Array(end - start);
      let done = 0;
      while (done < bytes.length) {
        const { bytesRead } = await handle.read(bytes, done, bytes.length - done, start + done);
        if (bytesRead === 0) throw new ParquetInputError('the file ended early');
        done += bytesRead;
      }
      return bytes.buffer;
    },
  };
}

/**
 * The rows of a Parquet flow-log file, a page of each column at a time
 * (memory does not grow with the file or its row groups): first the column
 * names as the layout (`parquetHeader`, a batch of no records), then each row
 * as the text record AWS writes for the same columns (`writeParquetRow`), as
 * UTF-8 lines, and a row no text record can hold as an invalid line. Footer
 * sizes are checked before anything is read; pages are decoded on a worker
 * thread with a heap limit and a watchdog (`createRowGroupDecoder`), while
 * this thread parses the lines before them, so a hostile file cannot claim
 * huge buffers or stall the caller. A row group that cannot be read ends the
 * file with a `ParquetInputError` after the rows before the damage.
 */
export async function* readParquetRecords(file: AsyncBuffer): AsyncGenerator<FlowLogRecords | Uint8Array> {
  let metadata: FileMetaData;
  let columns: string[];
  try {
    metadata = await parquetMetadataAsync(file);
    columns = checkParquetFooter(metadata, file.byteLength);
  } catch (error) {
    const reason = parquetFailureReason(error, 'its metadata is malformed');
    // flowecs's own checks say what they found; anything else is named as the footer's.
    if (error instanceof ParquetInputError && reason === error.message) throw error;
    throw new ParquetInputError(`the footer cannot be read (${reason})`, { cause: error });
  }
  yield { kind: 'flowecs:records', header: parquetHeader(columns), records: [] };
  let rowStart = 0;
  const groups = metadata.row_groups.map(group => {
    const range = { group, rowStart, rowEnd: rowStart + Number(group.num_rows) };
    rowStart = range.rowEnd;
    return range;
  });
  const decoder = createRowGroupDecoder(file, metadata, columns);
  // The next row group's bytes are read and queued on the worker while this one is decoded.
  let next = groups.length > 0 ? decoder.decode(groups[0]!) : undefined;
  try {
    for (let index = 0; index < groups.length; index++) {
      const current = next!;
      next = index + 1 < groups.length ? decoder.decode(groups[index + 1]!) : undefined;
      try {
        for await (const segment of decoder.segments(current)) {
          if ('bytes' in segment) yield segment.bytes;
          else
            yield {
              kind: 'flowecs:invalid',
              error: new FlowLogParseError('invalid-value', segment.invalid.message, {
                field: segment.invalid.field,
                raw: segment.invalid.raw,
              }),
            };
        }
      } catch (error) {
        if (!(error instanceof RowGroupError)) throw error;
        const range = groups[index]!;
        throw new ParquetInputError(
          `rows ${range.rowStart + error.row + 1}–${range.rowEnd} cannot be read (${error.message})`,
        );
      }
    }
  } finally {
    await next?.catch(() => undefined);
    await decoder.close();
  }
}
