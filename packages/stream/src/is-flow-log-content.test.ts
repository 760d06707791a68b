import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, test } from 'vitest';
import { isFlowLogContent, isFlowLogFile } from './is-flow-log-content';

const V2 =
  '2 123456789010 eni-1235b8ca123456789 172.31.16.139 172.31.16.21 20641 22 6 20 4249 1418530010 1418530070 ACCEPT OK';
const HEADER =
  'version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status';
const bytes = (text: string) => new TextEncoder().encode(text);
const directory = mkdtempSync(join(tmpdir(), 'flowecs-content-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

describe('isFlowLogContent', () => {
  test.each([
    ['gzip', gzipSync('anything')],
    ['Parquet', bytes('PAR1\0\0\0')],
    ['a header line', bytes(`${HEADER}\n${V2}\n`)],
    ['a BOM, a blank line, then a record', bytes(`\uFEFF\n${V2}`)],
    ['a JSON record', bytes('{"srcaddr":"10.0.0.1","log_status":"OK"}\n')],
    ['a {"message": record} wrapper', bytes(`{"message":"${V2}"}\n`)],
  ])('%s: yes', (_name, head) => expect(isFlowLogContent(head)).toBe(true));

  test.each([
    ['empty', bytes('')],
    ['blank lines', bytes('\n\n  \n')],
    [
      'an ECS event (our own NDJSON output)',
      bytes(`{"message":"${V2}","event":{"category":["network"]},"@timestamp":"2014-12-14T04:06:50Z"}\n`),
    ],
    ['prose', bytes('Meeting notes\n')],
    ['broken JSON', bytes('{"message": \n')],
  ])('%s: no', (_name, head) => expect(isFlowLogContent(head)).toBe(false));
});

describe('isFlowLogFile', () => {
  test('reads a regular file, and never opens a FIFO (it would block)', async () => {
    const file = join(directory, 'flows.log');
    writeFileSync(file, `${V2}\n`);
    expect(await isFlowLogFile(file)).toBe(true);
    expect(await isFlowLogFile(join(directory, 'missing.log'))).toBe(false);
    const fifo = join(directory, 'fifo');
    execFileSync('mkfifo', [fifo]);
    expect(await isFlowLogFile(fifo)).toBe(false);
  });
});
