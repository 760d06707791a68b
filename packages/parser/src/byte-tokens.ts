import { fieldWords } from './flow-log-fields';
import { typeCodes } from './flow-log-layout';

// The token rules: what each field type accepts, read from UTF-8 bytes. They
// are stated here once. The record scanner applies them to a line's tokens;
// decodeToken (strings: JSON values, error wording) encodes its token and
// applies the same functions.

/** `readToken` results that are not a number: the field's outcome. */
export const ABSENT = -1;
export const PRESENT = -2;
const NOT_CANONICAL = -3;
export const OUT_OF_RANGE = -4;
export const INVALID = -5;

/**
 * A canonical non-negative decimal integer (digits only, no sign, no leading
 * zero), or NOT_CANONICAL. Past 16 digits it stops reading and returns
 * Infinity, which is above every maximum.
 */
function readInteger(bytes: Uint8Array, start: number, end: number): number {
  const length = end - start;
  if (length === 0 || (length > 1 && bytes[start] === 48)) return NOT_CANONICAL;
  let value = 0;
  for (let index = start; index < end; index++) {
    const digit = bytes[index]! - 48;
    if (digit < 0 || digit > 9) return NOT_CANONICAL;
    value = value * 10 + digit;
  }
  return length > 16 ? Number.POSITIVE_INFINITY : value;
}

/**
 * Reads a dotted quad from `bytes[index, end)`: four parts of one to three
 * digits, at most 255, no leading zero (what ipaddr.js's
 * `isValidFourPartDecimal` accepts; a property test holds the two together).
 * Returns where it stops, or -1 when what it read is no dotted quad.
 */
export function scanDottedQuad(bytes: Uint8Array, index: number, end: number): number {
  let parts = 0;
  let part = 0;
  let digits = 0;
  while (index < end) {
    const byte = bytes[index]!;
    if (byte >= 48 && byte <= 57) {
      if (digits === 1 && part === 0) return -1;
      part = part * 10 + byte - 48;
      if (++digits > 3 || part > 255) return -1;
    } else if (byte === 46 && digits > 0 && parts < 3) {
      parts++;
      part = 0;
      digits = 0;
    } else break;
    index++;
  }
  return parts === 3 && digits > 0 ? index : -1;
}

/**
 * IPv6 text (RFC 4291): eight groups of one to four hex digits, or fewer
 * with one `::` standing for at least one group; the last two groups may be
 * a dotted quad. What ipaddr.js's `IPv6.isValid` accepts without zone ids,
 * with the tail obeying scanDottedQuad (a property test holds them together).
 * With `into` (16 entries), a valid address's bytes are written there.
 */
export function isIPv6(bytes: Uint8Array, start: number, end: number, into?: number[]): boolean {
  if (end - start < 2 || end - start > 45) return false;
  let index = start;
  let groups = 0;
  let gap = -1; // how many groups come before the `::`
  if (bytes[index] === 58) {
    if (bytes[index + 1] !== 58) return false;
    gap = 0;
    index += 2;
  }
  while (index < end) {
    const groupStart = index;
    let value = 0;
    for (; index < end && index - groupStart < 5 && isHexDigit(bytes[index]!); index++)
      value = value * 16 + hexValue(bytes[index]!);
    const digits = index - groupStart;
    if (index < end && bytes[index] === 46) {
      // A dotted quad ends the address and stands for two groups.
      if (scanDottedQuad(bytes, groupStart, end) !== end) return false;
      if (into !== undefined && groups < 7) quadBytes(bytes, groupStart, end, into, groups * 2);
      groups += 2;
      index = end;
      break;
    }
    if (digits === 0 || digits > 4) return false;
    if (into !== undefined && groups < 8) {
      into[groups * 2] = value >> 8;
      into[groups * 2 + 1] = value & 0xff;
    }
    groups++;
    if (index === end) break;
    if (bytes[index] !== 58) return false;
    index++;
    if (bytes[index] === 58) {
      if (gap >= 0) return false;
      gap = groups;
      index++;
    } else if (index === end) return false;
  }
  if (gap >= 0 ? groups >= 8 : groups !== 8) return false;
  if (into !== undefined && gap >= 0) {
    // The groups after the `::` move to the end; the ones it stands for are zero.
    const tail = (groups - gap) * 2;
    for (let offset = 1; offset <= tail; offset++) into[16 - offset] = into[gap * 2 + tail - offset]!;
    for (let offset = gap * 2; offset < 16 - tail; offset++) into[offset] = 0;
  }
  return true;
}

