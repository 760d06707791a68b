// --jobs parses each input in blocks on worker threads: its output must be
// --jobs 1's, byte for byte, whatever falls on a block's edge.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { afterAll, describe, expect, test } from 'vitest';

const binary = fileURLToPath(new URL('../bin/flowecs.js', import.meta.url));
const directory = mkdtempSync(join(tmpdir(), 'flowecs-jobs-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

const V2 =
  '2 123456789010 eni-1235b8ca123456789 172.31.16.139 172.31.16.21 20641 22 6 20 4249 1418530010 1418530070 ACCEPT OK';
const V2_HEADER =
  'version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status';
const CUSTOM_HEADER = 'version srcaddr dstaddr action log-status';
const CUSTOM = '3 10.0.0.1 10.0.0.2 REJECT OK';

/** What the CLI gives for the files: events, dead letters, the summary (but its time) and the exit status. */
function run(files: readonly string[], jobs: number, blockSize: number) {
  const errors = join(directory, 'errors.ndjson');
  rmSync(errors, { force: true });
  const result = spawnSync(
    process.execPath,
    [binary, ...files, '--jobs', String(jobs), '--stats', '--errors', errors],
    {
      encoding: 'utf8',
      maxBuffer: 1 << 26,
      env: { ...process.env, FLOWECS_BLOCK_SIZE: String(blockSize) },
    },
  );
  let letters = '';
  try {
    letters = readFileSync(errors, 'utf8');
  } catch {}
  return {
    status: result.status,
    stdout: result.stdout,
    letters,
    stderr: result.stderr.replace(/^flowecs: time: .*$/m, ''),
  };
}

const line = fc.oneof(
  { weight: 8, arbitrary: fc.constant(V2) },
  { weight: 2, arbitrary: fc.constant(CUSTOM) },
  fc.constant(V2_HEADER),
  fc.constant(CUSTOM_HEADER),
  fc.constant('version no-such-field'),
  fc.constant(''),
  fc.constant('2 not a record'),
  fc.constant(`{"version":2,"srcaddr":"10.0.0.9","dstaddr":"10.0.0.8","action":"ACCEPT"}`),
  fc.integer({ min: 1, max: 3 }).map(size => 'x'.repeat(size * 700_000)),
);

describe('--jobs 2 against --jobs 1', () => {
  test('random files (headers switching the layout, invalid and over-long lines, blanks, CRLF, gzip) in random blocks', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.array(line, { maxLength: 40 }), fc.boolean(), fc.boolean(), fc.boolean()), {
          minLength: 1,
          maxLength: 3,
        }),
        fc.integer({ min: 1, max: 4000 }),
        (specs, blockSize) => {
          const files = specs.map(([lines, crlf, gzip, bom], index) => {
            const text = `${bom ? '\ufeff' : ''}${lines.join(crlf ? '\r\n' : '\n')}\n`;
            const path = join(directory, `input-${index}.log${gzip ? '.gz' : ''}`);
            writeFileSync(path, gzip ? gzipSync(text) : text);
            return path;
          });
          expect(run(files, 2, blockSize)).toEqual(run(files, 1, blockSize));
        },
      ),
      { seed: 46, numRuns: 25 },
    );
  }, 300_000);
});
