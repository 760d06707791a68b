import { open } from 'node:fs/promises';
import type { Writable } from 'node:stream';
import { FlowLogInputError } from './flow-log-input-error';
import { fileBuffer, ParquetInputError, readParquetRecords } from './read-parquet';

/** An input's bytes by range (hyparquet's `AsyncBuffer`): `slice(start, end)` resolves to bytes `start` to `end - 1`. */
export interface RandomAccessInput {
  readonly byteLength: number;
  slice(start: number, end?: number): Promise<ArrayBuffer>;
}

/**
 * Writes a Parquet input's record batches into `output`, one row group at a
 * time, waiting while it is full: read by ranges from the file at `path`, or
 * from `randomAccess`. `onRead` is told the input's size once a batch has
 * been read. Rejects with why it cannot (see `describeParquetFailure`).
 */
export async function writeParquetInto(
  output: Writable,
  source: string,
  path: string | undefined,
  randomAccess: RandomAccessInput | undefined,
  onRead: (byteLength: number) => void,
): Promise<void> {
  if (path === undefined && randomAccess === undefined) {
    throw new FlowLogInputError(
      'parquet-needs-file',
      `${source}: Parquet can only be read from a file (it needs random access); save it to a file and pass its path.`,
      source,
      0,
      undefined,
    );
  }
  const handle = path === undefined ? undefined : await open(path, 'r');
  try {
    const file = handle === undefined ? randomAccess! : fileBuffer(handle, (await handle.stat()).size);
    for await (const batch of readParquetRecords(file)) {
      onRead(file.byteLength);
      if (!output.write(batch)) {
        await new Promise(resolve => {
          output.once('drain', resolve);
          output.once('close', resolve);
        });
      }
      if (output.destroyed) return;
    }
    output.end();
  } finally {
    await handle?.close();
  }
}

/** The typed error for a failure of `writeParquetInto`, naming the records read before it. */
export function describeParquetFailure(cause: unknown, source: string, records: number): FlowLogInputError {
  if (cause instanceof FlowLogInputError) return cause;
  const parquet = cause instanceof ParquetInputError;
  const reason = (cause as Error).message;
  return new FlowLogInputError(
    parquet ? 'invalid-parquet' : 'read-failed',
    `${source}: ${parquet ? 'not a readable Parquet flow log' : 'cannot be read'} (${reason}) after ${records} records.`,
    source,
    records,
    cause,
  );
}
