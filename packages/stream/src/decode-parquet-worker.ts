// Decodes one row group of a Parquet file, off the main thread. hyparquet is
// pure JavaScript and trusts the file: damaged pages have made it loop for
// ever (a bit-packed run with a negative count) or allocate what a header
// claims. Here a watchdog can stop it and a heap limit bounds it, and the
// main thread reports a typed error instead of hanging or dying.
import { parentPort } from 'node:worker_threads';
import { FlowLogParseError } from '@flowecs/parser';
import { NdjsonWriter } from '@flowecs/parser/ndjson';
import { writeParquetRow } from '@flowecs/parser/parquet';
import type { FileMetaData, SchemaElement } from 'hyparquet';
import { rowGroupColumns } from './parquet-column-pages';
import { parquetFailureReason } from './parquet-failure-reason';
import { SEGMENT_CREDIT } from './row-group-decoder';

type RowGroup = FileMetaData['row_groups'][number];

export interface DecodeRequest {
  /** The file's schema and the row group's metadata, from its footer. */
  readonly schema: readonly SchemaElement[];
  readonly group: RowGroup;
  /** The bytes of the row group's column chunks, from `offset` in the file. */
  readonly bytes: ArrayBuffer;
  readonly offset: number;
  readonly columns: readonly string[];
}

/**
 * The row group as text records, in order: UTF-8 lines (`writeParquetRow`
 * of each row, a newline each), and, for a row no text record can hold, its
 * error. Sent as they are made (the bytes transferred), each spending a
 * credit, then how the row group ended: the worker holds a row group's
 * current pages and one segment of text. The main thread parses the lines as
 * it parses any text.
 */
export type DecodedSegment =
  | { readonly bytes: Uint8Array }
  | { readonly invalid: { readonly message: string; readonly field: string | undefined; readonly raw: string } };

/** From the worker: a segment, or the end of a row group (`row`: where an error stopped it). */
export type DecodeMessage = { readonly id: number } & (
  { readonly segment: DecodedSegment } | { readonly row: number; readonly error?: string }
);

/** To the worker: a row group to decode, credit for more segments, or to stop (its port closes, and it exits once idle). */
export type WorkerMessage =
  ({ readonly id: number } & DecodeRequest) | { readonly credit: number } | { readonly stop: true };

/** Bytes per text segment: handed over whole (transferred), a new buffer after each. */
const SEGMENT_BYTES = 256 * 1024;

// Segments the reader has room for: the decoding waits at zero.
let credit = SEGMENT_CREDIT;
let creditArrived: (() => void) | undefined;
// One row group at a time: a request that arrives early waits its turn.
let queue: Promise<void> = Promise.resolve();
parentPort?.on('message', (message: WorkerMessage) => {
  if ('stop' in message) return parentPort!.close();
  if ('credit' in message) {
    credit += message.credit;
    creditArrived?.();
    return;
  }
  const { id, ...request } = message;
  const send = (answer: DecodeMessage, transfer: ArrayBuffer[] = []) => parentPort!.postMessage(answer, transfer);
  const emit = async (segment: DecodedSegment) => {
    send({ id, segment }, 'bytes' in segment ? [segment.bytes.buffer as ArrayBuffer] : []);
    credit--;
    // (credit rises in the message handler above, as the reader takes segments.)
    for (;;) {
      if (credit > 0) return;
      await new Promise<void>(resolve => (creditArrived = resolve));
    }
  };
  const state = { row: 0 };
  queue = queue.then(() =>
    decode(request, emit, state).then(
      () => send({ id, row: state.row }),
      (error: unknown) => send({ id, row: state.row, error: parquetFailureReason(error, 'a page is malformed') }),
    ),
  );
});

async function decode(
  { schema, group, bytes, offset, columns }: DecodeRequest,
  emit: (segment: DecodedSegment) => Promise<void>,
  state: { row: number },
): Promise<void> {
  const cursors = rowGroupColumns(schema, group, columns, new Uint8Array(bytes), offset);
  const out = new NdjsonWriter(SEGMENT_BYTES + 64 * 1024);
  const flush = async () => {
    if (out.length > 0) await emit({ bytes: out.detach() });
  };
  const row: unknown[] = Array.from({ length: cursors.length });
  const rows = Number(group.num_rows);
  try {
    for (; state.row < rows; state.row++) {
      for (let column = 0; column < cursors.length; column++) row[column] = cursors[column]!.next();
      try {
        writeParquetRow(columns, row, out);
        out.reserve(1);
        out.bytes[out.length++] = 10;
      } catch (error) {
        if (!(error instanceof FlowLogParseError)) throw error;
        await flush();
        await emit({ invalid: { message: error.message, field: error.field, raw: error.raw } });
      }
      if (out.length >= SEGMENT_BYTES) await flush();
    }
  } finally {
    // A page that cannot be read ends the row group: the rows before it are delivered first.
    await flush();
  }
}
