import { once } from 'node:events';
import { PassThrough, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  createBlockSplitter,
  createFlowLogStream,
  emptyStats,
  type FlowLogBlock,
  type FlowLogInput,
  type FlowLogStreamStats,
  type ParserCheckpoint,
} from '@flowecs/stream';
import type { BlockPool } from './block-pool';
import type { BlockResult } from './block-worker';
import { conversionOptions, type ConvertSettings } from './convert-file';
import { gatherInvalidLines, type InvalidLines } from './invalid-lines';
import { addStats } from './stats';

/**
 * Bytes per block: 256 KiB keeps workers as busy as 1 MiB did and holds
 * 50–70 MB less with --jobs 2 (each block's NDJSON is about 4× its size).
 * FLOWECS_BLOCK_SIZE sets another (the tests cut blocks of a hundred bytes,
 * so that every fixture has lines at block edges).
 */
const BLOCK_SIZE = Number(process.env['FLOWECS_BLOCK_SIZE'] ?? '') || 256 * 1024;
/** The input's first block: small, as it is parsed before any other (see below). */
const FIRST_BLOCK_SIZE = Math.min(BLOCK_SIZE, 64 * 1024);

type Layout = ParserCheckpoint['layout'];

type Entry =
  | {
      readonly kind: 'block';
      readonly bytes: Uint8Array;
      /** Lines before the block. */
      readonly start: number;
      /** The layout the block was parsed from, assumed before the blocks before it were done. */
      readonly assumed: Layout;
      readonly result: Promise<BlockResult>;
    }
  | {
      readonly kind: 'too-long';
      readonly start: number;
      readonly block: Extract<FlowLogBlock, { kind: 'flowecs:line-too-long' }>;
    };

export interface BlockOutput {
  /** Writes a chunk of the output, waiting while the destination is full. */
  write(chunk: Buffer): Promise<void>;
  /** A stage that writes into the output (for record batches, parsed on this thread). */
  forward(): Writable;
  readonly error: Error | undefined;
}

/**
 * Converts one input with `--jobs`: its text is cut into blocks of whole lines
 * (createBlockSplitter), the blocks are parsed on worker threads at once,
 * and their results are taken in input order: NDJSON, dead letters and
 * counts as one flow stream over the whole input gives them. Each block is
 * parsed from the layout in force at its first line; that is known only once
 * the blocks before it are done, so a block starts from the layout last seen
 * (the first block's, usually its header's: that small block is parsed
 * first) and is parsed again in the rare case a header in between changed it. Record batches (CloudWatch Logs
 * envelopes, Parquet) are parsed on this thread.
 */
