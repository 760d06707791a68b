import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, test } from 'vitest';
import { startsWithFlowEcsOutput } from './is-flow-ecs-output';
import { flowLogContentVerdict, isFlowLogContent, isFlowLogFile } from './is-flow-log-content';

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

describe('flowLogContentVerdict: a delivery in any layout, and why anything else is not one', () => {
  const CUSTOM = '2 vpc-0abc1234 10.0.0.5 10.0.0.9 443 50000 6 ACCEPT OK';
  test.each([
    ['a headerless custom layout (the parser then says to pass --format)', bytes(`${CUSTOM}\n`), undefined],
    ['a CloudWatch export line of a custom layout', bytes(`2024-11-30T04:05:00.000Z ${CUSTOM}\n`), undefined],
    ['a gzip of envelopes', gzipSync('{"messageType":"DATA_MESSAGE","logEvents":[]}'), undefined],
    ['a gzip cut before its first line ends', gzipSync(`${V2}\n`.repeat(100)).subarray(0, 30), undefined],
    ['a gzip that cannot be inflated', Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 0xff, 0xff]), undefined],
    [
      'flowecs output',
      bytes(`{"message":"${V2}","event":{"category":["network"]},"@timestamp":"2014-12-14T04:06:50Z"}\n`),
      'events or dead letters (flowecs output)',
    ],
    [
      'flowecs OCSF output',
      bytes(
        `{"metadata":{"product":{"version":"2","name":"Amazon VPC","feature":{"name":"Flowlogs"},"vendor_name":"AWS"},"profiles":["cloud","security_control","datetime"],"version":"1.1.0"},"time":1418530010000,"class_uid":4001}\n`,
      ),
      'events or dead letters (flowecs output)',
    ],
    [
      "Security Lake's own OCSF rows (nulls for absent values)",
      bytes('{"metadata":{"product":{"name":"Amazon VPC"}},"time":1,"class_uid":4001,"accountid":null}\n'),
      'JSON that is not flow-log records',
    ],
    [
      'OCSF from another product',
      bytes('{"metadata":{"product":{"name":"Other"}},"time":1,"class_uid":4001}\n'),
      'JSON that is not flow-log records',
    ],
    [
      'a gzip of flowecs output',
      gzipSync(`{"message":"x","event":{},"@timestamp":"t"}\n`),
      'events or dead letters (flowecs output)',
    ],
    ['other JSON', bytes('{"a":1}\n'), 'JSON that is not flow-log records'],
    ['a JSON array', bytes('[1,2]\n'), 'text that is not flow-log lines'],
    ['bytes that are not UTF-8', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a]), 'binary data'],
    ['a NUL', bytes('2 a\u0000b\n'), 'binary data'],
    ['prose with one flow-log word', bytes('we ACCEPT the terms\n'), 'text that is not flow-log lines'],
    ['a gzip inside a gzip', gzipSync(gzipSync('x')), 'gzip inside gzip'],
    ['an empty file', bytes(''), 'empty'],
  ])('%s', (_name, head, expected) => expect(flowLogContentVerdict(head)).toBe(expected));

  test('a headerless custom layout is read by the format given', () => {
    expect(flowLogContentVerdict(bytes('10.0.0.1 x\n'), { format: 'srcaddr vpc-id' })).toBeUndefined();
    expect(flowLogContentVerdict(bytes('10.0.0.1 x\n'))).toBe('text that is not flow-log lines');
  });
});

describe('startsWithFlowEcsOutput', () => {
  test.each([
    ['an event', `{"message":"${V2}","event":{},"@timestamp":"2014-12-14T04:06:50Z"}\n`, true],
    ['a --pretty event', `{\n  "message": "m",\n  "event": {},\n  "@timestamp": "t"\n}\n{\n`, true],
    ['a dead letter', '{"source":"stdin","line":2,"code":"invalid-ip","message":"m","raw":"x"}\n', true],
    ['an ECS event of another tool (no message)', '{"event":{},"@timestamp":"t"}\n', false],
    ['a flow-log line', `${V2}\n`, false],
    ['a lone {', '{\n', false],
  ])('%s: %s', (_name, text, expected) => expect(startsWithFlowEcsOutput(bytes(text))).toBe(expected));
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
