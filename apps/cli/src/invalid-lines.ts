import { deadLetterLine, isFlowEcsOutputLine, type FlowLogParseError } from '@flowecs/stream';

/** Codes that mean the layout is unknown or wrong, not that one line is bad. */
const layoutCodes: ReadonlySet<string> = new Set([
  'unknown-layout',
  'layout-mismatch',
  'field-count-mismatch',
  'invalid-header',
  'no-layout',
]);

/** Dead-letter text gathered before it is handed on: large enough for few writes, small enough to hold. */
const HAND_ON_LENGTH = 256 * 1024;

/**
 * Invalid lines, serialised where they are found (on a worker, too) and
 * handed on together: their dead-letter lines as one string, and the little
 * the run decides on. One string, not an object a line, keeps `--jobs`
 * within its memory when every line is invalid (a wrong `--format`), and
 * the dead-letter file is written in large writes.
 */
export interface InvalidLines {
  /** Dead-letter lines (`{source, line, code, message, raw}`, see `deadLetterLine`), each ending with a newline. */
  text: string;
  count: number;
  /** Of them, lines that are flowecs's own output (an event or a dead letter) fed back. */
  ownOutput: number;
  /** The message of the first whose code says the layout is unknown or wrong. */
  firstLayoutMessage: string | undefined;
}

function noInvalidLines(): InvalidLines {
  return { text: '', count: 0, ownOutput: 0, firstLayoutMessage: undefined };
}

/**
 * Gathers a flow stream's invalid lines (its `onInvalid`) and hands them on
 * in batches: whenever the text passes 256 KiB, and on `handOn()` (at a
 * block's or an input's end).
 */
export function gatherInvalidLines(handOn: (lines: InvalidLines) => void) {
  let lines = noInvalidLines();
  const flush = () => {
    if (lines.count === 0) return;
    const full = lines;
    lines = noInvalidLines();
    handOn(full);
  };
  return {
    add(error: FlowLogParseError): void {
      lines.text += `${deadLetterLine(error)}\n`;
      lines.count++;
      if (isFlowEcsOutputLine(error.raw)) lines.ownOutput++;
      if (lines.firstLayoutMessage === undefined && layoutCodes.has(error.code))
        lines.firstLayoutMessage = error.message;
      if (lines.text.length >= HAND_ON_LENGTH) flush();
    },
    handOn: flush,
  };
}

/**
 * The first `limit` lines of `lines` that are not flowecs's own output, as
 * one-line reports for standard error (`<source>:<line>: <code>: <message>`),
 * read back from their dead-letter text: only the few shown are parsed.
 */
export function invalidLineSummaries(lines: InvalidLines, limit: number): string[] {
  const summaries: string[] = [];
  let start = 0;
  while (summaries.length < limit && start < lines.text.length) {
    const end = lines.text.indexOf('\n', start);
    const letter = JSON.parse(lines.text.slice(start, end)) as {
      source: string;
      line: number;
      code: string;
      message: string;
      raw: string;
    };
    start = end + 1;
    if (!isFlowEcsOutputLine(letter.raw))
      summaries.push(`${letter.source}:${letter.line}: ${letter.code}: ${letter.message}`);
  }
  return summaries;
}
