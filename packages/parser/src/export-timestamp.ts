import { decodeAscii } from './byte-tokens';

/**
 * The length of a leading `YYYY-MM-DDTHH:MM:SS[.f{1,9}]Z` followed by a space
 * (what CloudWatch Logs export tasks put before each event), or 0. Checked
 * byte by byte: no regular expression on untrusted input.
 */
export function exportTimestampLength(bytes: Uint8Array, start: number, end: number): number {
  if (end - start < SHAPE.length + 2) return 0;
  for (let index = 0; index < SHAPE.length; index++) {
    const byte = bytes[start + index]!;
    if (SHAPE[index] === 0 ? byte < 48 || byte > 57 : byte !== SHAPE[index]) return 0;
  }
  let index = start + SHAPE.length;
  if (bytes[index] === 46 /* . */) {
    const digits = ++index;
    while (index < end && index - digits < 10 && bytes[index]! >= 48 && bytes[index]! <= 57) index++;
    if (index === digits || index - digits > 9) return 0;
  }
  if (bytes[index] !== 90 /* Z */ || bytes[index + 1] !== 32) return 0;
  return Number.isNaN(Date.parse(decodeAscii(bytes, start, index + 1))) ? 0 : index + 1 - start;
}

// `dddd-dd-ddTdd:dd:dd`: 0 for a digit, else the byte itself.
const SHAPE = Uint8Array.from('dddd-dd-ddTdd:dd:dd', character => (character === 'd' ? 0 : character.charCodeAt(0)));
