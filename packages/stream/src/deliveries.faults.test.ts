import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { describe, expect, test } from 'vitest';
import { envelope, file, V2, V2_HEADER } from './__fixtures__/deliveries';
import { writeParquet } from './__fixtures__/write-parquet';
import { createFlowLogStream } from './create-flow-log-stream';
import { openFlowLogFile, type FlowLogInputError } from './open-flow-log-file';

describe('a slow reader and a fault mid-stream, in the new deliveries', () => {
  /** Pauses `delay` ms on every write: far slower than the parser. */
  const slowWriter = () => {
    let events = 0;
    const writable = new Writable({
      highWaterMark: 1024,
      write(chunk: Buffer, _encoding, callback) {
        events += chunk.toString().split('\n').length - 1;
        setTimeout(callback, 2);
      },
    });
    return { writable, events: () => events };
  };

  async function slowly(path: string) {
    const flows = createFlowLogStream({ output: 'ndjson', readableHighWaterMark: 256 });
    const reader = slowWriter();
    const failure = await pipeline(openFlowLogFile(path), flows, reader.writable).then(
      () => undefined,
      (error: unknown) => error as FlowLogInputError,
    );
    return { failure, received: reader.events(), stats: flows.stats() };
  }

  test('Parquet whose last row group is damaged: every row before it reaches the reader', async () => {
    const rows = Array.from({ length: 600 }, () => V2);
    const bytes = writeParquet(V2_HEADER.split(' '), rows, { rowGroupSize: 200 });
    // Damage a column chunk of the last row group: it fails, the first two convert.
    const { parquetMetadata } = await import('hyparquet');
    const meta = parquetMetadata(
      bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer,
    ).row_groups[2]!.columns[3]!.meta_data!;
    const damaged = bytes.slice();
    damaged.fill(
      0xff,
      Number(meta.data_page_offset),
      Number(meta.data_page_offset) + Number(meta.total_compressed_size),
    );
    const result = await slowly(file('late-damage.log.parquet', damaged));
    expect(result.failure).toMatchObject({ code: 'invalid-parquet' });
    expect(result.stats.events).toBe(400);
    expect(result.received).toBe(result.stats.events);
    expect(result.failure!.linesRead).toBe(result.stats.lines);
  });

  test('Parquet damaged in a later page of a row group: every row before that page reaches the reader, and the error names the row', async () => {
    const rows = Array.from({ length: 3000 }, (_, index) => V2.replace('20641', String(1024 + index)));
    const bytes = writeParquet(V2_HEADER.split(' '), rows, { rowGroupSize: 3000, pageSize: 1024 });
    const { parquetMetadata } = await import('hyparquet');
    const { parquetHeader } = await import('hyparquet/src/column.js');
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const chunk = parquetMetadata(
      bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer,
    ).row_groups[0]!.columns.find(column => column.meta_data?.path_in_schema[0] === 'srcport')!.meta_data!;
    // The column's data pages; damage the fourth one's compressed bytes.
    const reader = { view, offset: Number(chunk.dictionary_page_offset ?? chunk.data_page_offset) };
    const pages: { start: number; size: number }[] = [];
    while (reader.offset < Number(chunk.data_page_offset) + Number(chunk.total_compressed_size)) {
      const header = parquetHeader(reader);
      if (header.type !== 'DICTIONARY_PAGE') pages.push({ start: reader.offset, size: header.compressed_page_size });
      reader.offset += header.compressed_page_size;
    }
    expect(pages.length).toBeGreaterThan(4);
    const damaged = bytes.slice();
    damaged.fill(0xff, pages[3]!.start, pages[3]!.start + pages[3]!.size);
    const result = await slowly(file('mid-damage.log.parquet', damaged));
    expect(result.failure).toMatchObject({ code: 'invalid-parquet' });
    const from = Number(/rows (\d+)–3000 cannot be read/.exec(result.failure!.message)![1]);
    expect(from).toBeGreaterThan(1);
    expect(result.stats.events).toBe(from - 1);
    expect(result.received).toBe(result.stats.events);
    expect(result.failure!.linesRead).toBe(result.stats.lines);
  });

  test('envelopes cut in the middle of one: every envelope before it reaches the reader', async () => {
    const envelopes = Array.from({ length: 40 }, () => envelope(Array.from({ length: 50 }, () => V2))).join('');
    // Cut inside the 29th envelope.
    const result = await slowly(file('cut-envelopes.json', envelopes.slice(0, Math.floor(envelopes.length * 0.71))));
    expect(result.failure).toMatchObject({ code: 'invalid-envelope' });
    expect(result.stats.events).toBe(28 * 50);
    expect(result.received).toBe(result.stats.events);
  });
});
