import { INVALID, OUT_OF_RANGE, PRESENT, readToken } from './byte-tokens';
import { fieldWords, type FlowLogFieldDefinition } from './flow-log-fields';
import { typeCodes, type FlowLogLayout } from './flow-log-layout';
import { FlowLogParseError } from './flow-log-parse-error';

/** A decoded field value: numbers for integer and timestamp fields, text otherwise. */
export type FlowLogValue = string | number;

const encoder = new TextEncoder();
// Scratch, not state: nothing in it outlives a call.
const scratch = new Uint8Array(256);

/** `readToken` on a string: the token encoded once into a scratch buffer (a longer token, its own). */
function readTokenText(definition: FlowLogFieldDefinition, token: string): number {
  const bytes = token.length * 3 <= scratch.length ? scratch : new Uint8Array(token.length * 3);
  const { written } = encoder.encodeInto(token, bytes);
  return readToken(bytes, 0, written, typeCodes[definition.type], definition.maximum ?? Number.MAX_SAFE_INTEGER);
}

/**
 * Decodes one token of a text record (or one JSON string value) for its
 * field, by the byte rules of byte-tokens.ts (the token is encoded once), and
 * words the error when it is refused. The caller has already dropped `-`.
 * Throws `FlowLogParseError` for bad input.
 */
export function decodeToken(definition: FlowLogFieldDefinition, token: string, raw: string): FlowLogValue {
  const value = readTokenText(definition, token);
  if (value >= 0 && typeCodes[definition.type] === typeCodes.integer) return value;
  if (value >= 0 || value === PRESENT) return token;
  switch (definition.type) {
    case 'integer':
    case 'timestamp':
      if (value === OUT_OF_RANGE) return checkRange(definition, Number(token), token, raw);
      throw new FlowLogParseError(
        'invalid-number',
        `Field "${definition.name}" must be a non-negative decimal integer without sign or leading zeros, but is "${token}".`,
        { field: definition.name, value: token, raw },
      );
    case 'address':
      throw new FlowLogParseError(
        'invalid-ip',
        `Field "${definition.name}" must be an IPv4 or IPv6 address, but is "${token}".`,
        { field: definition.name, value: token, raw },
      );
    case 'account':
      throw new FlowLogParseError(
        'invalid-value',
        `Field "${definition.name}" must be an account id (digits) or "unknown", but is "${token}".`,
        { field: definition.name, value: token, raw },
      );
    default: {
      const words = definition.type === 'action' ? fieldWords.action : fieldWords.status;
      throw new FlowLogParseError(
        'invalid-value',
        `Field "${definition.name}" must be ${words.slice(0, -1).join(', ')} or ${words.at(-1)!}, but is "${token}".`,
        { field: definition.name, value: token, raw },
      );
    }
  }
}

/** Range check shared by text tokens and JSON numbers. */
export function checkRange(definition: FlowLogFieldDefinition, value: number, text: string, raw: string): number {
  const maximum = definition.maximum ?? Number.MAX_SAFE_INTEGER;
  if (value > maximum) {
    throw new FlowLogParseError(
      'out-of-range',
      `Field "${definition.name}" is ${text}, above its maximum of ${maximum}.`,
      { field: definition.name, value: text, raw },
    );
  }
  return value;
}

/**
 * The error for a token the scanner refused: a guessed layout that the value
 * does not fit (`layout-mismatch`), or the value's own error.
 */
export function describeFailure(
  definition: FlowLogFieldDefinition,
  token: string,
  index: number,
  layout: FlowLogLayout,
  raw: string,
): FlowLogParseError {
  if (layout.guessedAs !== undefined && !tokenFitsShape(definition, token)) {
    return new FlowLogParseError(
      'layout-mismatch',
      `The record has ${layout.fields.length} fields, the count of ${layout.guessedAs}, but field ${index + 1} ("${token}") does not fit "${definition.name}". This is a custom format: pass it (the LogFormat of the flow log) so that fields are not misread.`,
      { field: definition.name, value: token, raw },
    );
  }
  try {
    decodeToken(definition, token, raw);
  } catch (error) {
    if (error instanceof FlowLogParseError) return error;
    throw error;
  }
  throw new Error(`Internal error: "${token}" was refused for "${definition.name}" but decodes; please report it.`);
}

/**
 * Whether a token looks like its field at all, ignoring range: used to tell a
 * wrong layout guess (`layout-mismatch`) from a bad value in the right place.
 */
function tokenFitsShape(definition: FlowLogFieldDefinition, token: string): boolean {
  switch (definition.type) {
    case 'integer':
    case 'timestamp':
      return looksLikeNumber(token);
    case 'address':
      return looksLikeAddress(token);
    case 'account':
    case 'action':
    case 'status':
      return readTokenText(definition, token) !== INVALID;
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
  const hexStart =
    (first >= 48 && first <= 57) || (first >= 97 && first <= 102) || (first >= 65 && first <= 70) || first === 58;
  return hexStart && (token.includes('.') || token.includes(':')) && !token.includes('-') && !token.includes('/');
}

// Looks like a number, maybe a bad one (`1e3`, `+1`, `-0`, `1.5`, `NaN`), as
// opposed to another field's value.
function looksLikeNumber(token: string): boolean {
  const first = token.charCodeAt(0);
  return (
    (first >= 48 && first <= 57) ||
    first === 43 ||
    first === 46 ||
    (first === 45 && token.length > 1) ||
    token === 'NaN' ||
    token === 'Infinity'
  );
}
