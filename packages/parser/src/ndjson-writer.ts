/**
 * A growable byte buffer that JSON text is written into, one event per line.
 * Pure JavaScript (no Node Buffer), so the parser runs anywhere. Strings are
 * copied character by character when they are plain ASCII, which flow-log
 * values nearly always are; anything else is escaped by JSON.stringify and
 * encoded as UTF-8.
 */
const NO_BYTES = new Uint8Array(0);

export class NdjsonWriter {
  bytes: Uint8Array = NO_BYTES;
  length = 0;
  readonly #allocate: (size: number) => Uint8Array;
  /** The size of the next buffer: made at the first write, so a writer that writes nothing holds nothing. */
  #size: number;

  /**
   * `allocate` makes the buffers (default: zero-filled Uint8Arrays); Node
   * callers pass `Buffer.allocUnsafe`, which skips the zero-filling.
   */
  constructor(initialSize = 64 * 1024, allocate: (size: number) => Uint8Array = size => new Uint8Array(size)) {
    this.#allocate = allocate;
    this.#size = initialSize;
  }

  /** Hands over what was written (no copy); the next write starts a fresh buffer of the same size. */
  detach(): Uint8Array {
    const written = this.bytes.subarray(0, this.length);
    if (this.bytes.length > 0) this.#size = this.bytes.length;
    this.bytes = NO_BYTES;
    this.length = 0;
    return written;
  }

  /** What was written so far; valid until the next write or `clear()`. */
  view(): Uint8Array {
    return this.bytes.subarray(0, this.length);
  }

  /** Starts over, keeping the buffer. */
  clear(): void {
    this.length = 0;
  }

  /** Room for `count` more bytes. */
  reserve(count: number): void {
    if (this.length + count <= this.bytes.length) return;
    const grown = this.#allocate(
      this.bytes.length === 0 ? Math.max(this.#size, count) : Math.max(this.bytes.length * 2, this.length + count),
    );
    grown.set(this.bytes.subarray(0, this.length));
    this.bytes = grown;
  }

  /** Pre-encoded bytes (the fixed parts of the JSON). */
  raw(fragment: Uint8Array): void {
    this.copy(fragment, 0, fragment.length);
  }

  /** `source[start, end)`; short runs in a loop, long ones with one native copy. */
  copy(source: Uint8Array, start: number, end: number): void {
    const length = end - start;
    this.reserve(length);
    const bytes = this.bytes;
    let offset = this.length;
    if (length > 48) {
      bytes.set(source.subarray(start, end), offset);
      offset += length;
    } else {
      for (let index = start; index < end; index++) bytes[offset++] = source[index]!;
    }
    this.length = offset;
  }

  /** ASCII text known to need no escaping (field names, constants, validated values). */
  ascii(text: string): void {
    const length = text.length;
    this.reserve(length);
    const bytes = this.bytes;
    let offset = this.length;
    for (let index = 0; index < length; index++) bytes[offset++] = text.charCodeAt(index);
    this.length = offset;
  }

  /** A JSON string literal, escaped exactly as JSON.stringify escapes it. */
  string(text: string): void {
    this.reserve(text.length * 6 + 2);
    const bytes = this.bytes;
    bytes[this.length] = 34;
    const end = writeStringContent(bytes, this.length + 1, text);
    bytes[end] = 34;
    this.length = end + 1;
  }

  /** Any text: UTF-8 encoded in place (no intermediate buffer). */
  text(text: string): void {
    this.reserve(text.length * 3);
    const bytes = this.bytes as Uint8Array & { utf8Write?: (text: string, offset: number) => number };
    // Node's Buffer encodes without a view object; elsewhere encodeInto.
    this.length +=
      typeof bytes.utf8Write === 'function'
        ? bytes.utf8Write(text, this.length)
        : encoder.encodeInto(text, bytes.subarray(this.length)).written;
  }
}

const encoder = new TextEncoder();

/**
 * `text` as JSON string content (no quotes) at `target[at…]`, escaped exactly
 * as JSON.stringify escapes it: printable ASCII byte by byte, anything else
 * through JSON.stringify. Needs room for `text.length * 6` bytes; returns the end.
 */
export function writeStringContent(target: Uint8Array, at: number, text: string): number {
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code < 32 || code > 126 || code === 34 || code === 92)
      return at + encoder.encodeInto(JSON.stringify(text).slice(1, -1), target.subarray(at)).written;
    target[at + index] = code;
  }
  return at + text.length;
}

/**
 * A non-negative safe integer's decimal digits at `target[at…]` (up to 16
 * bytes); returns the end. Below 10^9 in 32-bit steps, larger ones as two
 * such parts: no floating-point division per digit.
 */
export function writeDigits(target: Uint8Array, at: number, value: number): number {
  if (value < 1e9) return writeSmall(target, at, value, 0);
  const high = Math.floor(value / 1e9);
  return writeSmall(target, writeSmall(target, at, high, 0), value - high * 1e9, 9);
}

/** `value` (below 10^9) as digits, padded with zeros to `width`. */
function writeSmall(target: Uint8Array, at: number, value: number, width: number): number {
  let digits = 1;
  for (let rest = value | 0; rest >= 10; rest = (rest / 10) | 0) digits++;
  if (digits < width) digits = width;
  for (let index = at + digits - 1, rest = value | 0; index >= at; index--, rest = (rest / 10) | 0)
    target[index] = 48 + (rest % 10);
  return at + digits;
}
