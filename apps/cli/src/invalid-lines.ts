import { deadLetterLine, isFlowEcsOutputLine, type FlowLogParseError } from '@flowecs/stream';

/** Codes that mean the layout is unknown or wrong, not that one line is bad. */
const layoutCodes: ReadonlySet<string> = new Set([
  'unknown-layout',
  'layout-mismatch',
  'field-count-mismatch',
  'invalid-header',
  'no-layout',
]);

/** Dead-letter bytes gathered before they are handed on: large enough for few writes, small enough to hold. */
const HAND_ON_LENGTH = 256 * 1024;

/**
 * Invalid lines, serialised where they are found (on a worker, too) and
 * handed on together: their dead-letter lines as UTF-8 in memory of their
 * own, and the little the run decides on. Bytes, not an object or a string
 * a line, keep `--jobs` within its memory when every line is invalid (a
 * wrong `--format`): a worker transfers them without a copy, and neither
 * thread's heap holds them (strings there outlived young-generation
 * collections and grew each heap by 30–80 MB before a full one). The
 * dead-letter file is written in large writes.
 */
export interface InvalidLines {
  /** Dead-letter lines (`{source, line, code, message, raw}`, see `deadLetterLine`), UTF-8, each ending with a newline; the whole of its `buffer`'s first bytes (transferable). */
  bytes: Uint8Array<ArrayBuffer>;
  count: number;
  /** Of them, lines that are flowecs's own output (an event or a dead letter) fed back. */
  ownOutput: number;
  /** The message of the first whose code says the layout is unknown or wrong. */
  firstLayoutMessage: string | undefined;
}

/**
 * Gathers a flow stream's invalid lines (its `onInvalid`) and hands them on
 * in batches: when the next would not fit in 256 KiB, and on `handOn()` (at
 * a block's or an input's end).
 */
export function gatherInvalidLines(handOn: (lines: InvalidLines) => void) {
  // Made at the first invalid line: most inputs have none, and a tree of
  // thousands of files would otherwise reserve 256 KiB for each.
  let memory: Buffer<ArrayBuffer> | undefined;
  let length = 0;
  let count = 0;
  let ownOutput = 0;
  let firstLayoutMessage: string | undefined;
  const flush = () => {
    if (memory === undefined) return;
    const lines: InvalidLines = {
      bytes: new Uint8Array(memory.buffer, 0, length),
      count,
      ownOutput,
      firstLayoutMessage,
    };
    memory = undefined;
    length = count = ownOutput = 0;
    firstLayoutMessage = undefined;
    handOn(lines);
  };
  return {
    add(error: FlowLogParseError): void {
      const line = `${deadLetterLine(error)}\n`;
      // UTF-8 takes at most 3 bytes per UTF-16 unit.
      const room = line.length * 3;
      if (memory === undefined || length + room > memory.length) {
        flush();
        memory = Buffer.allocUnsafeSlow(Math.max(room, HAND_ON_LENGTH));
      }
      length += memory.write(line, length);
      count++;
      if (isFlowEcsOutputLine(error.raw)) ownOutput++;
      if (firstLayoutMessage === undefined && layoutCodes.has(error.code)) firstLayoutMessage = error.message;
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
  const { bytes } = lines;
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  let start = 0;
  while (summaries.length < limit && start < text.length) {
    const end = text.indexOf(10, start);
    const letter = JSON.parse(text.toString('utf8', start, end)) as {
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
