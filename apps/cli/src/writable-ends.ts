import type { Writable } from 'node:stream';

/** Waits until a stream that asked for a drain has drained (or failed). */
export async function flushWritable(stream: Writable): Promise<void> {
  if (!stream.writableNeedDrain) return;
  await new Promise<void>(resolve => {
    stream.once('drain', resolve);
    stream.once('error', () => resolve());
  });
}

/** Ends a stream; rejects with the error of its last write or of its close. */
export async function closeWritable(stream: Writable): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    stream.once('error', reject);
    stream.end((error?: Error | null) => (error ? reject(error) : resolve()));
  });
}
