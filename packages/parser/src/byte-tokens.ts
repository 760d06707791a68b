import { QUOTE, UNKNOWN } from './standard-fragments';

// readInteger and scanDottedQuad read bytes; decode-token.ts and
// decode-text-record.ts have their twins for strings (readCanonicalInteger,
// isDottedQuad). Two hot paths, two input types: the equivalence tests (byte
// lane = text lane, isDottedQuad = ipaddr.js) hold them together.
export function readInteger(bytes: Uint8Array, start: number, end: number): number {
  const length = end - start;
  if (length > 1 && bytes[start] === 48) return -1;
  if (length > 16) return Number.POSITIVE_INFINITY;
  let value = 0;
  for (let index = start; index < end; index++) {
    const digit = bytes[index]! - 48;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value;
}

/**
 * Reads a dotted quad from `bytes[index, end)` as it scans: four parts of one
 * to three digits, at most 255, no leading zero. Returns where it stops (the
 * first byte that cannot continue it), or -1 when what it read is no dotted
 * quad. The caller checks that the token ends there.
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

export function isAccount(bytes: Uint8Array, start: number, end: number): boolean {
  if (equals(bytes, start, end, UNKNOWN)) return true;
  for (let index = start; index < end; index++) {
    const byte = bytes[index]!;
    if (byte < 48 || byte > 57) return false;
  }
  return end > start;
}

export function equals(bytes: Uint8Array, start: number, end: number, word: Uint8Array): boolean {
  return end - start === word.length && startsWith(bytes, start, end, word, true);
}

export function startsWith(bytes: Uint8Array, start: number, end: number, word: Uint8Array, exact: boolean): boolean {
  if (exact ? end - start !== word.length : end - start < word.length) return false;
  for (let index = 0; index < word.length; index++) if (bytes[start + index] !== word[index]) return false;
  return true;
}

/** A fixed fragment: short ones byte by byte, long ones with one native copy. */
export function put(target: Uint8Array, at: number, fragment: Uint8Array): number {
  const length = fragment.length;
  if (length > 24) target.set(fragment, at);
  else for (let index = 0; index < length; index++) target[at + index] = fragment[index]!;
  return at + length;
}

/** `source[start, end)`, byte by byte. */
export function copy(target: Uint8Array, at: number, source: Uint8Array, start: number, end: number): number {
  for (let index = start; index < end; index++) target[at++] = source[index]!;
  return at;
}

/** A range (or a whole fragment), then a closing quote. */
export function putQuoted(target: Uint8Array, at: number, source: Uint8Array, start = 0, end = source.length): number {
  at = copy(target, at, source, start, end);
  target[at] = QUOTE;
  return at + 1;
}

