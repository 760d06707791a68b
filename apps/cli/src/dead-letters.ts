import { stat } from 'node:fs/promises';
import type { Writable } from 'node:stream';
import { createFileWriter } from './create-file-writer';
import { invalidLineSummaries, type InvalidLines } from './invalid-lines';
import type { Progress } from './progress';

/**
 * Where invalid lines go: the `--errors` file as NDJSON (`-`: standard
 * error), else standard error up to `errorLimit` lines. A dead-letter file
 * that cannot be written is an output failure: `finish` reports it, and
 * never claims lines that were not written.
 */
export async function createDeadLetters(path: string | undefined, errorLimit: number, progress: Progress) {
  let count = 0;
  /** Since `startInput`: the first layout problem's message, and whether every invalid line was flowecs output. */
  let firstLayoutMessage: string | undefined;
  let any = false;
  let allOutput = true;
  let label = '';
  let hinted = false;
  let written = 0;
  /** Invalid lines that count against `errorLimit` (flowecs's own output is hinted at once instead). */
  let reported = 0;
  let error: Error | undefined;
  let writer: Writable | undefined;
  if (path !== undefined && path !== '-') {
    // Written synchronously (a regular file or a device: checkOutputPaths), so
    // a full disk shows at once and nothing waits in memory: invalid lines
    // come faster than a thread-pool write, and cannot wait for one.
    writer = createFileWriter(path);
    writer.on('error', failure => {
      error ??= failure;
    });
  }
  return {
    /** Invalid lines so far, and those whose code is a layout problem. */
    get count() {
      return count;
    },
    /** Resets what `firstOfInput` and `onlyOutput` tell, before the next input. */
    startInput(name: string): void {
      label = name;
      hinted = false;
      firstLayoutMessage = undefined;
      any = false;
      allOutput = true;
    },
    /** The message of the current input's first invalid line whose code is a layout problem. */
    get firstLayoutMessage() {
      return firstLayoutMessage;
    },
    /** Every invalid line of the current input is an event or a dead letter of flowecs's. */
    get onlyOutput() {
      return any && allOutput;
    },
    get error() {
      return error;
    },
    /** Invalid lines, serialised where they were found (see `gatherInvalidLines`). */
    add(lines: InvalidLines): void {
      count += lines.count;
      any ||= lines.count > 0;
      if (lines.ownOutput < lines.count) allOutput = false;
      firstLayoutMessage ??= lines.firstLayoutMessage;
      if (path === '-') return progress.log(Buffer.from(lines.bytes.buffer, 0, lines.bytes.length).toString());
      if (writer !== undefined) {
        if (error !== undefined) return;
        // The callback runs on the next tick: it must not hold the lines till then.
        const { count: lineCount } = lines;
        writer.write(lines.bytes, failure => {
          // A failed write calls back before the stream's 'error' event.
          if (failure === null || failure === undefined) written += lineCount;
          else error ??= failure;
        });
        return;
      }
      // flowecs's own output fed back: one hint for the input, not a report a line.
      if (lines.ownOutput > 0 && !hinted)
        progress.log(
          `flowecs: ${label}: holds ECS events already (flowecs output?); its lines are counted as invalid.\n`,
        );
      hinted ||= lines.ownOutput > 0;
      if (reported < errorLimit)
        for (const summary of invalidLineSummaries(lines, errorLimit - reported)) progress.log(`flowecs: ${summary}\n`);
      reported += lines.count - lines.ownOutput;
    },
    /** Closes the file and reports; resolves to the write failure, if any. */
    async finish(): Promise<Error | undefined> {
      if (writer !== undefined) {
        await new Promise<void>(resolve => {
          if (writer.destroyed) return resolve();
          writer.once('error', () => resolve());
          writer.end((failure?: Error | null) => {
            if (failure !== null && failure !== undefined) error ??= failure;
            resolve();
          });
        });
      }
      const plural = (value: number) => `${value} invalid line${value === 1 ? '' : 's'}`;
      if (error !== undefined) {
        progress.log(
          `flowecs: cannot write the invalid lines to ${path}: ${error.message} (${written} of ${count} were written).\n`,
        );
      } else if (count > 0 && writer !== undefined) {
        progress.log(`flowecs: ${plural(count)} written to ${path}.\n`);
      } else if (path === undefined && reported > errorLimit) {
        progress.log(
          `flowecs: ${reported - errorLimit} more invalid lines not shown (--errors FILE keeps them all).\n`,
        );
      }
      return error;
    },
  };
}

export async function isRegularFileOrMissing(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return true;
  }
}
