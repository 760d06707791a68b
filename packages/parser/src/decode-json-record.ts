import { checkRange, decodeToken, type FlowLogValue } from './decode-token';
import { findFlowLogField, unknownFieldKey, type FlowLogFieldDefinition } from './flow-log-fields';
import { findInvalidCharacter, FlowLogParseError } from './flow-log-parse-error';
import { MAX_UNKNOWN_VALUE_LENGTH, type FlowLogRecord, type UnknownFields } from './flow-log-record';

/** Flow-log records are flat; a wrapper adds one level. Deeper input is refused before JSON.parse sees it. */
const MAX_JSON_DEPTH = 8;

/**
 * The deepest nesting of objects and arrays, outside strings, in one linear
 * pass (it stops counting past 1000), so JSON.parse only sees shallow input.
 */
function nestingDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (inString) {
      if (code === 92) index++;
      else if (code === 34) inString = false;
    } else if (code === 34) inString = true;
    else if (code === 123 || code === 91) {
      depth++;
      if (depth > deepest) deepest = depth;
      if (deepest > 1000) return deepest;
    } else if (code === 125 || code === 93) depth--;
  }
  return deepest;
}

export type JsonRecordResult =
  | {
      readonly kind: 'record';
      readonly record: FlowLogRecord;
      readonly unknownKeys: number;
      readonly unknown: UnknownFields | undefined;
      /** The record keys of the known fields whose value is not `null` (`-` included). */
      readonly listed: ReadonlySet<string>;
    }
  /** `{"message": "<record>"}`: the caller parses the inner record. */
  | { readonly kind: 'wrapper'; readonly inner: string };

/**
 * Decodes a JSON object record. Keys may be underscore (`log_status`) or
 * dashed (`log-status`); values are numbers, strings or null. A JSON number
 * for an integer field must be a whole number: `6.0` is 6. Unknown keys are
 * ignored and counted. Rules for hostile input:
 * - keys are only ever looked up in the field catalogue (a Map), so
 *   `__proto__`, `constructor` or `prototype` are plain unknown keys;
 * - a field given under both spellings is `duplicate-field`; repeated
 *   identical keys follow JSON.parse (the last one wins).
 */
export function decodeJsonRecord(text: string): JsonRecordResult {
  const depth = nestingDepth(text);
  if (depth > MAX_JSON_DEPTH) {
    throw new FlowLogParseError(
      'invalid-json',
      `The JSON record nests ${depth > 1000 ? 'more than 1000' : depth} levels deep; flow-log records are flat (at most ${MAX_JSON_DEPTH} levels are read).`,
      { raw: text },
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new FlowLogParseError('invalid-json', `The record starts with "{" but is not valid JSON: ${reason}.`, {
      raw: text,
    });
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new FlowLogParseError('invalid-json', 'The record starts with "{" but is not a JSON object.', { raw: text });
  }
  const object = parsed as Record<string, unknown>;
  const keys = Object.keys(object);
  const record: FlowLogRecord = {};
  const listed = new Set<string>();
  let known = 0;
  let unknown: [string, string][] | undefined;
  for (const key of keys) {
    const definition = findFlowLogField(key);
    if (definition === undefined) {
      const kept = unknownValue(key, object[key]);
      if (kept !== undefined && !unknown?.some(([name]) => name === kept[0])) (unknown ??= []).push(kept);
      continue;
    }
    known++;
    if (
      definition.key !== definition.name &&
      Object.hasOwn(object, definition.key) &&
      Object.hasOwn(object, definition.name)
    ) {
      throw new FlowLogParseError(
        'duplicate-field',
        `The JSON record gives "${definition.name}" twice, as "${definition.key}" and "${definition.name}".`,
        { field: definition.name, raw: text },
      );
    }
    const value = decodeJsonValue(definition, object[key], text);
    if (value !== undefined) record[definition.key] = value;
    if (object[key] !== null) listed.add(definition.key);
  }
  if (known === 0) {
    const message = Object.hasOwn(object, 'message') ? object['message'] : undefined;
    if (typeof message === 'string') return { kind: 'wrapper', inner: message };
    throw new FlowLogParseError(
      'unknown-layout',
      'The JSON record has no flow-log fields (keys such as "srcaddr" or "log_status").',
      { raw: text },
    );
  }
  return { kind: 'record', record, unknownKeys: keys.length - known, unknown, listed };
}

/** An unknown key and its value as text, when both can be kept (see `unknownFieldKey`). */
function unknownValue(name: string, value: unknown): [string, string] | undefined {
  const key = unknownFieldKey(name);
  if (key === undefined) return undefined;
  const text =
    typeof value === 'string' ? value : typeof value === 'number' && Number.isFinite(value) ? String(value) : undefined;
  if (text === undefined || text === '-' || text.length > MAX_UNKNOWN_VALUE_LENGTH || findInvalidCharacter(text) !== -1)
    return undefined;
  return [key, text];
}

function decodeJsonValue(definition: FlowLogFieldDefinition, value: unknown, raw: string): FlowLogValue | undefined {
  if (value === null) return undefined;
  if (typeof value === 'string') {
    if (value === '-') return undefined;
    // The same characters are refused as in text records.
    const bad = findInvalidCharacter(value);
    if (bad !== -1) {
      const code = value.charCodeAt(bad);
      throw new FlowLogParseError(
        'invalid-character',
        `Field "${definition.name}" holds ${code === 0xfffd ? 'U+FFFD (bytes that are not valid UTF-8)' : `the control character U+${code.toString(16).toUpperCase().padStart(4, '0')}`}.`,
        { field: definition.name, raw },
      );
    }
    return decodeToken(definition, value, raw);
  }
  if (typeof value === 'number') return decodeJsonNumber(definition, value, raw);
  throw new FlowLogParseError(
    'invalid-value',
    `Field "${definition.name}" must be a number, a string or null, but is ${Array.isArray(value) ? 'an array' : `a ${typeof value}`}.`,
    { field: definition.name, raw },
  );
}

function decodeJsonNumber(definition: FlowLogFieldDefinition, value: number, raw: string): FlowLogValue {
  const wholeNumber = Number.isInteger(value) && value >= 0 && !Object.is(value, -0);
  switch (definition.type) {
    case 'integer':
    case 'timestamp':
      if (!wholeNumber) {
        throw new FlowLogParseError(
          'invalid-number',
          `Field "${definition.name}" must be a non-negative whole number, but is ${value}.`,
          { field: definition.name, value: String(value), raw },
        );
      }
      return checkRange(definition, value, String(value), raw);
    case 'account':
    case 'string':
      // Some producers write ids as numbers; a whole number has one decimal text.
      if (wholeNumber && value <= Number.MAX_SAFE_INTEGER) return String(value);
      throw new FlowLogParseError(
        'invalid-value',
        `Field "${definition.name}" must be text, but is the number ${value}.`,
        { field: definition.name, value: String(value), raw },
      );
    default:
      throw new FlowLogParseError(
        'invalid-value',
        `Field "${definition.name}" must be text, but is the number ${value}.`,
        { field: definition.name, value: String(value), raw },
      );
  }
}
