const EMPTY = new Uint8Array(0);

/** Where a frame ends: the one thing lines and JSON objects differ in. */
export interface FrameBoundary {
  /**
   * The index of the byte that ends the frame `bytes[from]` is in (a
   * newline, a closing brace), or -1 when it goes on past `bytes`: the
   * boundary keeps what it needs (a JSON object's depth) for the next bytes.
   */
  end(bytes: Uint8Array, from: number): number;
  /** Whether that byte belongs to the frame (a brace does, a newline does not). */
  readonly keepsEnd: boolean;
}

/**
 * Frames bytes, in chunks of any size, into frames that end where the
 * boundary says: lines (`LineSplitter`) and JSON objects back to back
 * (`createJsonObjectSplitter`). A frame that lies in one chunk is read in
 * place; one across chunks is held as copies of its pieces, joined once
 * (linear, however many chunks). A frame that grows past `maxLength` bytes
 * while held is never held whole: its first `previewLength` bytes and its
 * length are kept, and it is reported `overLong` once its end arrives.
 *
 * Pull-based, so a consumer can stop between frames (backpressure): `push`
 * a chunk, call `next` until it returns false, then push the next chunk.
 */
export class FrameSplitter {
  readonly #boundary: FrameBoundary;
  readonly #maxLength: number;
  readonly #previewLength: number;
  #chunk: Uint8Array = EMPTY;
  #position = 0;
  /** Copies of the pieces of a frame whose end has not arrived yet, and their length. */
  #pieces: Uint8Array[] = [];
  #held = 0;
  /** A frame past `maxLength`, being skipped: its first bytes and its length so far. */
  #overflow: { preview: Uint8Array; length: number } | undefined;

  /** The frame `next` found: `bytes[start, end)` (for an over-long frame, its first bytes). */
  bytes: Uint8Array = EMPTY;
  start = 0;
  end = 0;
  /** The frame's length in bytes: `end - start`, but for an over-long frame. */
  length = 0;
  /** Whether the frame found grew past `maxLength` while held (only its first bytes are set). */
  overLong = false;

  constructor(boundary: FrameBoundary, maxLength: number, previewLength: number) {
    this.#boundary = boundary;
    this.#maxLength = maxLength;
    this.#previewLength = previewLength;
  }

  /** The first bytes of an over-long frame while it is skipped (its end not found yet). */
  get skipping(): Uint8Array | undefined {
    return this.#overflow?.preview;
  }

  /** The next chunk; the previous one must be used up (`next` returned false). */
  push(chunk: Uint8Array): void {
    this.#chunk = chunk;
    this.#position = 0;
  }

  /** Finds the next frame of the chunk: true with it set, false when the chunk is used up. */
  next(): boolean {
    const chunk = this.#chunk;
    const position = this.#position;
    const stop = position < chunk.length ? this.#boundary.end(chunk, position) : -1;
    const end = stop === -1 ? chunk.length : stop + (this.#boundary.keepsEnd ? 1 : 0);
    if (this.#overflow !== undefined) {
      // Skipping an over-long frame: count its bytes, keep only what its preview still lacks.
      const overflow = this.#overflow;
      const lacking = this.#previewLength - overflow.preview.length;
      if (lacking > 0)
        overflow.preview = join([overflow.preview], chunk.subarray(position, Math.min(end, position + lacking)));
      overflow.length += end - position;
      if (stop === -1) return this.#usedUp();
      this.#position = stop + 1;
      this.#overflow = undefined;
      this.#set(overflow.preview, 0, overflow.preview.length, overflow.length, true);
      return true;
    }
    if (stop === -1) {
      const rest = chunk.subarray(position);
      const held = this.#held + rest.length;
      if (held > this.#maxLength) {
        // Keep only the start: an over-long frame is never held whole.
        const preview = join(this.#pieces, rest).subarray(0, this.#previewLength).slice();
        this.#overflow = { preview, length: held };
        this.#pieces = [];
        this.#held = 0;
      } else if (rest.length > 0) {
        // A copy: the chunk belongs to the caller once it is used up.
        this.#pieces.push(rest.slice());
        this.#held = held;
      }
      return this.#usedUp();
    }
    this.#position = stop + 1;
    if (this.#held === 0) this.#set(chunk, position, end, end - position, false);
    else {
      const frame = join(this.#pieces, chunk.subarray(position, end));
      this.#pieces = [];
      this.#held = 0;
      this.#set(frame, 0, frame.length, frame.length, false);
    }
    return true;
  }

  /** At the end of the input: true with the last frame set when one is left (a last line without a newline). */
  finish(): boolean {
    this.#usedUp();
    const overflow = this.#overflow;
    if (overflow !== undefined) {
      this.#overflow = undefined;
      this.#set(overflow.preview, 0, overflow.preview.length, overflow.length, true);
      return true;
    }
    if (this.#held === 0) return false;
    const frame = join(this.#pieces, EMPTY);
    this.discard();
    this.#set(frame, 0, frame.length, frame.length, false);
    return true;
  }

  /** The input was cut: its incomplete last frame is not a frame. */
  discard(): void {
    this.#pieces = [];
    this.#held = 0;
    this.#overflow = undefined;
    this.#usedUp();
  }

  #set(bytes: Uint8Array, start: number, end: number, length: number, overLong: boolean): void {
    this.bytes = bytes;
    this.start = start;
    this.end = end;
    this.length = length;
    this.overLong = overLong;
  }

  #usedUp(): false {
    this.#chunk = EMPTY;
    this.#position = 0;
    return false;
  }
}

/** The pieces and the tail, in one new array (the tail alone when there are no pieces). */
function join(pieces: readonly Uint8Array[], tail: Uint8Array): Uint8Array {
  if (pieces.length === 0) return tail;
  let length = tail.length;
  for (const piece of pieces) length += piece.length;
  const joined = new Uint8Array(length);
  let offset = 0;
  for (const piece of pieces) {
    joined.set(piece, offset);
    offset += piece.length;
  }
  joined.set(tail, offset);
  return joined;
}
