import { createWriteStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { Writable } from 'node:stream';
import type { DeadLetter } from './convert-file';
import { createFileWriter } from './create-file-writer';
import type { Progress } from './progress';

/** Codes that mean the layout is unknown or wrong, not that one line is bad. */
const layoutCodes: ReadonlySet<string> = new Set([
  'unknown-layout',
  'layout-mismatch',
  'field-count-mismatch',
  'invalid-header',
  'no-layout',
]);

/**
 * Where invalid lines go: the `--errors` file as NDJSON (`-`: standard
 * error), else standard error up to `errorLimit` lines. A dead-letter file
 * that cannot be written is an output failure: `finish` reports it, and
 * never claims lines that were not written.
 */
export async function createDeadLetters(path: string | undefined, errorLimit: number, progress: Progress) {
  let count = 0;
  /** Since `startInput`: the first line with a layout problem, and whether every invalid line was flowecs output. */
  let firstLayoutError: DeadLetter | undefined;
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
    // A regular file is written synchronously, so a full disk shows at once.
    writer = (await isRegularFileOrMissing(path)) ? createFileWriter(path) : createWriteStream(path);
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
      firstLayoutError = undefined;
      any = false;
      allOutput = true;
    },
    /** The current input's first invalid line whose code is a layout problem. */
    get firstLayoutError() {
      return firstLayoutError;
    },
    /** Every invalid line of the current input is an event or a dead letter of flowecs's. */
    get onlyOutput() {
      return any && allOutput;
    },
    get error() {
      return error;
    },
    /** One invalid line, serialised where it was found (see `toDeadLetter`). */
    add(letter: DeadLetter): void {
      count++;
      any = true;
      if (!letter.isOutput) allOutput = false;
      if (layoutCodes.has(letter.code)) firstLayoutError ??= letter;
      if (path === '-') progress.log(`${letter.text}\n`);
      else if (writer !== undefined) {
        if (error !== undefined) return;
        writer.write(`${letter.text}\n`, failure => {
          // A failed write calls back before the stream's 'error' event.
          if (failure === null || failure === undefined) written++;
          else error ??= failure;
        });
      } else if (letter.isOutput) {
        // flowecs's own output fed back: one hint for the input, not a report a line.
        if (!hinted)
          progress.log(
            `flowecs: ${label}: holds ECS events already (flowecs output?); its lines are counted as invalid.\n`,
          );
        hinted = true;
      } else if (++reported <= errorLimit) progress.log(`flowecs: ${letter.summary}\n`);
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
