import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { Writable, type Readable } from 'node:stream';
import {
  openFlowLogFile,
  openFlowLogInput,
  type FlowLogInput,
  type FlowLogInputFormat,
  type FlowLogStreamStats,
} from '@flowecs/stream';
import type { Input } from './collect-inputs';
import { createFileWriter } from './create-file-writer';
import { convertInput, IO_BUFFER } from './convert-file';
import { createDeadLetters, isRegularFileOrMissing, type DeadLetters } from './dead-letters';
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
  /** How inputs are read: by content (`auto`), or all as one delivery. */
  readonly inputFormat: FlowLogInputFormat;
}

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
  /** Writing the dead-letter file failed. */
  readonly deadLetterError: Error | undefined;
  /** Inputs of which no line was a record, though some were invalid. */
  readonly unreadInputs: number;
  readonly interrupted: boolean;
}

/** The label of an input in messages and dead letters. */
const STDIN_LABEL = 'stdin';

/**
 * Converts every input in order into one NDJSON stream. A failing input is
 * reported and the next one still runs; the output keeps every event read.
 * With `output`, events go to a temporary file renamed at the end; it is
 * removed only when the run is interrupted or the output cannot be written.
 */
export async function convertFlowLogs(options: ConvertOptions, io: ConvertIo): Promise<ConvertResult> {
  const started = performance.now();
  const totals: FlowLogStreamStats = {
    lines: 0,
    events: 0,
    headers: 0,
    blanks: 0,
    invalid: 0,
    bytesIn: 0,
    eventsByStatus: { ok: 0, nodata: 0, skipdata: 0, none: 0 },
    unknownKeys: 0,
    unknownFields: [],
    controlMessages: 0,
  };
  /** Unknown header fields already warned about, so a directory of alike files warns once. */
  const warned = new Set<string>();
  const { progress } = io;
  // A regular file is written through a temporary file renamed at the end; a
  // device or a pipe given as --output (/dev/stdout, a FIFO) is written as is.
  const atomic = options.output !== undefined && (await isRegularFileOrMissing(options.output));
  const temporary = atomic
    ? join(dirname(options.output!), `.${basename(options.output!)}.${process.pid}.partial`)
    : undefined;
  // A regular file is written synchronously (see create-file-writer.ts); a
  // device or a pipe asynchronously, so a slow reader cannot block the process.
  const destination: Writable =
    options.output === undefined
      ? io.stdout
      : temporary !== undefined
        ? createFileWriter(temporary)
        : createWriteStream(options.output, { highWaterMark: IO_BUFFER });
  const output = watchWritable(destination);
  const deadLetters = await createDeadLetters(options.errors, options.errorLimit, progress);

  /** Inputs that failed part-way (or at once), with the lines delivered before. */
  const incomplete: { label: string; lines: number }[] = [];
  let unreadInputs = 0;
  let completedBytes = 0;
  let current: { input: FlowLogInput; stats: () => FlowLogStreamStats } | undefined;
  let label = '';
  // Several files and several jobs: workers convert ahead, in input order.
  const fileCount = options.inputs.filter(input => input.kind === 'file').length;
  const pool =
    options.jobs > 1 && fileCount > 1 ? createWorkerPool(Math.min(options.jobs, fileCount), options) : undefined;
  options.inputs.forEach((input, index) => {
    if (pool !== undefined && input.kind === 'file') pool.add(index, input.path);
  });
  const timer = setInterval(
    () =>
      progress.update(
        completedBytes + (pool?.bytesInFlight() ?? current?.input.bytesRead ?? 0),
        label,
        totals.lines + (current?.stats().lines ?? 0),
      ),
    100,
  );

  try {
    for (const [index, input] of options.inputs.entries()) {
      if (io.signal.aborted || output.error !== undefined) break;
      label = input.kind === 'stdin' ? STDIN_LABEL : input.path;
      if (input.kind === 'missing') {
        incomplete.push({ label, lines: 0 });
        progress.log(`flowecs: ${input.path}: cannot be read (${input.reason}).\n`);
        continue;
      }
      const invalidBefore = deadLetters.count;
      const layoutErrorsBefore = deadLetters.layoutErrors;
      let outcome: { stats: FlowLogStreamStats | undefined; failure: string | undefined };
      if (pool !== undefined && input.kind === 'file') {
        outcome = await appendWorkerResult(pool, index, input.path, output, deadLetters, io.signal);
      } else {
        outcome = await convertOnThisThread(
          input.kind === 'stdin'
            ? openFlowLogInput(io.stdin, { source: STDIN_LABEL, inputFormat: options.inputFormat })
            : openFlowLogFile(input.path, { highWaterMark: IO_BUFFER, inputFormat: options.inputFormat }),
        );
      }
      if (outcome.stats !== undefined) add(totals, outcome.stats);
      const unknownFields = outcome.stats?.unknownFields ?? [];
      if (unknownFields.length > 0 && !warned.has(unknownFields.join(' '))) {
        warned.add(unknownFields.join(' '));
        progress.log(
          `flowecs: ${label}: the header names fields this version does not know: ${unknownFields.join(', ')} (ignored; --extended keeps them under aws.vpcflow).\n`,
        );
      }
      if (input.kind === 'file') completedBytes += input.size;
      if (output.error !== undefined || io.signal.aborted) break;
      if (outcome.failure !== undefined) {
        incomplete.push({ label, lines: outcome.stats?.lines ?? 0 });
        progress.log(`flowecs: ${outcome.failure}\n`);
      } else if (outcome.stats !== undefined && outcome.stats.events === 0 && outcome.stats.invalid > 0) {
        unreadInputs++;
        const invalid = deadLetters.count - invalidBefore;
        const layout = deadLetters.layoutErrors - layoutErrorsBefore > 0;
        // Single quotes: in double quotes the shell would expand ${…}.
        const advice = layout
          ? "; pass the layout with --format '${version} ${account-id} ...' (the flow log's LogFormat)"
          : '.';
        progress.log(
          `flowecs: ${label}: no record could be read (${invalid} invalid line${invalid === 1 ? '' : 's'})${advice}\n`,
        );
      }
    }
  } finally {
    clearInterval(timer);
    progress.stop();
    await pool?.close();
  }

  async function convertOnThisThread(input: FlowLogInput) {
    const conversion = convertInput(
      input,
      label,
      options,
      output.forward(),
      letter => deadLetters.add(letter),
      io.signal,
    );
    current = { input, stats: conversion.stats };
    const failure = await conversion.done;
    current = undefined;
    return { stats: conversion.stats(), failure };
  }

  const deadLetterError = await deadLetters.finish();
  const interrupted = io.signal.aborted;
  // Writing may fail as late as the final flush (a full disk): close first,
  // then judge the output.
  if (options.output === undefined) {
    if (output.error === undefined) await flushWritable(io.stdout);
  } else {
    await closeWritable(destination).catch((error: Error) => {
      output.error ??= error;
    });
  }
  if (temporary !== undefined) {
    const published =
      !interrupted &&
      output.error === undefined &&
      (await rename(temporary, options.output!).then(
        () => true,
        (error: Error) => {
          output.error ??= error;
          return false;
        },
      ));
    if (!published) {
      await rm(temporary, { force: true });
      if (interrupted) progress.log(`flowecs: ${options.output} was not written (interrupted).\n`);
    }
  }
  if (incomplete.length > 0 && !interrupted && output.error === undefined) {
    const count = options.inputs.length;
    progress.log(
      `flowecs: ${incomplete.length} of ${count} input${count === 1 ? '' : 's'} could not be read to the end; the output holds every event read before each failure:\n`,
    );
    for (const { label: name, lines } of incomplete)
      progress.log(`flowecs:   ${name}: ${lineCount.format(lines)} line${lines === 1 ? '' : 's'} delivered\n`);
  }
  const outputClosed = isBrokenPipe(output.error);
  return {
    ...totals,
    files: options.inputs.length,
    failedInputs: incomplete.length,
    elapsedMilliseconds: performance.now() - started,
    outputClosed,
    outputError: outputClosed ? undefined : output.error,
    deadLetterError,
    unreadInputs,
    interrupted,
  };
}

