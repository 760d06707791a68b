import { closeSync, ftruncateSync, openSync, writeSync } from 'node:fs';
import { Writable } from 'node:stream';

/**
 * A Writable over a regular file (or a character device such as /dev/null)
 * that writes synchronously, as Node writes `process.stdout` to a file. The
 * NDJSON is produced on this thread anyway: copying it into the page cache
 * directly is faster than a thread-pool write per batch and waiting for
 * 'drain', most of all on two cores (`pnpm bench`: about 15% of the CLI's
 * wall time), and nothing waits in memory for the disk. Errors (a full
 * disk) fail the stream as a WriteStream's would. Never a pipe or a FIFO,
 * which could block the process. Strings (dead letters) are encoded into
 * one reused buffer: not a new buffer a write, that the collector frees late.
 */
export function createFileWriter(path: string): Writable {
  let descriptor: number | undefined;
  // Bytes of whole chunks written: a chunk cut by a full disk is cut back
  // off, so the file ends at a complete line.
  let committed = 0;
  let scratch = Buffer.alloc(0);
  const writeAll = (chunk: Uint8Array) => {
    try {
      for (let offset = 0; offset < chunk.length;) offset += writeSync(descriptor!, chunk, offset);
      committed += chunk.length;
    } catch (error) {
      try {
        ftruncateSync(descriptor!, committed);
      } catch {
        // The write's own error is the one to report (a device cannot be truncated).
      }
      throw error;
    }
  };
  const encode = (text: string): Uint8Array => {
    if (scratch.length < text.length * 3) scratch = Buffer.allocUnsafe(Math.max(text.length * 3, 1024 * 1024));
    return scratch.subarray(0, scratch.write(text));
  };
  return new Writable({
    highWaterMark: 512 * 1024,
    decodeStrings: false,
    construct(callback) {
      try {
        descriptor = openSync(path, 'w');
        callback();
      } catch (error) {
        callback(error as Error);
      }
    },
    write(chunk: Buffer | string, _encoding, callback) {
      try {
        writeAll(typeof chunk === 'string' ? encode(chunk) : chunk);
        callback();
      } catch (error) {
        callback(error as Error);
      }
    },
    final(callback) {
      try {
        closeSync(descriptor!);
        descriptor = undefined;
        callback();
      } catch (error) {
        callback(error as Error);
      }
    },
    destroy(error, callback) {
      if (descriptor !== undefined) closeSync(descriptor);
      descriptor = undefined;
      callback(error);
    },
  });
}
