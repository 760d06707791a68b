import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import type { Readable, Writable } from 'node:stream';
import {
  emptyStats,
  openFlowLogFile,
  openFlowLogInput,
  type FlowLogInput,
  type FlowLogInputFormat,
  type FlowLogParserProfile,
  type FlowLogStreamStats,
} from '@flowecs/stream';
import type { Input } from './collect-inputs';
import { createFileWriter } from './create-file-writer';
import { convertInput, IO_BUFFER } from './convert-file';
import { noRecordAdvice } from './no-record-advice';
import { temporaryPath } from './temporary-path';
import { closeWritable, flushWritable } from './writable-ends';
import { isBrokenPipe, watchWritable } from './watch-writable';
import { createDeadLetters, isRegularFileOrMissing } from './dead-letters';
import type { RunSummary } from './format-summary';
import type { Progress } from './progress';
import { createBlockPool } from './block-pool';
import { convertInBlocks } from './convert-in-blocks';
import { addStats } from './stats';

export interface ConvertOptions {
  readonly inputs: readonly Input[];
  /** Write events here (through a temporary file) instead of stdout. */
  readonly output: string | undefined;
  readonly format: string | undefined;
  readonly profile: FlowLogParserProfile;
  readonly filter: string | undefined;
  readonly geoip?: string | undefined;
  readonly asn?: string | undefined;
  readonly interfaces?: readonly string[] | undefined;
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
/** What becomes of header fields this version does not know, by profile. */
const unknownFieldsKept: Readonly<Record<FlowLogParserProfile, string>> = {
  standard: 'ignored; --profile extended keeps them under aws.vpcflow, --profile ocsf under unmapped',
  extended: 'kept as text under aws.vpcflow',
  ocsf: 'kept as text under unmapped',
};

export async function convertFlowLogs(options: ConvertOptions, io: ConvertIo): Promise<ConvertResult> {
  const started = performance.now();
  const loop = performance.eventLoopUtilization();
  const totals = emptyStats();
  /** Unknown header fields already warned about, so a directory of alike files warns once. */
  const warned = new Set<string>();
  const { progress } = io;
  // A regular file is written through a temporary file renamed at the end; a
  // device or a pipe given as --output (/dev/stdout, a FIFO) is written as is.
  const atomic = options.output !== undefined && (await isRegularFileOrMissing(options.output));
  const temporary = atomic ? temporaryPath(options.output!) : undefined;
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
  // --jobs: each input's lines are parsed in blocks on worker threads (NDJSON only).
  const pool = options.jobs > 1 && !options.pretty ? createBlockPool(options.jobs) : undefined;
  const timer = setInterval(
    () =>
      progress.update(
        completedBytes + (current?.input.bytesRead ?? 0),
        label,
        totals.lines + (current?.stats().lines ?? 0),
      ),
    100,
  );

  try {
    for (const input of options.inputs) {
      if (io.signal.aborted || output.error !== undefined) break;
      label = input.kind === 'stdin' ? STDIN_LABEL : input.path;
      if (input.kind === 'missing') {
        incomplete.push({ label, lines: 0 });
        progress.log(`flowecs: ${input.path}: cannot be read (${input.reason}).\n`);
        continue;
      }
      const invalidBefore = deadLetters.count;
      deadLetters.startInput(label);
      let outcome: { stats: FlowLogStreamStats | undefined; failure: string | undefined };
      const opened =
        input.kind === 'stdin'
          ? openFlowLogInput(io.stdin, { source: STDIN_LABEL, inputFormat: options.inputFormat })
          : openFlowLogFile(input.path, { highWaterMark: readSize(input), inputFormat: options.inputFormat });
      if (pool !== undefined) {
        const running = emptyStats();
        current = { input: opened, stats: () => running };
        outcome = await convertInBlocks(
          opened,
          label,
          options,
          pool,
          output,
          lines => deadLetters.add(lines),
          io.signal,
          running,
        );
        current = undefined;
      } else {
        outcome = await convertOnThisThread(opened);
      }
      if (outcome.stats !== undefined) addStats(totals, outcome.stats);
      const unknownFields = outcome.stats?.unknownFields ?? [];
      if (unknownFields.length > 0 && !warned.has(unknownFields.join(' '))) {
        warned.add(unknownFields.join(' '));
        progress.log(
          `flowecs: ${label}: the header names fields this version does not know: ${unknownFields.join(', ')} (${unknownFieldsKept[options.profile]}).\n`,
        );
      }
      if (input.kind === 'file') completedBytes += input.size;
      if (output.error !== undefined || io.signal.aborted) break;
      if (outcome.failure !== undefined) {
        incomplete.push({ label, lines: outcome.stats?.lines ?? 0 });
        progress.log(`flowecs: ${outcome.failure}\n`);
      } else if (
        outcome.stats !== undefined &&
        outcome.stats.events + outcome.stats.filtered === 0 &&
        outcome.stats.invalid > 0
      ) {
        unreadInputs++;
        const invalid = deadLetters.count - invalidBefore;
        progress.log(
          `flowecs: ${label}: no record could be read (${invalid} invalid line${invalid === 1 ? '' : 's'})${noRecordAdvice(deadLetters, options.format)}\n`,
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
      lines => deadLetters.add(lines),
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
    mainThreadMilliseconds: pool === undefined ? undefined : performance.eventLoopUtilization(loop).active,
    outputClosed,
    outputError: outputClosed ? undefined : output.error,
    deadLetterError,
    unreadInputs,
    interrupted,
  };
}

const lineCount = new Intl.NumberFormat('en-US');

/**
 * Each read takes a buffer of this size, the last (empty) one too: a small
 * file reads in one of its own size, not IO_BUFFER. A tree of thousands of
 * small files took 1 MiB each, and their collection ran a full garbage
 * collection every few files.
 */
function readSize(input: { readonly size: number; readonly fifo: boolean }): number {
  return input.fifo ? IO_BUFFER : Math.min(IO_BUFFER, Math.max(16 * 1024, input.size + 1));
}
