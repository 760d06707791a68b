import type { FlowLogParseError } from './flow-log-parse-error';
import { createLineTooLongError, LINE_PREVIEW_LENGTH } from './flow-log-parse-error';

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
 * Pull-based, so a consumer can stop between lines (backpressure): `push` a
 * chunk, call `next` until it returns false, then push the next chunk. The
 * chunk is read in place until then; only an incomplete last line is copied.
 */
export class LineSplitter {
  readonly #maxLineLength: number;
  #chunk: Uint8Array = EMPTY;
  #position = 0;
  /** The start of a line whose end has not arrived yet. */
  #partial: Uint8Array | undefined;
  /** An over-long line being skipped: its first bytes and its length so far. */
  #overflow: { start: Uint8Array; length: number } | undefined;
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
  }

  /** The next chunk; the previous one must be used up (`next` returned false). */
  push(chunk: Uint8Array): void {
    this.#chunk = chunk;
    this.#position = 0;
  }

  /** Finds the next line of the chunk: true with it set, false when the chunk is used up. */
  next(): boolean {
    const chunk = this.#chunk;
    for (;;) {
      const newline = chunk.indexOf(10, this.#position);
      if (this.#overflow !== undefined) {
        // Skipping an over-long line: count its bytes, keep only what its start still lacks.
        const end = newline === -1 ? chunk.length : newline;
        const overflow = this.#overflow;
        if (overflow.start.length < PREVIEW_BYTES)
          overflow.start = concat(
            overflow.start,
            chunk.subarray(this.#position, Math.min(end, this.#position + PREVIEW_BYTES - overflow.start.length)),
          ).slice();
        overflow.length += end - this.#position;
        if (newline === -1) return this.#usedUp();
        this.#position = newline + 1;
        return this.#rejectOverflow();
      }
      if (newline === -1) {
        const rest = chunk.subarray(this.#position);
        const length = (this.#partial?.length ?? 0) + rest.length;
        if (length > this.#maxLineLength) {
          // Keep only the start: an over-long line is never buffered whole.
          this.#overflow = {
            start: concat(this.#partial, rest.subarray(0, PREVIEW_BYTES)).slice(0, PREVIEW_BYTES),
            length,
          };
          this.#partial = undefined;
        } else if (rest.length > 0) {
          // A copy: the chunk belongs to the caller once it is used up.
          this.#partial = concat(this.#partial, rest).slice();
        }
        return this.#usedUp();
      }
      if (this.#partial === undefined) this.#set(chunk, this.#position, newline);
      else {
        const line = concat(this.#partial, chunk.subarray(this.#position, newline));
        this.#partial = undefined;
        this.#set(line, 0, line.length);
      }
      this.#position = newline + 1;
      return true;
    }
  }

  /** At the end of the input: true with the final line set when one is left (a line without a newline). */
  finish(): boolean {
    this.#chunk = EMPTY;
    this.#position = 0;
    if (this.#overflow !== undefined) return this.#rejectOverflow();
    if (this.#partial === undefined) return false;
    const line = this.#partial;
    this.#partial = undefined;
    this.#set(line, 0, line.length);
    return true;
  }

  /** The input was cut: its incomplete last line is not a line (a cut number would read as another value). */
  discard(): void {
    this.#partial = undefined;
    this.#overflow = undefined;
    this.#chunk = EMPTY;
  }

  #set(bytes: Uint8Array, start: number, end: number): void {
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

  #rejectOverflow(): true {
    const overflow = this.#overflow!;
    this.#overflow = undefined;
    // As for a line that came whole (#set): the first line's BOM is not part of it.
    let { start, length } = overflow;
    if (!this.#pastFirstLine && start[0] === 0xef && start[1] === 0xbb && start[2] === 0xbf) {
      start = start.subarray(3);
      length -= 3;
    }
    // A line short enough to be all in its start: without its CR, as in #set.
    if (start.length === length && start[length - 1] === 13) start = start.subarray(0, -1);
    this.#pastFirstLine = true;
    this.tooLong = createLineTooLongError(utf8.decode(start), length, this.#maxLineLength, 'bytes');
    this.bytes = EMPTY;
    this.start = this.end = 0;
    return true;
  }

  #usedUp(): false {
    this.#chunk = EMPTY;
    this.#position = 0;
    return false;
  }
}

function concat(head: Uint8Array | undefined, tail: Uint8Array): Uint8Array {
  if (head === undefined) return tail;
  const joined = new Uint8Array(head.length + tail.length);
  joined.set(head);
  joined.set(tail, head.length);
  return joined;
}
