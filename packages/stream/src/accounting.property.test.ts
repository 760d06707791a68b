import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { createFlowLogStream } from './create-flow-log-stream';
import type { FlowLogParseError } from '@flowecs/parser';

const V2_HEADER =
  'version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status';
const V2 =
  '2 123456789010 eni-1235b8ca123456789 172.31.16.139 172.31.16.21 20641 22 6 20 4249 1418530010 1418530070 ACCEPT OK';
const NODATA = '2 123456789010 eni-1235b8ca123456789 - - - - - - - 1431280876 1431280934 - NODATA';
const JSON_RECORD = '{"srcaddr":"10.0.0.1","dstaddr":"10.0.0.2","log_status":"OK","extra":1}';

// Good lines, headers, blanks and every kind of bad line.
const line = fc.oneof(
  fc.constantFrom(V2, NODATA, JSON_RECORD, V2_HEADER, 'srcaddr dstaddr', '10.0.0.1 10.0.0.2', '', '   ', `${V2}\r`),
  fc.constantFrom(
    'garbage',
    '2 1 2 3',
    `${V2} extra`,
    V2.replace('22', '99999'),
    V2.replace('eni', 'e\u0000ni'),
    '{"srcaddr":',
    'x'.repeat(300),
    '\uFFFD\uFFFD',
    'version bogus-field srcaddr',
  ),
  fc.string({ maxLength: 40 }).map(text => text.replaceAll('\n', ' ')),
);

const seconds = Number(process.env['FLOWECS_FUZZ_SECONDS'] ?? 0);
const parameters =
  seconds > 0
    ? { numRuns: Number.MAX_SAFE_INTEGER, interruptAfterTimeLimit: seconds * 1000, markInterruptAsFailure: false }
    : { seed: 404, numRuns: 150 };

/** A stream's stats and what it passed on, for `text` cut into `chunks`. */
async function run(chunks: Buffer[], output: 'objects' | 'ndjson', filter: string | undefined) {
  const stream = createFlowLogStream({ output, maxLineLength: 200, filter });
  const invalid: FlowLogParseError[] = [];
  stream.on('invalid', error => invalid.push(error));
  let events = 0;
  await pipeline(
    Readable.from(chunks),
    stream,
    new Writable({
      objectMode: true,
      write(chunk, _encoding, callback) {
        events += output === 'objects' ? 1 : String(chunk).split('\n').length - 1;
        callback();
      },
    }),
  );
  return { stats: stream.stats(), invalid, events };
}

describe('accounting: every line is an event, a filtered record, a header, a blank or an invalid record', () => {
  test(
    'under random chunking and random bad lines, in both output modes',
    async () => {
      const details = await fc.check(
        fc.asyncProperty(
          fc.array(line, { minLength: 1, maxLength: 60 }),
          fc.array(fc.integer({ min: 1, max: 64 }), { minLength: 1, maxLength: 20 }),
          fc.boolean(),
          fc.constantFrom('objects', 'ndjson'),
          fc.constantFrom(
            undefined,
            'log-status == "OK"',
            'srcaddr in [10.0.0.0/8, 172.16.0.0/12]',
            'not dstport == 22',
          ),
          async (lines, cuts, finalNewline, output, filter) => {
            const text = lines.join('\n') + (finalNewline ? '\n' : '');
            const bytes = Buffer.from(text);
            const chunks: Buffer[] = [];
            for (let offset = 0, index = 0; offset < bytes.length; index++) {
              const size = cuts[index % cuts.length]!;
              chunks.push(bytes.subarray(offset, offset + size));
              offset += size;
            }
            const { stats, invalid, events } = await run(chunks, output, filter);
            // A final empty segment (the text ends with a newline) is not a line.
            const expectedLines = text === '' ? 0 : text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
            expect(stats.lines).toBe(expectedLines);
            expect(stats.lines).toBe(stats.events + stats.filtered + stats.headers + stats.blanks + stats.invalid);
            expect(events).toBe(stats.events);
            if (filter === undefined) expect(stats.filtered).toBe(0);
            else {
              // Invalid lines stay invalid whatever the filter says; it only splits the records.
              const unfiltered = await run(chunks, output, undefined);
              expect(stats.invalid).toBe(unfiltered.stats.invalid);
              expect(stats.events + stats.filtered).toBe(unfiltered.stats.events);
            }
            expect(invalid).toHaveLength(stats.invalid);
            // Each invalid line is reported with its own number and, within the limit, its exact text.
            for (const error of invalid) {
              const original = text.split('\n')[error.lineNumber! - 1]!.replace(/\r$/, '');
              if (error.code === 'line-too-long') expect(original.startsWith(error.raw)).toBe(true);
              else expect(error.raw).toBe(original);
            }
          },
        ),
        parameters,
      );
      if (seconds > 0)
        process.stderr.write(`fuzz: stream accounting: ${details.numRuns} cases${details.failed ? ' (FAILED)' : ''}\n`);
      if (details.failed) throw new Error(fc.defaultReportMessage(details) ?? 'accounting failed');
    },
    (seconds + 60) * 1000,
  );
});
