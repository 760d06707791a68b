import type { FlowLogFieldDefinition } from './flow-log-fields';
import { FlowLogParseError } from './flow-log-parse-error';
import { isFlowLogAddress } from './is-flow-log-address';

/** A decoded field value: numbers for integer and timestamp fields, text otherwise. */
export type FlowLogValue = string | number;

const NOT_CANONICAL = -1;

/**
 * Reads a canonical non-negative decimal integer from `text[start, end)`:
 * digits only, no sign, no leading zero, no exponent. Returns -1 for anything
 * else. Values past 2^53 come back imprecise but still above the limit, which
 * is all the callers check.
 */
export function readCanonicalInteger(text: string, start = 0, end = text.length): number {
  const length = end - start;
  if (length === 0) return NOT_CANONICAL;
  if (text.charCodeAt(start) === 48) return length === 1 ? 0 : NOT_CANONICAL;
  let value = 0;
  for (let index = start; index < end; index++) {
    const digit = text.charCodeAt(index) - 48;
    if (digit < 0 || digit > 9) return NOT_CANONICAL;
    value = value * 10 + digit;
  }
  return value;
}

/**
 * Decodes one token of a text record (or one JSON string value) for its field.
 * The caller has already dropped `-`. Throws `FlowLogParseError` for bad input.
 */
export function decodeToken(definition: FlowLogFieldDefinition, token: string, raw: string): FlowLogValue {
  switch (definition.type) {
    case 'integer':
    case 'timestamp': {
      const value = readCanonicalInteger(token);
      if (value === NOT_CANONICAL) {
        throw new FlowLogParseError('invalid-number', `Field "${definition.name}" must be a non-negative decimal integer without sign or leading zeros, but is "${token}".`, { field: definition.name, value: token, raw });
      }
      return checkRange(definition, value, token, raw);
    }
    case 'address':
      if (!isFlowLogAddress(token)) {
        throw new FlowLogParseError('invalid-ip', `Field "${definition.name}" must be an IPv4 or IPv6 address, but is "${token}".`, { field: definition.name, value: token, raw });
      }
      return token;
    case 'account':
      if (token !== 'unknown' && !isDigits(token)) {
        throw new FlowLogParseError('invalid-value', `Field "${definition.name}" must be an account id (digits) or "unknown", but is "${token}".`, { field: definition.name, value: token, raw });
      }
      return token;
    case 'action':
      if (token !== 'ACCEPT' && token !== 'REJECT') {
        throw new FlowLogParseError('invalid-value', `Field "action" must be ACCEPT or REJECT, but is "${token}".`, { field: definition.name, value: token, raw });
      }
      return token;
    case 'status':
      if (token !== 'OK' && token !== 'NODATA' && token !== 'SKIPDATA') {
        throw new FlowLogParseError('invalid-value', `Field "log-status" must be OK, NODATA or SKIPDATA, but is "${token}".`, { field: definition.name, value: token, raw });
      }
      return token;
    case 'string':
      return token;
  }
}

/** Range check shared by text tokens and JSON numbers. */
export function checkRange(definition: FlowLogFieldDefinition, value: number, text: string, raw: string): number {
  const maximum = definition.maximum ?? Number.MAX_SAFE_INTEGER;
  if (value > maximum) {
    throw new FlowLogParseError('out-of-range', `Field "${definition.name}" is ${text}, above its maximum of ${maximum}.`, { field: definition.name, value: text, raw });
  }
  return value;
}

function isDigits(text: string): boolean {
  if (text.length === 0) return false;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code < 48 || code > 57) return false;
  }
  return true;
}

/**
 * Whether a token looks like its field at all, ignoring range: used to tell a
 * wrong layout guess (`layout-mismatch`) from a bad value in the right place.
 */
export function tokenFitsShape(definition: FlowLogFieldDefinition, token: string): boolean {
  switch (definition.type) {
    case 'integer':
    case 'timestamp':
      return looksLikeNumber(token);
    case 'address':
      return looksLikeAddress(token);
    case 'account':
      return token === 'unknown' || isDigits(token);
    case 'action':
      return token === 'ACCEPT' || token === 'REJECT';
    case 'status':
      return token === 'OK' || token === 'NODATA' || token === 'SKIPDATA';
    case 'string': {
      const shape = definition.shape;
      if (shape === undefined) return true;
      return 'prefix' in shape ? token.startsWith(shape.prefix) : shape.oneOf.includes(token);
    }
  }
}

// Looks like an address, maybe a bad one (`999.1.1.1`, `0x0a.0.0.1`), as
// opposed to another field's value (`i-0123`, `eni-…`, `IPv4`).
function looksLikeAddress(token: string): boolean {
  const first = token.charCodeAt(0);
  const hexStart = (first >= 48 && first <= 57) || (first >= 97 && first <= 102) || (first >= 65 && first <= 70) || first === 58;
  return hexStart && (token.includes('.') || token.includes(':')) && !token.includes('-') && !token.includes('/');
}

// Looks like a number, maybe a bad one (`1e3`, `+1`, `-0`, `1.5`, `NaN`), as
// opposed to another field's value.
function looksLikeNumber(token: string): boolean {
  const first = token.charCodeAt(0);
  return (first >= 48 && first <= 57) || first === 43 || first === 46 || (first === 45 && token.length > 1) || token === 'NaN' || token === 'Infinity';
}