export async function convertInBlocks(
  input: FlowLogInput,
  label: string,
  settings: ConvertSettings,
  pool: BlockPool,
  output: BlockOutput,
  onInvalid: (lines: InvalidLines) => void,
  signal: AbortSignal,
  /** The counts, kept up to date as blocks are taken (for the progress bar). */
  stats: FlowLogStreamStats = emptyStats(),
): Promise<{ readonly stats: FlowLogStreamStats; readonly failure: string | undefined }> {
  const splitter = createBlockSplitter({ blockSize: BLOCK_SIZE, firstBlockSize: FIRST_BLOCK_SIZE });
  input.pipe(splitter);
  const inFlight: Entry[] = [];
  // The layout after the last block taken, and the one new blocks start from.
  let verified: Layout = 'initial';
  let assumed: Layout = 'initial';
  let line = 0;
  let records: { input: PassThrough; done: Promise<void>; stats: () => FlowLogStreamStats } | undefined;
  let failure: string | undefined;
  // Set while a block's parsing fails: the blocks after it are not taken.
  let workerFailed = false;

  const take = async (entry: Entry) => {
    if (entry.kind === 'too-long') {
      // As a flow stream counts a line its splitter refused.
      const { error } = entry.block;
      error.lineNumber = entry.start + 1;
      error.source = label;
      stats.lines++;
      stats.invalid++;
      const invalid = gatherInvalidLines(onInvalid);
      invalid.add(error);
      invalid.handOn();
      return;
    }
    const again = () =>
      pool.convert({
        bytes: entry.bytes,
        label,
        settings,
        resume: entry.start === 0 ? undefined : { lineNumber: entry.start, layout: verified },
      });
    let result: BlockResult;
    try {
      result = await entry.result;
    } catch {
      // Its worker died (the pool starts another): once more; a second failure fails the input.
      workerFailed = true;
      result = await again().catch((error: Error) => {
        throw new Error(
          `${label}: a worker thread failed twice on the lines after line ${entry.start} (${error.message}); the output stops before them.`,
        );
      });
      workerFailed = false;
    }
    if (JSON.stringify(entry.assumed) !== JSON.stringify(verified)) result = await again();
    for (const part of result.ndjson) await output.write(Buffer.from(part.buffer, 0, part.length));
    for (const lines of result.invalid) onInvalid(lines);
    // Bytes are counted as they are read (the splitter's count, below).
    addStats(stats, { ...result.stats, bytesIn: 0 });
    verified = result.end.layout;
    assumed = verified;
  };

  try {
    for await (const item of splitter as AsyncIterable<FlowLogBlock>) {
      if (signal.aborted || output.error !== undefined) break;
      if (item.kind === 'flowecs:block') {
        const start = line;
        line += item.lines;
        // The input's start is parsed as it is (a BOM dropped); later blocks go on from a checkpoint.
        const layout = start === 0 ? 'initial' : assumed;
        inFlight.push({
          kind: 'block',
          bytes: item.bytes,
          start,
          assumed: layout,
          result: observed(
            pool.convert({
              bytes: item.bytes,
              label,
              settings,
              resume: start === 0 ? undefined : { lineNumber: start, layout },
            }),
          ),
        });
        // The first block is small: its result (the header's layout, mostly) is
        // awaited, so the blocks after it are rarely parsed from a wrong one.
        if (start === 0) await take(inFlight.shift()!);
      } else if (item.kind === 'flowecs:line-too-long') {
        inFlight.push({ kind: 'too-long', start: line, block: item });
        line++;
      } else {
        while (inFlight.length > 0) await take(inFlight.shift()!);
        records ??= parseRecordsHere(label, settings, output, onInvalid);
        if (!records.input.write(item)) await once(records.input, 'drain');
      }
      // A block per worker, and one more waiting.
      while (inFlight.length > pool.size) await take(inFlight.shift()!);
    }
  } catch (error) {
    // The input failed (after its whole lines), or a block could not be parsed.
    failure = (error as Error).message;
  }
  try {
    // After a block that could not be parsed, none after it is taken.
    if (!workerFailed) while (inFlight.length > 0) await take(inFlight.shift()!);
  } catch (error) {
    failure ??= (error as Error).message;
  }
  if (workerFailed) {
    // Nothing after a block that could not be parsed is written: the output stops at a known line.
    inFlight.length = 0;
    input.destroy();
  }
  if (records !== undefined) {
    records.input.end();
    await records.done.catch((error: Error) => {
      failure ??= error.message;
    });
    addStats(stats, records.stats());
  }
  stats.bytesIn += splitter.bytesIn;
  if (signal.aborted) input.destroy();
  return { stats, failure };
}

/** A promise whose rejection is handled where it is awaited, not reported as unhandled before. */
function observed<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => undefined);
  return promise;
}

/** A flow stream on this thread for record batches, writing into the output. */
function parseRecordsHere(
  label: string,
  settings: ConvertSettings,
  output: BlockOutput,
  onInvalid: (lines: InvalidLines) => void,
) {
  const input = new PassThrough({ objectMode: true });
  const invalid = gatherInvalidLines(onInvalid);
  const flows = createFlowLogStream({
    ...conversionOptions(label, settings),
    onInvalid: error => invalid.add(error),
  });
  const done = pipeline(input, flows, output.forward()).finally(invalid.handOn);
  return { input, done, stats: () => flows.stats() };
}
