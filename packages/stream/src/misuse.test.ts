import { PassThrough, Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createParser, parseRecord } from '@flowecs/parser';
import { describe, expect, test } from 'vitest';
import { createFlowLogStream, type FlowLogStreamOptions } from './create-flow-log-stream';

// Library misuse (issue "Hostile inputs and misuse", item 6): each case
// crashed the process, hung, or said something internal before its fix.
const V2 =
  '2 123456789010 eni-1235b8ca123456789 172.31.16.139 172.31.16.21 20641 22 6 20 4249 1418530010 1418530070 ACCEPT OK';
const sink = () => new Writable({ objectMode: true, write: (_chunk, _encoding, callback) => callback() });

describe('a chunk the stream cannot take is a typed error through the stream', () => {
  test.each([
    ['an object', { message: 'x' }],
    ['a number', 42],
    ['an empty object', {}],
    ['an array', [V2]],
    ['a String object', new String(V2)],
    ['an ArrayBuffer', new ArrayBuffer(4)],
  ])('%s: pipeline rejects with invalid-chunk, nothing crashes', async (_name, chunk) => {
    const failure = pipeline(Readable.from([chunk]), createFlowLogStream({ output: 'ndjson', source: 'app' }), sink());
    await expect(failure).rejects.toMatchObject({ name: 'FlowLogInputError', code: 'invalid-chunk', source: 'app' });
    await expect(failure).rejects.toThrow(/^app: a flow stream reads text .* not /);
  });

  test('after write(42) the stream errors and closes: no hang', async () => {
    const stream = createFlowLogStream({ output: 'ndjson' });
    stream.pipe(new PassThrough());
    const closed = new Promise<unknown>(resolve => stream.once('error', resolve));
    stream.write(42);
    await expect(closed).resolves.toMatchObject({ code: 'invalid-chunk' });
    await new Promise(resolve => (stream.closed ? resolve(undefined) : stream.once('close', resolve)));
    expect(stream.destroyed).toBe(true);
  });
});

describe('every option is checked once, at creation, by name', () => {
  test.each([
    ['options 42', 42, /options must be an object, not number 42/],
    ['format: 42', { format: 42 }, /^format must be a string or an array of field names, not number 42\.$/],
    [
      "format: ['version', 7]",
      { format: ['version', 7] },
      /^format\[1\] must be a field name \(a string\), not number 7\.$/,
    ],
    [
      "maxLineLength: '10'",
      { maxLineLength: '10' },
      /^maxLineLength must be a whole number of bytes, 1 or more, not the string "10"\.$/,
    ],
    ['maxLineLength: 1.5', { maxLineLength: 1.5 }, /^maxLineLength must be .* not number 1\.5\.$/],
    ['maxLineLength: 0', { maxLineLength: 0 }, /^maxLineLength must be/],
    ['origin: "x"', { origin: 'x' }, /^origin must be an object, not the string "x"\.$/],
    ['origin.region: 42', { origin: { region: 42 } }, /^origin\.region must be a string, not number 42\.$/],
  ])('%s', (_name, options, message) => {
    expect(() => createFlowLogStream(options as FlowLogStreamOptions)).toThrow(message);
    expect(() => createParser(options as never)).toThrow(message);
  });

  test('parse of a non-string is a TypeError that says so', () => {
    for (const value of [undefined, null, 42, {}])
      expect(() => createParser().parse(value as never)).toThrow(/^The parser reads a line of text \(a string\), not /);
    expect(() => parseRecord(undefined as never)).toThrow(TypeError);
  });

  test('the types refuse the same options', () => {
    // @ts-expect-error: a format is a string or field names
    expect(() => createFlowLogStream({ format: 42 })).toThrow();
    // @ts-expect-error: a length is a number
    expect(() => createFlowLogStream({ maxLineLength: '10' })).toThrow();
    // @ts-expect-error: a region is a string
    expect(() => createFlowLogStream({ origin: { region: 42 } })).toThrow();
    // @ts-expect-error: a line is a string
    expect(() => createParser().parse(undefined)).toThrow();
  });
});
