import type { FileHandle } from 'node:fs/promises';
import { Worker } from 'node:worker_threads';
import { FlowLogParseError, parquetHeader } from '@flowecs/parser';
import { parquetMetadataAsync, parquetSchema, type AsyncBuffer, type FileMetaData } from 'hyparquet';
import type { DecodedSegment, DecodeMessage, DecodeRequest } from './decode-parquet-worker';

/** A row group's answer: its segments, and how it ended. */
type DecodeResponse = { readonly segments: DecodedSegment[] } | { readonly error: string };
import type { FlowLogRecords } from './flow-log-records';
import { MAX_PARQUET_PAGE } from './parquet-compressors';

/** A row group is decoded whole: one that claims more rows is refused (AWS writes files of at most 75 MB). */
const MAX_ROW_GROUP_ROWS = 16 * 1024 * 1024;
/** The decoding worker's heap: a row group that needs more is damaged or hostile. */
const WORKER_HEAP_MB = 256;

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
 * The rows of a Parquet flow-log file, one row group at a time (memory does
 * not grow with the file): first the column names as the layout
 * (`parquetHeader`, a batch of no records), then each row as the text record
 * AWS writes for the same columns (`formatParquetRow`), as UTF-8 lines, and a
 * row no text record can hold as an invalid line. Footer sizes are checked
 * before anything is read; row groups are decoded on a worker thread with a
 * heap limit and a watchdog, the next while the current one is parsed, so a
 * hostile file cannot claim huge buffers or stall the caller.
 */
export async function* readParquetRecords(file: AsyncBuffer): AsyncGenerator<FlowLogRecords | Uint8Array> {
  let metadata: FileMetaData;
  try {
    metadata = await parquetMetadataAsync(file);
  } catch (error) {
    throw new ParquetInputError(`the footer cannot be read (${(error as Error).message})`);
  }
  const columns = checkParquetFooter(metadata, file.byteLength);
  yield { kind: 'flowecs:records', header: parquetHeader(columns), records: [] };
  let rowStart = 0;
  const groups = metadata.row_groups.map(group => {
    const range = { group, rowStart, rowEnd: rowStart + Number(group.num_rows) };
    rowStart = range.rowEnd;
    return range;
  });
  const decoder = createRowGroupDecoder(file, metadata, columns);
  try {
    // Two row groups requested ahead: the worker has the next one in hand
    // (its bytes read) while this thread parses the current one.
    const requested = groups.slice(0, 2).map(group => decoder.decode(group));
    for (let index = 0; index < groups.length; index++) {
      const response = await requested.shift()!;
      if (index + 2 < groups.length) requested.push(decoder.decode(groups[index + 2]!));
      if ('error' in response)
        throw new ParquetInputError(
          `rows ${groups[index]!.rowStart + 1}–${groups[index]!.rowEnd} cannot be read (${response.error})`,
        );
      for (const segment of response.segments) {
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
    }
  } finally {
    await decoder.close();
  }
}

interface RowGroupRange {
  readonly group: FileMetaData['row_groups'][number];
  readonly rowStart: number;
  readonly rowEnd: number;
}

/**
 * Decodes row groups on a worker thread (decode-parquet-worker.ts) with a
 * heap limit and a watchdog: damaged pages give an error answer, never a
 * hang or an exhausted heap in the caller's thread. Answers always resolve.
 */
function createRowGroupDecoder(file: AsyncBuffer, metadata: FileMetaData, columns: readonly string[]) {
  let worker: Worker | undefined;
  let nextId = 0;
  const waiting = new Map<number, (response: DecodeResponse) => void>();
  // Segments arrive as the worker makes them: kept here until the row group is done.
  const received = new Map<number, DecodedSegment[]>();
  const answerAll = (error: string) => {
    for (const answer of waiting.values()) answer({ error });
    waiting.clear();
  };
  const start = () => {
    // From the sources (tests), the worker is the built one.
    const url = import.meta.url.endsWith('.ts')
      ? new URL('../dist/decode-parquet-worker.js', import.meta.url)
      : new URL('./decode-parquet-worker.js', import.meta.url);
    const created = new Worker(url, {
      resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB, maxYoungGenerationSizeMb: 8 },
    });
    created.on('message', (message: DecodeMessage) => {
      if ('segment' in message) return void received.get(message.id)?.push(message.segment);
      const answer = waiting.get(message.id);
      waiting.delete(message.id);
      answer?.('error' in message ? { error: message.error } : { segments: received.get(message.id) ?? [] });
      received.delete(message.id);
    });
    created.once('error', error => answerAll(error.message));
    created.once('exit', () => answerAll('the decoder stopped'));
    return created;
  };
  const stop = async () => {
    const current = worker;
    worker = undefined;
    await current?.terminate();
  };
  return {
    async decode({ group, rowStart, rowEnd }: RowGroupRange): Promise<DecodeResponse> {
      if (rowEnd === rowStart) return { segments: [] };
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
      if (!(from >= 0 && to <= file.byteLength && from <= to)) return { error: 'they lie outside the file' };
      let bytes: ArrayBuffer;
      try {
        bytes = await file.slice(from, to);
      } catch (error) {
        return { error: (error as Error).message };
      }
      worker ??= start();
      const id = nextId++;
      // Decoding runs at tens of MB a second: 5 s and 2 s per MB is ample, a row group queued behind another included; a damaged page can loop for ever.
      const budget = 5000 + (to - from) / 500;
      const response = await new Promise<DecodeResponse>(resolve => {
        const timer = setTimeout(
          () => resolve({ error: `decoding took over ${Math.round(budget / 1000)} s: damaged pages` }),
          budget,
        );
        received.set(id, []);
        waiting.set(id, answer => {
          clearTimeout(timer);
          resolve(answer);
        });
        const request: DecodeRequest = {
          metadata,
          bytes,
          offset: from,
          byteLength: file.byteLength,
          columns,
          rowStart,
          rowEnd,
        };
        worker!.postMessage({ id, ...request }, [bytes]);
      });
      // A worker that failed may be stuck or spent: never reuse it.
      if ('error' in response) await stop();
      return response;
    },
    close: stop,
  };
}
