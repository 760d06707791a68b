import { outputKey as toOutputKey } from './output-key';
import { GetObjectCommand, NoSuchKey, type GetObjectCommandOutput, type S3Client } from '@aws-sdk/client-s3';
import type { FlowLogParseError } from '@flowecs/parser';
import {
  createFlowLogStream,
  deadLetterLine,
  FlowLogInputError,
  openFlowLogInput,
  readAwsLogsPath,
  type FlowLogStreamStats,
} from '@flowecs/stream';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzipUpload, DEAD_LETTER_PARTS, type GzipUpload } from './gzip-upload';
import { DeadlineError } from './invocation-deadline';
import { s3Ranges } from './s3-ranges';
import type { S3ObjectRef } from './s3-notifications';
import type { Conversion, ObjectEncryption } from './handler-settings';

export interface ObjectSettings extends Conversion {
  readonly s3: S3Client;
  readonly output: { readonly bucket: string; readonly prefix: string; readonly encryption: ObjectEncryption };
  readonly errorsPrefix: string;
  /** Stops the conversion (the invocation's deadline): both uploads are aborted, and the object fails. */
  readonly signal?: AbortSignal | undefined;
}

/** What became of one object. */
export interface ObjectResult {
  /** `s3://bucket/key` of the source. */
  readonly source: string;
  /** Where its events went; undefined if it failed. */
  readonly output?: string | undefined;
  /** Where its invalid lines went, if it had any. */
  readonly errors?: string | undefined;
  /** Why it could not be read or written; nothing was written then. */
  readonly failure?: { readonly code: string; readonly message: string } | undefined;
  readonly stats?: FlowLogStreamStats | undefined;
  /** Its first invalid line, if it had any. */
  readonly firstInvalid?: FlowLogParseError | undefined;
  /** Bytes of the object as stored (compressed). */
  readonly bytes: number;
}

/**
 * Converts one S3 object to `<prefix><bucket>/<key>.ndjson.gz` (gzip NDJSON),
 * its invalid lines to `<errorsPrefix><bucket>/<key>.errors.ndjson.gz`,
 * streaming both ways: the object is read as it is converted (Parquet by
 * ranges), the output written as it is made, the invalid lines too (the
 * parse waits for their upload). A read or write failure, or the signal,
 * aborts both uploads, so an object is converted whole or not at all.
 */
export async function convertS3Object(ref: S3ObjectRef, settings: ObjectSettings): Promise<ObjectResult> {
  const { s3, signal } = settings;
  let key = ref.key;
  const source = () => `s3://${ref.bucket}/${key}`;
  let object: GetObjectCommandOutput;
  try {
    object = await getObject(s3, ref.bucket, key, signal);
  } catch (error) {
    if (!(error instanceof NoSuchKey) || ref.alternateKey === undefined)
      return failed(source(), error, 0, signal, 'object-unreadable');
    key = ref.alternateKey;
    try {
      object = await getObject(s3, ref.bucket, key, signal);
    } catch (retried) {
      return failed(source(), retried, 0, signal, 'object-unreadable');
    }
  }
  const bytes = object.ContentLength ?? 0;
  const outputKey = toOutputKey(settings.output.prefix, `${ref.bucket}/${key}`, '.ndjson.gz');
  const errorsKey = toOutputKey(settings.errorsPrefix, `${ref.bucket}/${key}`, '.errors.ndjson.gz');
  const events = createGzipUpload(s3, settings.output.bucket, outputKey, settings.output.encryption);
  // Created at the first invalid line: most objects have none.
  let errors: GzipUpload | undefined;
  let firstInvalid: FlowLogParseError | undefined;
  const flows = createFlowLogStream({
    format: settings.format,
    profile: settings.profile,
    filter: settings.filter,
    enrich: settings.enrich,
    output: 'ndjson',
    source: source(),
    // The account and region of an AWSLogs/… key, for records without them; bucket and key for the extended profile.
    origin: { ...readAwsLogsPath(key), bucket: ref.bucket, key },
    onInvalid: error => {
      firstInvalid ??= error;
      errors ??= createGzipUpload(s3, settings.output.bucket, errorsKey, settings.output.encryption, DEAD_LETTER_PARTS);
      return errors.write(`${deadLetterLine(error)}\n`);
    },
    readableHighWaterMark: 256 * 1024,
  });
  const input = openFlowLogInput(object.Body as Readable, {
    source: source(),
    randomAccess: s3Ranges(s3, ref.bucket, key, bytes, object.ETag),
  });
  try {
    await pipeline(input, flows, events.input, ...(signal === undefined ? [] : [{ signal }]));
    // Published only once the pipeline succeeded: a failed input ends the events' input too.
    await events.commit();
    await errors?.commit();
  } catch (error) {
    await Promise.all([events.abort(), errors?.abort()]);
    return { ...failed(source(), error, bytes, signal, 'upload-failed'), stats: flows.stats(), firstInvalid };
  }
  return {
    source: source(),
    output: `s3://${settings.output.bucket}/${outputKey}`,
    errors: errors === undefined ? undefined : `s3://${settings.output.bucket}/${errorsKey}`,
    stats: flows.stats(),
    firstInvalid,
    bytes,
  };
}

function getObject(s3: S3Client, bucket: string, key: string, signal: AbortSignal | undefined) {
  return s3.send(
    new GetObjectCommand({ Bucket: bucket, Key: key }),
    signal === undefined ? {} : { abortSignal: signal },
  );
}

/** The failure's stable code: the deadline, a missing object, the input's own code, else what the stage did. */
function failed(
  source: string,
  error: unknown,
  bytes: number,
  signal: AbortSignal | undefined,
  otherwise: 'object-unreadable' | 'upload-failed',
): ObjectResult {
  const reason = signal?.aborted === true && signal.reason instanceof DeadlineError ? signal.reason : error;
  // A coded error's message says it all; another's name (an S3 error's: `AccessDenied`) says what it was.
  if (reason instanceof DeadlineError || reason instanceof FlowLogInputError)
    return { source, failure: { code: reason.code, message: reason.message }, bytes };
  const code = reason instanceof NoSuchKey ? 'object-missing' : otherwise;
  const named = reason instanceof Error && reason.name !== 'Error';
  const message = reason instanceof Error ? `${named ? `${reason.name}: ` : ''}${reason.message}` : String(reason);
  return { source, failure: { code, message }, bytes };
}
