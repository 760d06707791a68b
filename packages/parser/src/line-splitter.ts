import type { FlowLogParseError } from './flow-log-parse-error';
import { createLineTooLongError, LINE_PREVIEW_LENGTH } from './flow-log-parse-error';
import { FrameSplitter, type FrameBoundary } from './frame-splitter';

const EMPTY = new Uint8Array(0);
// An over-long line keeps this many bytes of its start, enough for the
// preview's characters whatever their encoded length.
const PREVIEW_BYTES = LINE_PREVIEW_LENGTH * 4;
const utf8 = new TextDecoder();

/**
 * Frames UTF-8 bytes, in chunks of any size, into lines: LF or CRLF, a final
 * line without a newline, a byte order mark dropped from the first line. It
 * works on bytes, so a character or a CRLF split between chunks needs no
 * decoder state. A line longer than `maxLineLength` bytes is never buffered
 * whole: it becomes one `line-too-long` error with its start.
 *
 * Lines are the frames of a `FrameSplitter` that end at a newline; this
 * class adds what makes them lines: CR and BOM, and the over-long line's
 * error. Pull-based, as the frame splitter: `push` a chunk, call `next` until
 * it returns false, then push the next chunk.
 */
/** Lines end at a newline, which is not part of them. */
const newlines: FrameBoundary = { end: (bytes, from) => bytes.indexOf(10, from), keepsEnd: false };

export class LineSplitter {
  readonly #maxLineLength: number;
  readonly #frames: FrameSplitter;
  #pastFirstLine = false;

  /** The line `next` found: `bytes[start, end)`, without its terminator. */
  bytes: Uint8Array = EMPTY;
  start = 0;
  end = 0;
  /** Set instead when the line `next` found is over-long. */
  tooLong: FlowLogParseError | undefined;

  /**
   * `continuing`: the bytes go on from a point after the input's first line
   * (a block of a file split for parallel parsing), so no BOM is dropped.
   */
  constructor(maxLineLength = Number.POSITIVE_INFINITY, continuing = false) {
    this.#maxLineLength = maxLineLength;
    this.#pastFirstLine = continuing;
    this.#frames = new FrameSplitter(newlines, maxLineLength, PREVIEW_BYTES);
  }

  /** The next chunk; the previous one must be used up (`next` returned false). */
  push(chunk: Uint8Array): void {
    this.#frames.push(chunk);
  }

  /** Finds the next line of the chunk: true with it set, false when the chunk is used up. */
  next(): boolean {
    if (!this.#frames.next()) return false;
    this.#line();
    return true;
  }

  /** At the end of the input: true with the final line set when one is left (a line without a newline). */
  finish(): boolean {
    if (!this.#frames.finish()) return false;
    this.#line();
    return true;
  }

  /** The input was cut: its incomplete last line is not a line (a cut number would read as another value). */
  discard(): void {
    this.#frames.discard();
  }

  /** Makes the frame found a line: without the first line's BOM and without its CR. */
  #line(): void {
    const frames = this.#frames;
    if (frames.overLong) return this.#overLong(frames.bytes.subarray(frames.start, frames.end), frames.length);
    const bytes = frames.bytes;
    let { start, end } = frames;
    if (!this.#pastFirstLine) {
      this.#pastFirstLine = true;
      if (bytes[start] === 0xef && bytes[start + 1] === 0xbb && bytes[start + 2] === 0xbf) start += 3;
    }
    this.tooLong =
      end - start > this.#maxLineLength
        ? createLineTooLongError(
            // The line's own start: never the bytes after it, nor its CR.
            utf8.decode(bytes.subarray(start, Math.min(bytes[end - 1] === 13 ? end - 1 : end, start + PREVIEW_BYTES))),
            end - start,
            this.#maxLineLength,
            'bytes',
          )
        : undefined;
    if (end > start && bytes[end - 1] === 13) end--;
    this.bytes = bytes;
    this.start = start;
    this.end = end;
  }

  /** A line that grew past the limit while held: only its start and its length are known. */
  #overLong(preview: Uint8Array, length: number): void {
    // As for a line that came whole: the first line's BOM is not part of it.
    if (!this.#pastFirstLine && preview[0] === 0xef && preview[1] === 0xbb && preview[2] === 0xbf) {
      preview = preview.subarray(3);
      length -= 3;
    }
    // A line short enough to be all in its start: without its CR, as for a whole line.
    if (preview.length === length && preview[length - 1] === 13) preview = preview.subarray(0, -1);
    this.#pastFirstLine = true;
    this.tooLong = createLineTooLongError(utf8.decode(preview), length, this.#maxLineLength, 'bytes');
    this.bytes = EMPTY;
    this.start = this.end = 0;
  }
}
