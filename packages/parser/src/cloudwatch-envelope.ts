import { FlowLogParseError } from './flow-log-parse-error';

/** One event of a CloudWatch Logs subscription envelope. */
export interface CloudWatchLogEvent {
  readonly id: string;
  /** Epoch milliseconds. */
  readonly timestamp: number;
  readonly message: string;
}

/**
 * A decoded CloudWatch Logs subscription envelope (what a Lambda
 * subscription, Kinesis, Firehose or a CWL → Firehose → S3 object carries,
 * once base64-decoded and gunzipped). `CONTROL_MESSAGE` envelopes are health
 * checks and carry no flow data.
 */
export interface CloudWatchEnvelope {
  readonly messageType: 'DATA_MESSAGE' | 'CONTROL_MESSAGE';
  readonly owner: string;
  readonly logGroup: string;
  readonly logStream: string;
  readonly subscriptionFilters: readonly string[];
  readonly logEvents: readonly CloudWatchLogEvent[];
}

/** CloudWatch sends at most about 1 MiB per envelope; anything far larger is refused before it is held whole. */
export const MAX_ENVELOPE_LENGTH = 16 * 1024 * 1024;

const RAW_PREVIEW = 1024;

/**
 * Checks a decompressed envelope (its JSON text, or the value `JSON.parse`
 * gave) and returns it typed. Reads own properties only. Throws
 * `invalid-envelope` naming what is wrong (and the event index).
 */
export function decodeCloudWatchEnvelope(input: string | unknown): CloudWatchEnvelope {
  const raw = typeof input === 'string' ? input.slice(0, RAW_PREVIEW) : '';
  let value: unknown = input;
  if (typeof input === 'string') {
    try {
      value = JSON.parse(input);
    } catch (error) {
      throw invalid(`The envelope is not valid JSON: ${(error as Error).message}.`, raw);
    }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw invalid('The envelope is not a JSON object.', raw);
  const object = value as Record<string, unknown>;
  const text = (key: string): string => {
    const field = Object.hasOwn(object, key) ? object[key] : undefined;
    if (typeof field !== 'string') throw invalid(`The envelope's "${key}" is not a string.`, raw);
    return field;
  };
  const messageType = text('messageType');
  if (messageType !== 'DATA_MESSAGE' && messageType !== 'CONTROL_MESSAGE')
    throw invalid(`Unknown messageType "${messageType.slice(0, 64)}".`, raw);
  const filters = Object.hasOwn(object, 'subscriptionFilters') ? object['subscriptionFilters'] : [];
  if (!Array.isArray(filters) || !filters.every(filter => typeof filter === 'string'))
    throw invalid('The envelope\'s "subscriptionFilters" is not a list of names.', raw);
  const events = Object.hasOwn(object, 'logEvents') ? object['logEvents'] : undefined;
  if (!Array.isArray(events)) throw invalid('The envelope\'s "logEvents" is not a list.', raw);
  const logEvents = events.map((event: unknown, index): CloudWatchLogEvent => {
    if (typeof event !== 'object' || event === null || Array.isArray(event))
      throw invalid(`logEvents[${index}] is not an object.`, raw);
    const fields = event as Record<string, unknown>;
    const id = Object.hasOwn(fields, 'id') ? fields['id'] : undefined;
    const timestamp = Object.hasOwn(fields, 'timestamp') ? fields['timestamp'] : undefined;
    const message = Object.hasOwn(fields, 'message') ? fields['message'] : undefined;
    if (typeof id !== 'string') throw invalid(`logEvents[${index}].id is not a string.`, raw);
    if (typeof timestamp !== 'number' || !Number.isSafeInteger(timestamp) || timestamp < 0)
      throw invalid(`logEvents[${index}].timestamp is not epoch milliseconds.`, raw);
    if (typeof message !== 'string') throw invalid(`logEvents[${index}].message is not a string.`, raw);
    return { id, timestamp, message };
  });
  return {
    messageType,
    owner: text('owner'),
    logGroup: text('logGroup'),
    logStream: text('logStream'),
    subscriptionFilters: filters as string[],
    logEvents,
  };
}

function invalid(message: string, raw: string): FlowLogParseError {
  return new FlowLogParseError('invalid-envelope', message, { raw });
}

/**
 * Splits JSON objects written back to back (`}{`, as CloudWatch Logs →
 * Firehose → S3 objects hold them), with optional white space between
 * them, in text that arrives in pieces. One linear pass, no backtracking;
 * an object longer than `maxLength` is refused (`envelope-too-large`)
 * before it is held whole.
 */
export function createJsonObjectSplitter(maxLength: number = MAX_ENVELOPE_LENGTH) {
  let pieces: string[] = [];
  let length = 0;
  let depth = 0;
  let inString = false;
  let escaped = false;
  let skipping = false;
  const tooLarge = (head: string) =>
    new FlowLogParseError(
      'envelope-too-large',
      `An envelope is over ${maxLength} characters (CloudWatch Logs sends about 1 MiB at most); it is refused, and the rest of the input with it.`,
      { raw: head.slice(0, RAW_PREVIEW) },
    );
  return {
    /**
     * Feeds text; returns the objects completed in it. On text that is not
     * an object, the objects completed before it are handed to `onObject`
     * first (when given), then it throws.
     */
    push(text: string, onObject?: (object: string) => void): string[] {
      const done: string[] = [];
      const complete = (object: string) => (onObject === undefined ? done.push(object) : onObject(object));
      let start = 0;
      if (skipping) return done;
      // The next quote and backslash at or after the cursor, each searched
      // again only once passed: linear however many backslashes there are.
      let quote = -2;
      let backslash = -2;
      for (let index = 0; index < text.length; index++) {
        if (inString) {
          // Inside a string only a quote or a backslash matters: skip to the
          // next of either natively (messages are most of an envelope).
          if (escaped) {
            escaped = false;
            continue;
          }
          if (quote !== -1 && quote < index) quote = text.indexOf('"', index);
          if (backslash !== -1 && backslash < index) backslash = text.indexOf('\\', index);
          if (quote === -1 && backslash === -1) break;
          if (backslash !== -1 && (quote === -1 || backslash < quote)) {
            index = backslash;
            escaped = true;
          } else {
            index = quote;
            inString = false;
          }
          continue;
        }
        const code = text.charCodeAt(index);
        if (depth === 0) {
          if (code === 32 || code === 9 || code === 10 || code === 13) {
            start = index + 1;
            continue;
          }
          if (code !== 123 /* { */)
            throw new FlowLogParseError(
              'invalid-envelope',
              `Expected "{" between envelopes, found "${text.slice(index, index + 16)}".`,
              { raw: text.slice(index, index + RAW_PREVIEW) },
            );
          start = index;
        }
        if (code === 34) inString = true;
        else if (code === 123 || code === 91) depth++;
        else if (code === 125 || code === 93) {
          depth--;
          if (depth === 0) {
            if (length + index + 1 - start > maxLength) throw tooLarge(pieces[0] ?? text.slice(start));
            pieces.push(text.slice(start, index + 1));
            complete(pieces.join(''));
            pieces = [];
            length = 0;
            start = index + 1;
          }
        }
      }
      if (depth > 0) {
        length += text.length - start;
        if (length > maxLength) {
          skipping = true;
          throw tooLarge(pieces[0] ?? text.slice(start));
        }
        pieces.push(text.slice(start));
      }
      return done;
    },
    /** Whether an object was begun and not finished (a cut input). */
    get pending(): boolean {
      return depth > 0;
    },
  };
}
