import { gunzipSync } from 'node:zlib';
import {
  decodeCloudWatchEnvelope,
  FlowLogParseError,
  MAX_ENVELOPE_LENGTH,
  type CloudWatchEnvelope,
} from '@flowecs/parser';
import { createJsonObjectSplitter, splitJsonObjects } from '@flowecs/parser/framing';
import type { FlowLogRecords } from './flow-log-records';

/**
 * Turns decompressed CloudWatch Logs envelopes, one or many back to back
 * (`}{`), into record batches: one per envelope, its events' messages as
 * records with their time, log group and stream. A file that holds a Lambda
 * subscription event (`{"awslogs":{"data":"<base64 gzip>"}}`) is decoded
 * too. An envelope that is not what AWS sends becomes one invalid line; text
 * that is no envelope at all, or an envelope over 16 MiB, throws
 * (`FlowLogParseError`), and the input fails there.
 */
export function createEnvelopeReader() {
  const splitter = createJsonObjectSplitter();
  return {
    /** Hands on the batches of the envelopes completed by these bytes; throws after them if the text breaks off. */
    push(bytes: Buffer, emit: (batch: FlowLogRecords) => void): void {
      splitter.push(bytes, object => toBatches(object).forEach(emit));
    },
    /** At the end of the input: throws if it ends inside an envelope. */
    end(emit: (batch: FlowLogRecords) => void): void {
      splitter.end(object => toBatches(object).forEach(emit));
    },
  };
}

function toBatches(text: string): FlowLogRecords[] {
  let envelopes: string[] = [text];
  try {
    const data = awslogsData(text);
    if (data !== undefined) envelopes = splitJsonObjects(inflateBase64(data, text));
    return envelopes.map(toBatch);
  } catch (error) {
    if (error instanceof FlowLogParseError && error.code !== 'envelope-too-large')
      return [{ kind: 'flowecs:invalid', error }];
    throw error;
  }
}

function toBatch(text: string): FlowLogRecords {
  return envelopeRecords(decodeCloudWatchEnvelope(text));
}

/**
 * A decoded envelope as the batch a flow stream takes: its events' messages
 * as records, with their times, log group and stream; a control message as one.
 */
export function envelopeRecords(envelope: CloudWatchEnvelope): FlowLogRecords {
  if (envelope.messageType === 'CONTROL_MESSAGE') return { kind: 'flowecs:control-message' };
  // One batch per envelope; events of one envelope share group and stream.
  const origin = { logGroup: envelope.logGroup, logStream: envelope.logStream };
  return {
    kind: 'flowecs:records',
    records: envelope.logEvents.map(event => event.message),
    eventTimes: envelope.logEvents.map(event => event.timestamp),
    context: { origin },
  };
}

/** `awslogs.data` of a Lambda subscription event, when the object is one. */
function awslogsData(text: string): string | undefined {
  // Its only key is `awslogs`: look at the start, not the whole envelope.
  if (!/^\s*\{\s*"awslogs"/.test(text.slice(0, 64))) return undefined;
  const value: unknown = JSON.parse(text);
  const awslogs =
    typeof value === 'object' && value !== null && Object.hasOwn(value, 'awslogs')
      ? (value as Record<string, unknown>)['awslogs']
      : undefined;
  const data =
    typeof awslogs === 'object' && awslogs !== null && Object.hasOwn(awslogs, 'data')
      ? (awslogs as Record<string, unknown>)['data']
      : undefined;
  if (typeof data !== 'string')
    throw new FlowLogParseError('invalid-envelope', 'The subscription event has no "awslogs.data" string.', {
      raw: text.slice(0, 1024),
    });
  return data;
}

function inflateBase64(data: string, raw: string): Buffer {
  // Node's decoder skips characters outside the alphabet: check first.
  if (data.length % 4 !== 0 || !isBase64(data))
    throw new FlowLogParseError('invalid-envelope', 'The subscription event\'s "awslogs.data" is not base64.', {
      raw: raw.slice(0, 1024),
    });
  try {
    return gunzipSync(Buffer.from(data, 'base64'), { maxOutputLength: MAX_ENVELOPE_LENGTH });
  } catch (error) {
    throw new FlowLogParseError(
      'invalid-envelope',
      `The subscription event's "awslogs.data" is not gzip of an envelope under 16 MiB (${(error as Error).message}).`,
      { raw: raw.slice(0, 1024) },
    );
  }
}

function isBase64(text: string): boolean {
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    const alphabet =
      (code >= 65 && code <= 90) ||
      (code >= 97 && code <= 122) ||
      (code >= 48 && code <= 57) ||
      code === 43 ||
      code === 47;
    if (!alphabet && !(code === 61 && index >= text.length - 2)) return false;
  }
  return true;
}
