import { isAccount, equals, scanDottedQuad } from './byte-tokens';
import { ABSENT, ends, planFor, PRESENT, starts, values, type Plan } from './byte-lane-plan';
import { typeCodes, type FlowLogLayout } from './flow-log-layout';
import { ACCEPT, NODATA, OK, REJECT, SKIPDATA } from './standard-fragments';

/**
 * checkPlainRecord for a known layout in a single pass: each field is read
 * by its type as its bytes are scanned, so no byte is looked at twice.
 * Accepts exactly what the two-pass check accepts (tests hold the lanes equal).
 */
export function readKnownLayout(bytes: Uint8Array, start: number, end: number, layout: FlowLogLayout): Plan | undefined {
  const { types, maxima } = layout;
  const count = types.length;
  let index = start;
  for (let field = 0; field < count; field++) {
    while (index < end && bytes[index] === 32) index++;
    if (index === end) return undefined;
    const tokenBegin = index;
    if (bytes[index] === 45 && (index + 1 === end || bytes[index + 1] === 32)) {
      starts[field] = index;
      ends[field] = ++index;
      values[field] = ABSENT;
      continue;
    }
    switch (types[field]) {
      case typeCodes.integer: {
        let value = 0;
        while (index < end) {
          const digit = bytes[index]! - 48;
          if (digit < 0 || digit > 9) break;
          value = value * 10 + digit;
          index++;
        }
        const length = index - tokenBegin;
        if (length === 0 || length > 16 || (length > 1 && bytes[tokenBegin] === 48) || value > maxima[field]!) return undefined;
        values[field] = value;
        break;
      }
      case typeCodes.address:
        index = scanDottedQuad(bytes, index, end);
        if (index === -1) return undefined;
        values[field] = PRESENT;
        break;
      default: {
        while (index < end) {
          const byte = bytes[index]!;
          if (byte === 32) break;
          if (byte < 33 || byte > 126 || byte === 34 || byte === 92) return undefined;
          index++;
        }
        const type = types[field];
        if (type === typeCodes.action) {
          if (equals(bytes, tokenBegin, index, ACCEPT)) values[field] = 1;
          else if (equals(bytes, tokenBegin, index, REJECT)) values[field] = 2;
          else return undefined;
        } else if (type === typeCodes.status) {
          if (equals(bytes, tokenBegin, index, OK)) values[field] = 1;
          else if (equals(bytes, tokenBegin, index, NODATA)) values[field] = 2;
          else if (equals(bytes, tokenBegin, index, SKIPDATA)) values[field] = 3;
          else return undefined;
        } else if (type === typeCodes.account) {
          if (!isAccount(bytes, tokenBegin, index)) return undefined;
          values[field] = PRESENT;
        } else values[field] = PRESENT;
      }
    }
    // A value must end at a space or the end of the line.
    if (index < end && bytes[index] !== 32) return undefined;
    starts[field] = tokenBegin;
    ends[field] = index;
  }
  while (index < end && bytes[index] === 32) index++;
  return index === end ? planFor(layout) : undefined;
}