const lineCount = new Intl.NumberFormat('en-US');

function add(totals: FlowLogStreamStats, stats: FlowLogStreamStats): void {
  totals.lines += stats.lines;
  totals.events += stats.events;
  totals.headers += stats.headers;
  totals.blanks += stats.blanks;
  totals.invalid += stats.invalid;
  totals.bytesIn += stats.bytesIn;
  totals.unknownKeys += stats.unknownKeys;
  totals.controlMessages += stats.controlMessages;
  totals.unknownFields = [...new Set([...totals.unknownFields, ...stats.unknownFields])].toSorted();
  for (const status of ['ok', 'nodata', 'skipdata', 'none'] as const)
    totals.eventsByStatus[status] += stats.eventsByStatus[status];
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
  deadLetters: DeadLetters,
  signal: AbortSignal,
): Promise<{ stats: FlowLogStreamStats | undefined; failure: string | undefined }> {
  try {
    for await (const part of pool.parts(index)) {
      if (signal.aborted || output.error !== undefined) break;
      if (part.type === 'done') return { stats: part.stats, failure: part.failure };
      if (part.type === 'data') await output.write(part.chunk);
      else for (const letter of part.letters) deadLetters.add(letter);
      part.release();
    }
  } catch (error) {
    return { stats: undefined, failure: `${path}: ${(error as Error).message}` };
  }
  return { stats: undefined, failure: undefined };
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
    forward(): Writable {
      return new Writable({
        // Chunks, not bytes: a chunk written through at once never waits for 'drain'.
        objectMode: true,
        highWaterMark: 64,
        write(chunk: Buffer | string, _encoding, callback) {
          if (state.error !== undefined) return callback(state.error);
          if (target.write(chunk)) return callback();
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
