import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parseRecord, type FlowLogParseError } from '@flowecs/parser';
import { describe, expect, test } from 'vitest';
import { createFlowLogStream, type FlowLogStreamOptions } from './create-flow-log-stream';
import { toNdjson } from './to-ndjson';

const V2_HEADER =
  'version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status';
const V2 =
  '2 123456789010 eni-1235b8ca123456789 172.31.16.139 172.31.16.21 20641 22 6 20 4249 1418530010 1418530070 ACCEPT OK';
const NODATA = '2 123456789010 eni-1235b8ca123456789 - - - - - - - 1431280876 1431280934 - NODATA';
// A string field with multi-byte UTF-8 (2, 3 and 4 bytes) to split mid-character.
const SERVICE_HEADER = 'srcaddr dstaddr ecs-service-name log-status';
const SERVICE = '10.0.0.1 10.0.0.2 sérvice-→-😀 OK';

/** Every kind of line: BOM, headers (two formats), events, blank, invalid, CRLF, no final newline. */
const MIXED = `\uFEFF${V2_HEADER}\r\n${V2}\r\n\r\n${NODATA}\nnot a record\n${SERVICE_HEADER}\n${SERVICE}\n  \n${SERVICE}`;

interface Run {
  output: unknown[];
  invalid: { line: number | undefined; code: string; raw: string }[];
  stats: ReturnType<ReturnType<typeof createFlowLogStream>['stats']>;
}

async function run(chunks: readonly (Buffer | string)[], options: FlowLogStreamOptions = {}): Promise<Run> {
  const stream = createFlowLogStream(options);
  const invalid: Run['invalid'] = [];
  stream.on('invalid', (error: FlowLogParseError) =>
    invalid.push({ line: error.lineNumber, code: error.code, raw: error.raw }),
  );
  const output: unknown[] = [];
  await pipeline(
    Readable.from(chunks, { objectMode: true }),
    stream,
    new Writable({
      objectMode: true,
      write(value, _encoding, callback) {
        output.push(typeof value === 'object' && !Buffer.isBuffer(value) ? value : String(value));
        callback();
      },
    }),
  );
  return { output, invalid, stats: stream.stats() };
}

