import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createFlowLogStream, openFlowLogFile } from '@flowecs/stream';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createBlockPool, type BlockPool } from './block-pool';
import type { ConvertSettings } from './convert-file';

// A worker thread that dies takes the block it held with it: the block is
// parsed once more, and a second failure fails the input with nothing after
// the block written. The pool is real; its `convert` is made to fail as a
// dead worker's does (the pool rejects the block and starts another worker).

const V2 =
  '2 123456789010 eni-1235b8ca123456789 172.31.16.139 172.31.16.21 20641 22 6 20 4249 1418530010 1418530070 ACCEPT OK';
const settings: ConvertSettings = {
  format: undefined,
  profile: 'standard',
  filter: undefined,
  pretty: false,
  inputFormat: 'auto',
};
const directory = mkdtempSync(join(tmpdir(), 'flowecs-blocks-'));
const file = join(directory, 'flows.log');
// Lines that differ, so that a block written twice or skipped shows.
writeFileSync(
  file,
  Array.from({ length: 4000 }, (_, index) => V2.replace('20641', String(1024 + index))).join('\n') + '\n',
);
let pool: BlockPool;
let convertInBlocks: typeof import('./convert-in-blocks').convertInBlocks;
beforeAll(async () => {
  // Blocks of 4 KiB: about a hundred of them (the size is read when the module loads).
  process.env['FLOWECS_BLOCK_SIZE'] = '4096';
  ({ convertInBlocks } = await import('./convert-in-blocks'));
  pool = createBlockPool(2);
});
afterAll(async () => {
  delete process.env['FLOWECS_BLOCK_SIZE'];
  await pool.close();
  rmSync(directory, { recursive: true, force: true });
});

/** The pool, with the `failingBlock`th block asked for (0-based) rejected `times` times, its retries included. */
function failing(failingBlock: number, times: number): BlockPool {
  let asked = 0;
  let failed = 0;
  let line: number | undefined;
  return {
    ...pool,
    convert(task) {
      if (asked++ === failingBlock) line = task.resume?.lineNumber;
      if (line !== undefined && task.resume?.lineNumber === line && failed < times) {
        failed++;
        return Promise.reject(new Error('the worker thread exited'));
      }
      return pool.convert(task);
    },
  };
}

async function convert(blocks: BlockPool) {
  const chunks: Buffer[] = [];
  const output = {
    error: undefined,
    write: async (chunk: Buffer) => void chunks.push(Buffer.from(chunk)),
    forward: () => new Writable({ write: (_chunk, _encoding, callback) => callback() }),
  };
  const result = await convertInBlocks(
    openFlowLogFile(file),
    file,
    settings,
    blocks,
    output,
    () => undefined,
    new AbortController().signal,
  );
  return { ...result, ndjson: Buffer.concat(chunks).toString() };
}

describe('a worker thread that dies', () => {
  let expected = '';
  beforeAll(async () => {
    const parts: Buffer[] = [];
    await pipeline(
      openFlowLogFile(file),
      createFlowLogStream({ output: 'ndjson' }),
      new Writable({
        write(chunk: Buffer, _encoding, callback) {
          parts.push(chunk);
          callback();
        },
      }),
    );
    expected = Buffer.concat(parts).toString();
  });

  test('once: its block is parsed again, and the output is that of one thread', async () => {
    const result = await convert(failing(20, 1));
    expect(result.failure).toBeUndefined();
    expect(result.ndjson).toBe(expected);
    expect(result.stats).toMatchObject({ lines: 4000, events: 4000 });
  });

  test('twice on the same block: the input fails, and the output stops before that block', async () => {
    const result = await convert(failing(20, 2));
    expect(result.failure).toMatch(
      /a worker thread failed twice on the lines after line \d+ \(the worker thread exited\); the output stops before them\./,
    );
    const line = Number(/after line (\d+)/.exec(result.failure!)![1]);
    expect(line).toBeGreaterThan(0);
    // Every line before the block, and nothing from it on.
    expect(result.ndjson).toBe(
      expected
        .split('\n')
        .slice(0, line)
        .map(event => `${event}\n`)
        .join(''),
    );
  });
});
