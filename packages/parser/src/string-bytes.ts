import { describeValue } from './parse-format';

const encoder = new TextEncoder();

/** Strings to UTF-8 in one buffer, grown when needed: read `bytes` after `encode`. */
export class StringBytes {
  bytes = new Uint8Array(4096);

  /** Encodes `text` into `bytes`; returns its length. */
  encode(text: string): number {
    if (typeof text !== 'string')
      throw new TypeError(`The parser reads a line of text (a string), not ${describeValue(text)}.`);
    if (this.bytes.length < text.length * 3) this.bytes = new Uint8Array(text.length * 3);
    return encoder.encodeInto(text, this.bytes).written;
  }
}