describe('createFlowLogStream', () => {
  test('parses every kind of line and accounts for each one', async () => {
    const result = await run([Buffer.from(MIXED)]);
    expect(result.output).toEqual([
      parseRecord(V2),
      parseRecord(NODATA),
      parseRecord(SERVICE, { format: SERVICE_HEADER }),
      parseRecord(SERVICE, { format: SERVICE_HEADER }),
    ]);
    expect(result.invalid).toEqual([{ line: 5, code: 'field-count-mismatch', raw: 'not a record' }]);
    const { stats } = result;
    expect(stats).toEqual({
      lines: 9,
      events: 4,
      filtered: 0,
      headers: 2,
      blanks: 2,
      invalid: 1,
      bytesIn: Buffer.byteLength(MIXED),
      eventsByStatus: { ok: 3, nodata: 1, skipdata: 0, none: 0 },
      unknownKeys: 0,
      unknownFields: [],
      controlMessages: 0,
    });
    expect(stats.lines).toBe(stats.events + stats.headers + stats.blanks + stats.invalid);
  });

  test('the same input split at every byte offset gives the same output', async () => {
    const bytes = Buffer.from(MIXED);
    const whole = await run([bytes]);
    for (let offset = 1; offset < bytes.length; offset++) {
      const split = await run([bytes.subarray(0, offset), bytes.subarray(offset)]);
      expect(split, `split at byte ${offset}`).toEqual(whole);
    }
  });

  test('byte-by-byte and string chunks give the same output', async () => {
    const bytes = Buffer.from(MIXED);
    const whole = await run([bytes]);
    const single = [...bytes].map(byte => Buffer.from([byte]));
    expect(await run(single)).toEqual(whole);
    expect(await run([...MIXED.match(/[\s\S]{1,7}/gu)!])).toEqual(whole);
  });

  test('a multi-byte character split across chunks decodes correctly', async () => {
    const bytes = Buffer.from(`${SERVICE_HEADER}\n${SERVICE}\n`);
    const emoji = bytes.indexOf(Buffer.from('😀'));
    const result = await run([
      bytes.subarray(0, emoji + 1),
      bytes.subarray(emoji + 1, emoji + 3),
      bytes.subarray(emoji + 3),
    ]);
    expect(result.output).toEqual([parseRecord(SERVICE, { format: SERVICE_HEADER })]);
    expect(JSON.stringify(result.output)).toContain('sérvice-→-😀');
  });

  test('NDJSON output equals objects piped through toNdjson', async () => {
    const ndjson = await run([MIXED], { output: 'ndjson' });
    const chunks: string[] = [];
    await pipeline(
      Readable.from([MIXED]),
      createFlowLogStream(),
      toNdjson(),
      new Writable({
        write(chunk, _encoding, callback) {
          chunks.push(String(chunk));
          callback();
        },
      }),
    );
    expect(ndjson.output.join('')).toBe(chunks.join(''));
    expect(
      ndjson.output
        .join('')
        .split('\n')
        .filter(Boolean)
        .map(line => JSON.parse(line)),
    ).toHaveLength(4);
  });

  test('a header line switches the format, as concatenated S3 objects need', async () => {
    const custom = 'srcaddr dstaddr bytes';
    const result = await run([`${V2_HEADER}\n${V2}\n${custom}\n10.0.0.1 10.0.0.2 77\n${V2_HEADER}\n${V2}\n`]);
    expect(result.output).toEqual([
      parseRecord(V2),
      parseRecord('10.0.0.1 10.0.0.2 77', { format: custom }),
      parseRecord(V2),
    ]);
  });

  test('source and line number are carried into errors', async () => {
    const errors: FlowLogParseError[] = [];
    const stream = createFlowLogStream({ source: 'flows.log', onInvalid: error => errors.push(error) });
    await pipeline(
      Readable.from([`${V2}\nbad\n`]),
      stream,
      new Writable({ objectMode: true, write: (_value, _encoding, callback) => callback() }),
    );
    expect(errors.map(error => error.toJSON())).toEqual([
      { source: 'flows.log', line: 2, code: 'unknown-layout', message: expect.any(String), raw: 'bad' },
    ]);
  });

  test.each(['emit', 'skip'] as const)('onInvalid "%s" goes on after a bad line', async onInvalid => {
    const result = await run([`bad\n${V2}\n`], { onInvalid });
    expect(result.output).toHaveLength(1);
    expect(result.stats.invalid).toBe(1);
    expect(result.invalid).toHaveLength(onInvalid === 'emit' ? 1 : 0);
  });

  test('onInvalid "error" fails the stream with the typed error', async () => {
    await expect(run([`${V2}\nbad\n${V2}\n`], { onInvalid: 'error' })).rejects.toMatchObject({
      name: 'FlowLogParseError',
      code: 'unknown-layout',
      lineNumber: 2,
    });
  });

  test('an onInvalid function that throws fails the stream with its error', async () => {
    const failure = new Error('stop here');
    await expect(
      run([`bad\n${V2}\n`], {
        onInvalid: () => {
          throw failure;
        },
      }),
    ).rejects.toBe(failure);
  });

  test('a line over maxLineLength is one invalid record, at the start, middle or end', async () => {
    const long = 'x'.repeat(300);
    const result = await run([`${V2}\n${long}\n${V2}\n${long}`], { maxLineLength: 200 });
    expect(result.output).toHaveLength(2);
    expect(result.invalid.map(({ line, code }) => ({ line, code }))).toEqual([
      { line: 2, code: 'line-too-long' },
      { line: 4, code: 'line-too-long' },
    ]);
    expect(result.stats.lines).toBe(4);
  });

  test('bad options are refused up front', () => {
    // @ts-expect-error: not an output kind
    expect(() => createFlowLogStream({ output: 'csv' })).toThrowError(RangeError);
    // @ts-expect-error: not a policy
    expect(() => createFlowLogStream({ onInvalid: 'ignore' })).toThrowError(RangeError);
    expect(() => createFlowLogStream({ maxLineLength: 0 })).toThrowError(RangeError);
    expect(() => createFlowLogStream({ format: 'version bogus' })).toThrowError(
      expect.objectContaining({ code: 'invalid-format' }),
    );
  });

  test('an empty input gives no events and zero counts', async () => {
    const result = await run([]);
    expect(result.output).toEqual([]);
    expect(result.stats.lines).toBe(0);
  });
});

describe('stream lifecycle', () => {
  test('a source error propagates through pipeline()', async () => {
    const failure = new Error('disk gone');
    const source = new Readable({
      read() {
        this.push(`${V2}\n`);
        this.destroy(failure);
      },
    });
    await expect(
      pipeline(
        source,
        createFlowLogStream(),
        new Writable({ objectMode: true, write: (_value, _encoding, callback) => callback() }),
      ),
    ).rejects.toBe(failure);
  });

  test('destroying the stream mid-way releases the source', async () => {
    let produced = 0;
    const source = new Readable({
      read() {
        produced++;
        this.push(`${V2}\n`);
      },
    });
    const stream = createFlowLogStream();
    const done = pipeline(
      source,
      stream,
      new Writable({
        objectMode: true,
        write(_value, _encoding, callback) {
          if (produced > 50) stream.destroy();
          callback();
        },
      }),
    );
    await expect(done).rejects.toMatchObject({ code: 'ERR_STREAM_PREMATURE_CLOSE' });
    expect(source.destroyed).toBe(true);
    expect(stream.destroyed).toBe(true);
  });
});
