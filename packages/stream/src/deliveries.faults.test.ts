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

  test('envelopes cut in the middle of one: every envelope before it reaches the reader', async () => {
    const envelopes = Array.from({ length: 40 }, () => envelope(Array.from({ length: 50 }, () => V2))).join('');
    // Cut inside the 29th envelope.
    const result = await slowly(file('cut-envelopes.json', envelopes.slice(0, Math.floor(envelopes.length * 0.71))));
    expect(result.failure).toMatchObject({ code: 'invalid-envelope' });
    expect(result.stats.events).toBe(28 * 50);
    expect(result.received).toBe(result.stats.events);
  });
});
