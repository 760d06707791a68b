import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { recordCommands, startS3, type TestS3 } from './__fixtures__/s3-server';
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

  test('abort() returns once the multipart upload is aborted, even while S3 is still creating it', async () => {
    const sent = recordCommands(server.s3);
    // S3 is slow to create the upload: abort() comes while it is in flight.
    server.s3.middlewareStack.add(
      (next, context) => async args => {
        if (context.commandName === 'CreateMultipartUploadCommand') await sleep(500);
        return next(args);
      },
      { step: 'finalizeRequest', name: 'slowCreate' },
    );
    const upload = createGzipUpload(server.s3, 'gzip-upload', 'aborted.ndjson.gz');
    // Three parts of incompressible bytes, so that the upload is multipart.
    upload.input.write(randomBytes(20 * 1024 * 1024).toString('base64'));
    while (!sent.some(entry => entry.command === 'CreateMultipartUploadCommand')) await sleep(10);
    await upload.abort();
    const created = sent.filter(entry => entry.command === 'CreateMultipartUploadCommand');
    const aborted = sent.filter(entry => entry.command === 'AbortMultipartUploadCommand');
    expect(aborted.map(entry => entry.uploadId)).toEqual(created.map(entry => entry.uploadId));
    expect(await server.keys('gzip-upload')).not.toContain('aborted.ndjson.gz');
    server.s3.middlewareStack.remove('slowCreate');
    server.s3.middlewareStack.remove('recordCommands');
  });
});
