import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { gzipSync } from 'node:zlib';
import { createParser, parseRecord, type FlowLogParseError } from '@flowecs/parser';
import { afterAll, describe, expect, test } from 'vitest';
import { createFlowLogStream, type FlowLogStreamOptions } from './create-flow-log-stream';
import { FlowLogInputError, openFlowLogFile, openFlowLogInput } from './open-flow-log-file';

const directory = mkdtempSync(join(tmpdir(), 'flowecs-stream-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

const V2_HEADER =
  'version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status';
const examples: { name: string; format: string | null; lines: string[] }[] = JSON.parse(
  readFileSync(new URL('./__fixtures__/aws-docs-examples.json', import.meta.url), 'utf8'),
).cases;

function file(name: string, content: string | Buffer): string {
  const path = join(directory, name);
  writeFileSync(path, content);
  return path;
}

async function convert(path: string, options: FlowLogStreamOptions = {}) {
  const stream = createFlowLogStream({ source: path, ...options });
  const invalid: FlowLogParseError[] = [];
  stream.on('invalid', error => invalid.push(error));
  const events: unknown[] = [];
  await pipeline(
    openFlowLogFile(path),
    stream,
    new Writable({
      objectMode: true,
      write(event, _encoding, callback) {
        events.push(event);
        callback();
      },
    }),
  );
  return { events, invalid, stats: stream.stats() };
}

// One S3 object per example case (its format as the header), gzipped
// separately and concatenated: a multi-member gzip, as `cat *.log.gz` makes.
const members = examples.map(example => `${example.format ?? V2_HEADER}\n${example.lines.join('\n')}\n`);
const recordCount = examples.reduce((count, example) => count + example.lines.length, 0);

describe('openFlowLogFile + createFlowLogStream', () => {
  test('a multi-member gzip S3 file of every AWS example, with a header per object', async () => {
    const path = file(
      '123456789010_vpcflowlogs_us-east-1_fl-1234abcd_20180620T1620Z_fe123456.log.gz',
      Buffer.concat(members.map(member => gzipSync(member))),
    );
    const result = await convert(path);
    const expected = examples.flatMap(example =>
      example.lines.map(line => parseRecord(line, example.format === null ? undefined : { format: example.format })),
    );
    expect(result.events).toEqual(expected);
    expect(result.invalid).toEqual([]);
    expect(result.stats).toMatchObject({
      lines: recordCount + examples.length,
      events: recordCount,
      headers: examples.length,
      invalid: 0,
    });
  });

  test('an object-mode readable of strings (Readable.from) reads like bytes, plain or gzip', async () => {
    const collect = async (input: Readable) => {
      const stream = createFlowLogStream();
      const events: unknown[] = [];
      await pipeline(
        openFlowLogInput(input),
        stream,
        new Writable({
          objectMode: true,
          write: (event, _encoding, callback) => {
            events.push(event);
            callback();
          },
        }),
      );
      return events;
    };
    const lines = members[0]!.split(/(?<=\n)/);
    const expected = examples[0]!.lines.map(line => parseRecord(line));
    expect(await collect(Readable.from(lines))).toEqual(expected);
    // One character per chunk: the gzip check sees fewer than two bytes at first.
    expect(await collect(Readable.from([...members[0]!]))).toEqual(expected);
    expect(await collect(Readable.from([gzipSync(members[0]!)]))).toEqual(expected);
  });

  test('gzip is detected by content, not by name', async () => {
    const gzipNamedPlain = file('plain.log.gz', members[0]!);
    const plainNamedGzip = file('compressed.log', gzipSync(members[0]!));
    expect((await convert(gzipNamedPlain)).events).toHaveLength(1);
    expect((await convert(plainNamedGzip)).events).toHaveLength(1);
  });

  test('a truncated gzip is a clear error that counts the lines read before it', async () => {
    const body = `${V2_HEADER}\n${examples[0]!.lines[0]}\n`.repeat(2000);
    const compressed = gzipSync(body);
    const path = file('truncated.log.gz', compressed.subarray(0, compressed.length - 200));
    const failure = await convert(path).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(FlowLogInputError);
    expect(failure).toMatchObject({ code: 'gzip-truncated', source: path });
    const { linesRead, message } = failure as FlowLogInputError;
    expect(linesRead).toBeGreaterThan(1000);
    expect(message).toContain(`${path}: the gzip data is truncated`);
    expect(message).toContain(`after ${linesRead} lines`);
  });

  test('a corrupt gzip is a clear error', async () => {
    const compressed = Buffer.from(gzipSync(members[0]!));
    compressed.fill(0xff, 12, 40);
    const failure = await convert(file('corrupt.log.gz', compressed)).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toMatchObject({
      name: 'FlowLogInputError',
      code: 'gzip-corrupt',
      message: expect.stringMatching(/corrupt.*after 0 lines/),
    });
  });

  test('a missing file is a read error naming the file', async () => {
    const path = join(directory, 'missing.log');
    await expect(convert(path)).rejects.toMatchObject({ code: 'read-failed', message: expect.stringContaining(path) });
  });

  test.each([
    ['an empty file', ''],
    ['an empty gzip', gzipSync('')],
    ['a one-byte file', '\n'],
  ])('%s gives no events and no error', async (_label, content) => {
    const result = await convert(file(`empty-${_label.length}.log`, content));
    expect(result.events).toEqual([]);
    expect(result.stats.invalid).toBe(0);
  });

  test('a header-only file gives one header and no events', async () => {
    const result = await convert(file('header-only.log.gz', gzipSync(`${V2_HEADER}\n`)));
    expect(result.stats).toMatchObject({ lines: 1, headers: 1, events: 0 });
  });

  test('a 5 MB line with maxLineLength at 1 MiB is one invalid record, and the lines around it parse', async () => {
    const line = examples[0]!.lines[0]!;
    const huge = 'A'.repeat(5 * 1024 * 1024);
    const result = await convert(file('huge-line.log.gz', gzipSync(`${V2_HEADER}\n${line}\n${huge}\n${line}\n`)), {
      maxLineLength: 1024 * 1024,
    });
    expect(result.events).toHaveLength(2);
    expect(result.invalid).toHaveLength(1);
    const [error] = result.invalid;
    expect(error).toMatchObject({ code: 'line-too-long', lineNumber: 3 });
    expect(error!.raw.length).toBeLessThanOrEqual(1024);
    expect(error!.message).toMatch(/above the limit of 1048576/);
  });
});

describe('Elastic system test sample (mixed layouts in one object)', () => {
  const sharedDirectory =
    process.env['FLOWECS_SHARED_DIR'] ?? fileURLToPath(new URL('../../../../shared', import.meta.url));
  const shared = join(sharedDirectory, 'fixtures/elastic/system/test-extra-samples.log');
  const present = existsSync(shared);
  if (!present) process.stderr.write('skipped: ../shared not found: the Elastic system sample\n');

  test.skipIf(!present)('every line becomes an event, and each agrees with the parser', async () => {
    const text = readFileSync(shared, 'utf8');
    const result = await convert(file('system-test-extra-samples.log.gz', gzipSync(text)));
    const lines = text.split('\n').filter(line => line.length > 0);
    const parser = createParser();
    expect(result.events).toEqual(
      lines.map(line => {
        const parsed = parser.parse(line);
        return parsed.kind === 'event' ? parsed.event : parsed;
      }),
    );
    expect(result.stats).toMatchObject({ lines: lines.length, events: lines.length, invalid: 0 });
  });
});
