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
  constructor(initialSize = 64 * 1024) {
    this.bytes = new Uint8Array(initialSize);
  }

  /** What was written so far; valid until the next write or `clear()`. */
  view(): Uint8Array {
    return this.bytes.subarray(0, this.length);
  }

  /** Starts over, keeping the buffer. */
  clear(): void {
    this.length = 0;
  }

  /** A copy of what was written, and a fresh start. */
  take(): Uint8Array {
    const written = this.bytes.slice(0, this.length);
    this.length = 0;
    return written;
  }

  /** Room for `count` more bytes. */
  reserve(count: number): void {
    if (this.length + count <= this.bytes.length) return;
    const grown = new Uint8Array(Math.max(this.bytes.length * 2, this.length + count));
    grown.set(this.bytes.subarray(0, this.length));
    this.bytes = grown;
  }

  /** Pre-encoded bytes (the fixed parts of the JSON). */
  raw(fragment: Uint8Array): void {
    const length = fragment.length;
    this.reserve(length);
    const bytes = this.bytes;
    let offset = this.length;
    for (let index = 0; index < length; index++) bytes[offset++] = fragment[index]!;
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

  /** A non-negative integer (every number flow logs hold). */
  integer(value: number): void {
    if (value < 10) {
      this.reserve(1);
      this.bytes[this.length++] = 48 + value;
      return;
    }
    this.ascii(String(value));
  }

  /** Any text: UTF-8 encoded. */
  text(text: string): void {
    const encoded = encoder.encode(text);
    this.reserve(encoded.length);
    this.bytes.set(encoded, this.length);
    this.length += encoded.length;
  }

  #escaped(text: string): void {
    this.text(JSON.stringify(text));
  }
}

const encoder = new TextEncoder();