/** A valid dotted quad's four bytes, to `into[at…]`. */
export function quadBytes(bytes: Uint8Array, start: number, end: number, into: number[], at: number): void {
  let value = 0;
  for (let index = start; index < end; index++) {
    const byte = bytes[index]!;
    if (byte === 46) {
      into[at++] = value;
      value = 0;
    } else value = value * 10 + byte - 48;
  }
  into[at] = value;
}

function hexValue(byte: number): number {
  return byte <= 57 ? byte - 48 : (byte | 0x20) - 87;
}

function isHexDigit(byte: number): boolean {
  return (byte >= 48 && byte <= 57) || (byte >= 97 && byte <= 102) || (byte >= 65 && byte <= 70);
}

const encoder = new TextEncoder();
const encodedWords = (words: readonly string[]) => words.map(word => encoder.encode(word));
const actionWords = encodedWords(fieldWords.action);
const statusWords = encodedWords(fieldWords.status);
const UNKNOWN_ACCOUNT = encoder.encode('unknown');

/** The code of a word (its index + 1), or INVALID. */
function wordCode(bytes: Uint8Array, start: number, end: number, words: readonly Uint8Array[]): number {
  for (let code = 0; code < words.length; code++)
    if (startsWith(bytes, start, end, words[code]!, true)) return code + 1;
  return INVALID;
}

export function startsWith(bytes: Uint8Array, start: number, end: number, word: Uint8Array, exact: boolean): boolean {
  if (exact ? end - start !== word.length : end - start < word.length) return false;
  for (let index = 0; index < word.length; index++) if (bytes[start + index] !== word[index]) return false;
  return true;
}

// Node's Buffer decodes a range without a view object; elsewhere TextDecoder.
const latin1 = new TextDecoder('latin1');
export function decodeAscii(bytes: Uint8Array, start: number, end: number): string {
  const slice = (bytes as { latin1Slice?: (start: number, end: number) => string }).latin1Slice;
  return typeof slice === 'function' ? slice.call(bytes, start, end) : latin1.decode(bytes.subarray(start, end));
}

const utf8 = new TextDecoder();

/** `bytes[start, end)` as text: ASCII without a decoder's work. */
export function decodeRange(bytes: Uint8Array, start: number, end: number, ascii: boolean): string {
  return ascii ? decodeAscii(bytes, start, end) : utf8.decode(bytes.subarray(start, end));
}

/**
 * One token read for its field type (`typeCodes`): the integer's value, a
 * word's code, PRESENT for accepted text, or why it is refused
 * (NOT_CANONICAL, OUT_OF_RANGE, INVALID). The caller has dropped `-`.
 */
export function readToken(bytes: Uint8Array, start: number, end: number, type: number, maximum: number): number {
  switch (type) {
    case typeCodes.integer: {
      const value = readInteger(bytes, start, end);
      return value === NOT_CANONICAL ? value : value > maximum ? OUT_OF_RANGE : value;
    }
    case typeCodes.address:
      return scanDottedQuad(bytes, start, end) === end || isIPv6(bytes, start, end) ? PRESENT : INVALID;
    case typeCodes.action:
      return wordCode(bytes, start, end, actionWords);
    case typeCodes.status:
      return wordCode(bytes, start, end, statusWords);
    case typeCodes.account:
      if (startsWith(bytes, start, end, UNKNOWN_ACCOUNT, true)) return PRESENT;
      if (end === start) return INVALID;
      for (let index = start; index < end; index++) {
        const byte = bytes[index]!;
        if (byte < 48 || byte > 57) return INVALID;
      }
      return PRESENT;
    default:
      return PRESENT;
  }
}

/** The word a `readToken` code stands for, for action and status fields. */
export function wordOf(type: number, code: number): string {
  return (type === typeCodes.action ? fieldWords.action : fieldWords.status)[code - 1]!;
}
