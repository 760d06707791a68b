import { setTimeout as sleep } from 'node:timers/promises';
import { parquetMetadata, type FileMetaData } from 'hyparquet';
import { expect, test } from 'vitest';
import { V2, V2_HEADER } from './__fixtures__/deliveries';
import { writeParquet } from './__fixtures__/write-parquet';
import { createRowGroupDecoder, SEGMENT_CREDIT } from './row-group-decoder';

test('a reader that pauses holds the worker, not memory: at most SEGMENT_CREDIT segments wait for it, and the watchdog waits too', async () => {
  // One row group of 40k rows: about 4.5 MB of text, far more than the credit's segments.
  const rows = 40_000;
  const bytes = writeParquet(
    V2_HEADER.split(' '),
    Array.from({ length: rows }, () => V2),
    { rowGroupSize: rows },
  );
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  const metadata: FileMetaData = parquetMetadata(buffer);
  const file = { byteLength: buffer.byteLength, slice: (start: number, end?: number) => buffer.slice(start, end) };
  const columns = V2_HEADER.split(' ').map(field => field.replaceAll('-', '_'));
  const decoder = createRowGroupDecoder(file, metadata, columns);
  try {
    const pending = decoder.decode({ group: metadata.row_groups[0]!, rowStart: 0, rowEnd: rows });
    const job = await pending;
    // The reader takes nothing for a while: the worker stops at the credit.
    for (let waited = 0; job.segments.length < SEGMENT_CREDIT && waited < 20_000; waited += 50) await sleep(50);
    // Longer than the watchdog's budget (5 s and 2 s per MB): a waiting worker is not a stuck one.
    await sleep(5500);
    expect(job.segments.length).toBe(SEGMENT_CREDIT);
    expect(job.end).toBeUndefined();
    // Then it reads slowly, and every row arrives, in order.
    let text = '';
    for await (const segment of decoder.segments(pending)) {
      expect(job.segments.length).toBeLessThanOrEqual(SEGMENT_CREDIT);
      if ('bytes' in segment) text += Buffer.from(segment.bytes).toString();
      await sleep(1);
    }
    const lines = text.split('\n');
    expect(lines.pop()).toBe('');
    expect(lines).toHaveLength(rows);
    expect(new Set(lines)).toEqual(new Set([V2]));
  } finally {
    await decoder.close();
  }
}, 30_000);
