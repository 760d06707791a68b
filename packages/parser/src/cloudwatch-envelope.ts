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
