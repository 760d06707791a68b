import { parseJson } from './parse-json';

/** One S3 object to convert. */
export interface S3ObjectRef {
  readonly bucket: string;
  /** The key as S3 stores it (decoded). */
  readonly key: string;
  /** Another spelling to try if `key` is missing (an EventBridge key that may or may not be URL-encoded). */
  readonly alternateKey?: string | undefined;
  /** The size the notification states, when it does. */
  readonly size?: number | undefined;
}

/** What one message (an SQS message, or the event itself) asks for. */
export interface S3Message {
  /** The SQS `messageId`, for `batchItemFailures`; undefined when S3 or EventBridge invoked the function directly. */
  readonly itemIdentifier: string | undefined;
  readonly objects: readonly S3ObjectRef[];
  /** Why the message holds nothing to convert, and is acknowledged: `s3-test-event`, or `no-object-created` (no ObjectCreated record of eventVersion 2.x). */
  readonly skipped?: 's3-test-event' | 'no-object-created' | undefined;
  /**
   * Why the message is not one this handler knows (not SQS, not JSON, not
   * an S3 or EventBridge event): a failure, so that it reaches the
   * dead-letter queue with its body instead of being dropped.
   */
  readonly unrecognised?: string | undefined;
}

/**
 * The S3 objects an event names, message by message. Accepts a Lambda SQS
 * event whose bodies are S3 notifications (raw or in an SNS envelope) or
 * EventBridge "Object Created" events; an S3 notification or an EventBridge
 * event delivered directly. Order of the checks as in `aws-delivery.md` §5.6:
 * `s3:TestEvent` first (acknowledged, never a failure), then SNS, then S3
 * notifications (`eventVersion` 2.x, `ObjectCreated:*`), then EventBridge.
 */
export function readS3Notifications(event: unknown): S3Message[] {
  const records = recordsOf(event);
  // An SQS batch: any record from SQS makes it one, and each record is answered on its own.
  if (records !== undefined && records.some(record => field(record, 'eventSource') === 'aws:sqs')) {
    return records.map(record => {
      const itemIdentifier = String(field(record, 'messageId'));
      if (field(record, 'eventSource') !== 'aws:sqs')
        return { itemIdentifier, objects: [], unrecognised: 'a record of the batch is not an SQS message' };
      const body = field(record, 'body');
      const parsed = typeof body === 'string' ? parseJson(body) : undefined;
      if (parsed === undefined) return { itemIdentifier, objects: [], unrecognised: 'the message body is not JSON' };
      return { itemIdentifier, ...readBody(parsed) };
    });
  }
  return [{ itemIdentifier: undefined, ...readBody(event) }];
}

function readBody(body: unknown): Omit<S3Message, 'itemIdentifier'> {
  if (field(body, 'Event') === 's3:TestEvent') return { objects: [], skipped: 's3-test-event' };
  const message = field(body, 'Message');
  if (field(body, 'Type') === 'Notification' && typeof message === 'string') {
    const inner = parseJson(message);
    return inner === undefined ? { objects: [], unrecognised: 'the SNS message is not JSON' } : readBody(inner);
  }
  const records = recordsOf(body);
  if (records !== undefined) {
    const objects: S3ObjectRef[] = [];
    for (const record of records) {
      if (field(record, 'eventSource') !== 'aws:s3') continue;
      const version = field(record, 'eventVersion');
      if (typeof version !== 'string' || !version.startsWith('2.')) continue;
      const name = field(record, 'eventName');
      if (typeof name !== 'string' || !name.startsWith('ObjectCreated:')) continue;
      const s3 = field(record, 's3');
      const bucket = field(field(s3, 'bucket'), 'name');
      const key = field(field(s3, 'object'), 'key');
      if (typeof bucket !== 'string' || typeof key !== 'string') continue;
      // Notification keys are form-encoded: `+` is a space, `%2B` a plus.
      objects.push({ bucket, key: decodeKey(key), size: sizeOf(field(field(s3, 'object'), 'size')) });
    }
    return objects.length > 0 ? { objects } : { objects, skipped: 'no-object-created' };
  }
  if (field(body, 'source') === 'aws.s3') {
    const detail = field(body, 'detail');
    const bucket = field(field(detail, 'bucket'), 'name');
    const key = field(field(detail, 'object'), 'key');
    const type = field(body, 'detail-type');
    // Security Lake's notifications have this shape without `detail-type`.
    if ((type === undefined || type === 'Object Created') && typeof bucket === 'string' && typeof key === 'string') {
      // Whether EventBridge encodes keys is not documented: the key as given first, then decoded.
      const decoded = decodeKey(key);
      return {
        objects: [
          {
            bucket,
            key,
            alternateKey: decoded === key ? undefined : decoded,
            size: sizeOf(field(field(detail, 'object'), 'size')),
          },
        ],
      };
    }
  }
  return { objects: [], unrecognised: 'not an S3 notification, an EventBridge S3 event or s3:TestEvent' };
}

function decodeKey(key: string): string {
  const spaced = key.replaceAll('+', ' ');
  try {
    return decodeURIComponent(spaced);
  } catch {
    // A lone `%` that is no escape: the key holds it literally.
    return spaced;
  }
}

function recordsOf(value: unknown): unknown[] | undefined {
  const records = field(value, 'Records');
  return Array.isArray(records) ? records : undefined;
}

/** An own property of an object, or undefined: never the prototype's. */
function field(value: unknown, name: string): unknown {
  return typeof value === 'object' && value !== null && Object.hasOwn(value, name)
    ? (value as Record<string, unknown>)[name]
    : undefined;
}

function sizeOf(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? value : undefined;
}
