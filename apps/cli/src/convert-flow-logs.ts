import { createWriteStream, type WriteStream } from 'node:fs';
import { rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { Writable, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  createFlowLogStream,
  openFlowLogFile,
  openFlowLogInput,
  type FlowLogInput,
  type FlowLogParseError,
  type FlowLogStreamStats,
} from '@flowecs/stream';
import type { Input } from './collect-inputs';
import { createFileWriter } from './create-file-writer';
import type { RunSummary } from './format-summary';
import type { Progress } from './progress';
import { createWorkerPool } from './worker-pool';

export interface ConvertOptions {
  readonly inputs: readonly Input[];
  /** Write events here (through a temporary file) instead of stdout. */
  readonly output: string | undefined;
  readonly format: string | undefined;
  readonly profile: 'standard' | 'extended';
  readonly pretty: boolean;
  /** Dead-letter file for invalid lines, as NDJSON. */
  readonly errors: string | undefined;
  /** How many invalid lines to report on stderr before summarising. */
  readonly errorLimit: number;
  /** Files converted at once on worker threads (1: all on the main thread). */
  readonly jobs: number;
}

const IO_BUFFER = 512 * 1024;

export interface ConvertIo {
  readonly stdin: Readable;
  readonly stdout: Writable;
  readonly progress: Progress;
  readonly signal: AbortSignal;
}

export interface ConvertResult extends RunSummary {
  /** The reader of stdout went away (EPIPE): not an error. */
  readonly outputClosed: boolean;
  /** Writing the output failed for another reason. */
  readonly outputError: Error | undefined;
  readonly interrupted: boolean;
}

/**
 * Converts every input in order into one NDJSON stream. A failing input is
 * reported and the next one still runs. With `output`, events go to a
 * temporary file that is renamed only when every input was read to its end.
 */
export async function convertFlowLogs(options: ConvertOptions, io: ConvertIo): Promise<ConvertResult> {
  const started = performance.now();
  const totals: FlowLogStreamStats = { lines: 0, events: 0, headers: 0, blanks: 0, invalid: 0, bytesIn: 0, eventsByStatus: { ok: 0, nodata: 0, skipdata: 0, none: 0 }, unknownKeys: 0 };
  const { progress } = io;
  // A regular file is written through a temporary file renamed at the end; a
  // device or a pipe given as --output (/dev/stdout, a FIFO) is written as is.
  const atomic = options.output !== undefined && (await isRegularFileOrMissing(options.output));
  const temporary = atomic ? join(dirname(options.output!), `.${basename(options.output!)}.${process.pid}.partial`) : undefined;
  // A regular file is written synchronously (see create-file-writer.ts); a
  // device or a pipe asynchronously, so a slow reader cannot block the process.
  const destination: Writable =
    options.output === undefined ? io.stdout : temporary !== undefined ? createFileWriter(temporary) : createWriteStream(options.output, { highWaterMark: IO_BUFFER });
  const output = watchWritable(destination);
  const deadLetters: WriteStream | undefined = options.errors === undefined ? undefined : createWriteStream(options.errors);
  // A dead-letter file that cannot be written fails the run like the output.
  deadLetters?.on('error', error => {
    output.error ??= new Error(`cannot write ${options.errors}: ${error.message}`);
  });
  const invalidReport = reportInvalid(options, progress, deadLetters);

  let failedInputs = 0;
  let completedBytes = 0;
  let current: FlowLogInput | undefined;
  let label = '';
  // Several files and several jobs: workers convert ahead, in input order.
  const fileCount = options.inputs.filter(input => input.kind === 'file').length;
  const pool = options.jobs > 1 && fileCount > 1 ? createWorkerPool(Math.min(options.jobs, fileCount), options) : undefined;
  options.inputs.forEach((input, index) => {
    if (pool !== undefined && input.kind === 'file') pool.add(index, input.path);
  });
  const timer = setInterval(() => progress.update(completedBytes + (pool?.bytesInFlight() ?? current?.bytesRead ?? 0), label), 100);

  try {
    for (const [index, input] of options.inputs.entries()) {
      if (io.signal.aborted || output.error !== undefined) break;
      label = input.kind === 'stdin' ? '-' : input.path;
      if (input.kind === 'missing') {
        failedInputs++;
        progress.log(`flowecs: ${input.path}: cannot be read (${input.reason}).\n`);
        continue;
      }
      if (pool !== undefined && input.kind === 'file') {
        const outcome = await appendWorkerResult(pool, index, input.path, output, invalidReport, io.signal);
        if (outcome.stats !== undefined) add(totals, outcome.stats);
        if (outcome.failure !== undefined && output.error === undefined && !io.signal.aborted) {
          failedInputs++;
          progress.log(`flowecs: ${outcome.failure}\n`);
        }
        completedBytes += input.size;
        continue;
      }
      current = input.kind === 'stdin' ? openFlowLogInput(io.stdin, { source: '-' }) : openFlowLogFile(input.path, { highWaterMark: IO_BUFFER });
      const flows = createFlowLogStream({
        format: options.format,
        profile: options.profile,
        output: options.pretty ? 'objects' : 'ndjson',
        source: label,
        onInvalid: error => invalidReport.add(error.toJSON()),
        // Deep buffers on both sides let reading, parsing and writing overlap.
        readableHighWaterMark: options.pretty ? 64 : IO_BUFFER / 4,
        writableHighWaterMark: IO_BUFFER,
      });
      try {
        await pipeline(current, flows, output.forward(options.pretty), { signal: io.signal });
      } catch (error) {
        if (output.error === undefined && !io.signal.aborted) {
          failedInputs++;
          progress.log(`flowecs: ${(error as Error).message}\n`);
        }
      }
      add(totals, flows.stats());
      if (input.kind === 'file') completedBytes += input.size;
      current = undefined;
    }
  } finally {
    clearInterval(timer);
    progress.stop();
    await pool?.close();
  }

  invalidReport.finish();
  const interrupted = io.signal.aborted;
  if (deadLetters !== undefined) await closeWritable(deadLetters).catch(() => {});
  // Writing may fail as late as the final flush (a full disk): close first,
  // then judge the output.
  if (options.output === undefined) {
    if (output.error === undefined) await flushWritable(io.stdout);
  } else {
    await closeWritable(destination).catch((error: Error) => {
      output.error ??= error;
    });
  }
  const outputClosed = isBrokenPipe(output.error);
  const outputError = outputClosed ? undefined : output.error;
  if (temporary !== undefined) {
    const complete = !interrupted && output.error === undefined && failedInputs === 0;
    const published = complete && (await rename(temporary, options.output!).then(() => true, () => false));
    if (!published) {
      await rm(temporary, { force: true });
      if (!interrupted) progress.log(`flowecs: ${options.output} was not written: ${outputError?.message ?? 'an input could not be read to its end'}.\n`);
    }
  }
  const files = options.inputs.length;
  return { ...totals, files, failedInputs, elapsedMilliseconds: performance.now() - started, outputClosed, outputError, interrupted };
}

function add(totals: FlowLogStreamStats, stats: FlowLogStreamStats): void {
  totals.lines += stats.lines;
  totals.events += stats.events;
  totals.headers += stats.headers;
  totals.blanks += stats.blanks;
  totals.invalid += stats.invalid;
  totals.bytesIn += stats.bytesIn;
  totals.unknownKeys += stats.unknownKeys;
  for (const status of ['ok', 'nodata', 'skipdata', 'none'] as const) totals.eventsByStatus[status] += stats.eventsByStatus[status];
}

/**
 * Invalid lines go to the dead-letter file when there is one, else to stderr
 * up to the limit; the rest are counted and summarised at the end.
 */
type InvalidLine = ReturnType<FlowLogParseError['toJSON']>;

function reportInvalid(options: ConvertOptions, progress: Progress, deadLetters: WriteStream | undefined) {
  let count = 0;
  return {
    add: ({ source, line, code, message, raw }: InvalidLine) => {
      count++;
      if (deadLetters !== undefined) {
        deadLetters.write(`${JSON.stringify({ source, line, code, message, raw })}\n`);
      } else if (count <= options.errorLimit) {
        progress.log(`flowecs: ${source}:${line}: ${code}: ${message}\n`);
      }
    },
    finish: () => {
      if (count === 0) return;
      if (deadLetters !== undefined) progress.log(`flowecs: ${count} invalid line${count === 1 ? '' : 's'} written to ${options.errors}.\n`);
      else if (count > options.errorLimit) progress.log(`flowecs: ${count - options.errorLimit} more invalid lines not shown (--errors FILE keeps them all).\n`);
    },
  };
}

/**
 * Writes a worker's converted file to the output as its parts arrive, and
 * reports its invalid lines. Returns the file's counts and, if it failed, why.
 */
async function appendWorkerResult(
  pool: ReturnType<typeof createWorkerPool>,
  index: number,
  path: string,
  output: ReturnType<typeof watchWritable>,
  invalidReport: ReturnType<typeof reportInvalid>,
  signal: AbortSignal,
): Promise<{ stats?: FlowLogStreamStats; failure?: string }> {
  try {
    for await (const part of pool.parts(index)) {
      if (signal.aborted || output.error !== undefined) return {};
      if (part.type === 'done') return part.failure === undefined ? { stats: part.stats } : { stats: part.stats, failure: part.failure };
      if (part.type === 'data') await output.write(part.chunk);
      else for (const line of part.lines.split('\n')) if (line !== '') invalidReport.add(JSON.parse(line) as InvalidLine);
      part.release();
    }
  } catch (error) {
    return { failure: `${path}: ${(error as Error).message}` };
  }
  return {};
}

/**
 * The shared output: each input's pipeline ends in a `forward` stage that
 * writes here and waits for drain, so one slow reader slows every input. An
 * error (EPIPE when the reader quits) is kept and fails the current pipeline.
 */
function watchWritable(target: Writable) {
  const state = {
    error: undefined as Error | undefined,
    /** Writes one chunk, waiting for drain when the target is full. */
    async write(chunk: Buffer): Promise<void> {
      if (state.error !== undefined) return;
      if (target.write(chunk)) return;
      await new Promise<void>(resolve => {
        const done = () => {
          target.off('drain', done);
          target.off('error', done);
          resolve();
        };
        target.once('drain', done);
        target.once('error', done);
      });
    },
    forward(pretty: boolean): Writable {
      return new Writable({
        objectMode: true,
        highWaterMark: 64,
        write(chunk: unknown, _encoding, callback) {
          if (state.error !== undefined) return callback(state.error);
          const text = pretty ? `${JSON.stringify(chunk, null, 2)}\n` : (chunk as Buffer | string);
          if (target.write(text)) return callback();
          const done = (error?: Error) => {
            target.off('drain', onDrain);
            target.off('error', onError);
            callback(error);
          };
          const onDrain = () => done();
          const onError = (error: Error) => done(error);
          target.once('drain', onDrain);
          target.once('error', onError);
        },
      });
    },
  };
  target.on('error', error => {
    state.error ??= error;
  });
  return state;
}

async function isRegularFileOrMissing(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return true;
  }
}

function isBrokenPipe(error: Error | undefined): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === 'EPIPE';
}

async function flushWritable(stream: Writable): Promise<void> {
  if (!stream.writableNeedDrain) return;
  await new Promise<void>(resolve => {
    stream.once('drain', resolve);
    stream.once('error', () => resolve());
  });
}

async function closeWritable(stream: Writable): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    stream.once('error', reject);
    stream.end((error?: Error | null) => (error ? reject(error) : resolve()));
  });
}
