/**
 * A growable byte buffer that JSON text is written into, one event per line.
 * Pure JavaScript (no Node Buffer), so the parser runs anywhere. Strings are
 * copied character by character when they are plain ASCII, which flow-log
 * values nearly always are; anything else is escaped by JSON.stringify and
 * encoded as UTF-8.
 */
export class NdjsonWriter {
  bytes: Uint8Array;
  length = 0;
  readonly #allocate: (size: number) => Uint8Array;

  /**
   * `allocate` makes the buffers (default: zero-filled Uint8Arrays); Node
   * callers pass `Buffer.allocUnsafe`, which skips the zero-filling.
   */
  constructor(initialSize = 64 * 1024, allocate: (size: number) => Uint8Array = size => new Uint8Array(size)) {
    this.#allocate = allocate;
    this.bytes = allocate(initialSize);
  }

  /** Hands over what was written (no copy) and continues in a fresh buffer of the same size. */
  detach(): Uint8Array {
    const written = this.bytes.subarray(0, this.length);
    this.bytes = this.#allocate(this.bytes.length);
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
    const grown = this.#allocate(Math.max(this.bytes.length * 2, this.length + count));
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
    const length = text.length;
    this.reserve(length + 2);
    const bytes = this.bytes;
    let offset = this.length;
    bytes[offset++] = 34;
    for (let index = 0; index < length; index++) {
      const code = text.charCodeAt(index);
      if (code < 32 || code === 34 || code === 92 || code > 126) return this.#escaped(text);
      bytes[offset++] = code;
    }
    bytes[offset++] = 34;
    this.length = offset;
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

  #escaped(text: string): void {
    this.text(JSON.stringify(text));
  }
}

const encoder = new TextEncoder();
