import fc from 'fast-check';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { gzipSync } from 'node:zlib';
import { describe, expect, test } from 'vitest';
import type { FlowLogParseError, ParserCheckpoint } from '@flowecs/parser';
import { createBlockSplitter, type FlowLogBlock } from './block-splitter';
import { createFlowLogStream, type FlowLogStreamStats } from './create-flow-log-stream';
import { openFlowLogInput } from './open-flow-log-file';

const V2 =
  '2 123456789010 eni-1235b8ca123456789 172.31.16.139 172.31.16.21 20641 22 6 20 4249 1418530010 1418530070 ACCEPT OK';
const HEADER =
  'version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status';
const MAX = 200;

interface Converted {
  ndjson: string;
  invalid: string[];
  stats: FlowLogStreamStats;
  failure: string | undefined;
}

const describeError = (error: FlowLogParseError) =>
  `${error.source}:${error.lineNumber} ${error.code} ${error.message} ${error.raw}`;

/** One flow stream over the whole input: the reference. */
async function whole(bytes: Uint8Array, cuts: readonly number[], cutInput: boolean): Promise<Converted> {
  const invalid: string[] = [];
  const flows = createFlowLogStream({
    output: 'ndjson',
    source: 'in',
    maxLineLength: MAX,
    onInvalid: error => void invalid.push(describeError(error)),
  });
  let ndjson = '';
  const failure = await pipeline(
    openFlowLogInput(chunked(bytes, cuts, cutInput), { source: 'in' }),
    flows,
    new Writable({
      write: (chunk: Buffer, _encoding, callback) => {
        ndjson += chunk.toString();
        callback();
      },
    }),
  ).then(
    () => undefined,
    (error: Error) => error.message,
  );
  return { ndjson, invalid, stats: flows.stats(), failure };
}

/** The same input cut into blocks, each parsed by its own flow stream resumed where the one before stopped. */
async function inBlocks(
  bytes: Uint8Array,
  cuts: readonly number[],
  cutInput: boolean,
  blockSize: number,
  blockLines: number,
): Promise<Converted> {
  const splitter = createBlockSplitter({ blockSize, blockLines, maxLineLength: MAX });
  const input = openFlowLogInput(chunked(bytes, cuts, cutInput), { source: 'in' });
  input.pipe(splitter);
  const invalid: string[] = [];
  let ndjson = '';
  let checkpoint: ParserCheckpoint = { lineNumber: 0, layout: 'initial' };
  const stats: FlowLogStreamStats[] = [];
  let failure: string | undefined;
  try {
    for await (const item of splitter as AsyncIterable<FlowLogBlock>) {
      if (item.kind === 'flowecs:line-too-long') {
        checkpoint = { ...checkpoint, lineNumber: checkpoint.lineNumber + 1 };
        item.error.lineNumber = checkpoint.lineNumber;
        item.error.source = 'in';
        invalid.push(describeError(item.error));
        continue;
      }
      if (item.kind !== 'flowecs:block') throw new Error('records in a text input');
      const flows = createFlowLogStream({
        output: 'ndjson',
        source: 'in',
        maxLineLength: MAX,
        onInvalid: error => void invalid.push(describeError(error)),
        ...(checkpoint.lineNumber === 0 ? {} : { resume: checkpoint }),
      });
      for await (const chunk of Readable.from([Buffer.from(item.bytes)]).pipe(flows))
        ndjson += (chunk as Buffer).toString();
      checkpoint = flows.checkpoint();
      expect(flows.stats().lines).toBe(item.lines);
      expect(item.lines).toBeLessThanOrEqual(blockLines);
      stats.push(flows.stats());
    }
  } catch (error) {
    failure = (error as Error).message;
  }
  const total = stats.reduce(
    (sum, part) => ({
      ...sum,
      lines: sum.lines + part.lines,
      events: sum.events + part.events,
      headers: sum.headers + part.headers,
      blanks: sum.blanks + part.blanks,
      invalid: sum.invalid + part.invalid,
      unknownFields: [...new Set([...sum.unknownFields, ...part.unknownFields])].toSorted(),
    }),
    { lines: 0, events: 0, headers: 0, blanks: 0, invalid: 0, unknownFields: [] as string[] },
  );
  // Over-long lines the splitter took: invalid lines of no block.
  const tooLong = splitter.lines - total.lines;
  return {
    ndjson,
    invalid,
    stats: {
      ...total,
      lines: splitter.lines,
      invalid: total.invalid + tooLong,
      bytesIn: splitter.bytesIn,
    } as FlowLogStreamStats,
    failure,
  };
}

function chunked(bytes: Uint8Array, cuts: readonly number[], cutInput: boolean): Readable {
  const ends = [...cuts.filter(at => at < bytes.length).toSorted((left, right) => left - right), bytes.length];
  let from = 0;
  const chunks = ends.map(end => {
    const chunk = Buffer.from(bytes.subarray(from, end));
    from = end;
    return chunk;
  });
  // A cut input: gzip that stops short, so the input fails after its whole lines.
  if (cutInput) {
    const compressed = gzipSync(Buffer.concat(chunks));
    return Readable.from([compressed.subarray(0, compressed.length - 12)]);
  }
  return Readable.from(chunks);
}

const line = fc.oneof(
  { weight: 6, arbitrary: fc.constant(V2) },
  fc.constant(HEADER),
  fc.constant('version srcaddr dstaddr action'),
  fc.constant('2 10.0.0.1 10.0.0.2 REJECT'),
  fc.constant('version no-such-field'),
  fc.constant(''),
  fc.constant('2 not a record'),
  fc.integer({ min: MAX - 2, max: MAX * 3 }).map(length => 'x'.repeat(length)),
);

describe('createBlockSplitter', () => {
  test('blocks parsed by resumed flow streams give what one flow stream gives: events, invalid lines, counts, failure', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(line, { maxLength: 60 }),
        fc.boolean(),
        fc.boolean(),
        fc.boolean(),
        fc.array(fc.nat(8000), { maxLength: 8 }),
        fc.integer({ min: 1, max: 3000 }),
        fc.integer({ min: 1, max: 80 }),
        fc.boolean(),
        async (lines, bom, crlf, finalNewline, cuts, blockSize, blockLines, cutInput) => {
          const text = `${bom ? '\ufeff' : ''}${lines.join(crlf ? '\r\n' : '\n')}${finalNewline && lines.length > 0 ? '\n' : ''}`;
          const bytes = new TextEncoder().encode(text);
          const expected = await whole(bytes, cuts, cutInput);
          const actual = await inBlocks(bytes, cuts, cutInput, blockSize, blockLines);
          expect({ ...actual, stats: undefined }).toEqual({ ...expected, stats: undefined });
          expect(actual.ndjson).toBe(expected.ndjson);
          expect(actual.invalid).toEqual(expected.invalid);
          expect(actual.failure).toBe(expected.failure);
          expect(actual.stats).toMatchObject({
            lines: expected.stats.lines,
            events: expected.stats.events,
            headers: expected.stats.headers,
            blanks: expected.stats.blanks,
            invalid: expected.stats.invalid,
            bytesIn: expected.stats.bytesIn,
            unknownFields: expected.stats.unknownFields,
          });
        },
      ),
      { seed: 45, numRuns: 300 },
    );
  });
});
