// The README's way of running a bundled handler on your machine
// (examples/local-s3.mjs, against s3rver) runs, and says what it did.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, test } from 'vitest';

describe('examples/local-s3.mjs', () => {
  test('converts the sample object through the bundled s3.mjs and prints the log, the answer and an event', async () => {
    const { stdout, stderr } = await promisify(execFile)(
      process.execPath,
      [new URL('../examples/local-s3.mjs', import.meta.url).pathname],
      { env: { PATH: process.env['PATH'] } },
    );
    const lines = stdout.trim().split('\n');
    expect(JSON.parse(lines[0]!)).toMatchObject({ flowecs: 'summary', objects: 1, lines: 8, events: 7, failed: 0 });
    expect(lines[1]).toBe('answer: {"batchItemFailures":[]}');
    expect(lines[2]).toBe('events: 7; the first:');
    expect(JSON.parse(lines[3]!)).toMatchObject({ source: { port: 20641 }, network: { transport: 'tcp' } });
    expect(stderr).toBe('');
  });
});
