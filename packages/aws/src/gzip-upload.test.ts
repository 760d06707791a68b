import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startS3, type TestS3 } from './__fixtures__/s3-server';
import { createGzipUpload } from './gzip-upload';

let server: TestS3;
beforeAll(async () => {
  server = await startS3(['gzip-upload']);
});
afterAll(async () => {
  await server?.close();
});

describe('createGzipUpload', () => {
  test('ending the input publishes nothing: a failed conversion ends it, then aborts', async () => {
    const upload = createGzipUpload(server.s3, 'gzip-upload', 'ended.ndjson.gz');
    upload.input.end('{"event":1}\n');
    // Long enough for a small object's PutObject to complete, were the end to start it.
    await new Promise(resolve => setTimeout(resolve, 500));
    expect(await server.keys('gzip-upload')).toEqual([]);
    await upload.abort();
    expect(await server.keys('gzip-upload')).toEqual([]);
  });

  test('commit publishes what was written', async () => {
    const upload = createGzipUpload(server.s3, 'gzip-upload', 'committed.ndjson.gz');
    upload.input.write('{"event":1}\n');
    upload.input.write('{"event":2}\n');
    await upload.commit();
    const written = await server.get('gzip-upload', 'committed.ndjson.gz');
    expect(gunzipSync(written!).toString()).toBe('{"event":1}\n{"event":2}\n');
  });

  test('write() gathers lines, asks to wait when the upload is behind, and commit publishes every one, in order', async () => {
    const upload = createGzipUpload(server.s3, 'gzip-upload', 'written.ndjson.gz');
    const lines = Array.from({ length: 200_000 }, (_value, index) => `{"line":${index}}\n`);
    let waits = 0;
    for (const line of lines) {
      const wait = upload.write(line);
      if (wait !== undefined) {
        waits++;
        await wait;
      }
    }
    await upload.commit();
    expect(waits).toBeGreaterThan(0);
    const written = await server.get('gzip-upload', 'written.ndjson.gz');
    expect(gunzipSync(written!).toString()).toBe(lines.join(''));
  });
});
