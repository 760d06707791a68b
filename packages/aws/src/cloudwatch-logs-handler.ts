import { PutObjectCommand } from '@aws-sdk/client-s3';
import { decodeCloudWatchEnvelope, MAX_ENVELOPE_LENGTH } from '@flowecs/parser';
import { envelopeRecords } from '@flowecs/stream';
import type { CloudWatchLogsEvent } from 'aws-lambda';
import { gzipSync, gunzipSync } from 'node:zlib';
import { convertPayload } from './convert-payload';
import { outputKey } from './output-key';
import { checkS3Output, enrichmentNow, type S3OutputOptions } from './handler-settings';
import { withDeadline, type DeadlineOptions } from './invocation-deadline';
import { createInvocationLog } from './invocation-summary';

/**
 * Events go to `<output.prefix><log group>/<log stream>/<first event id>.ndjson.gz`,
 * invalid lines to `<errorsPrefix><log group>/<log stream>/<first event id>.errors.ndjson.gz`.
 */
export type CloudWatchLogsHandlerOptions = S3OutputOptions & DeadlineOptions;

/**
 * A handler for a CloudWatch Logs subscription (`{"awslogs":{"data":…}}`):
 * one gzip NDJSON object per invocation, at a key made of the log group,
 * the log stream and the first event's id, so a retried invocation rewrites
 * the same object. Control messages write nothing. A payload that is not a
 * subscription event throws (Lambda retries, then its failure destination),
 * and so does an invocation that reaches its deadline (Lambda's `context`)
 * before its objects are written: the envelope is decoded once, and nothing
 * is left half written.
 */
export function createCloudWatchLogsHandler(options: CloudWatchLogsHandlerOptions) {
  const { s3, output, errorsPrefix, log, ...conversion } = checkS3Output(options);
  return async (event: CloudWatchLogsEvent, context?: unknown): Promise<{ output?: string; errors?: string }> => {
    const logged = createInvocationLog(log, 'payloads');
    const data: unknown = event?.awslogs?.data;
    if (typeof data !== 'string')
      throw new TypeError('flowecs: the event has no "awslogs.data": not a CloudWatch Logs subscription event.');
    const fail = (source: string, failure: { code: string; message: string }, cause?: unknown): never => {
      // The usual summary line, then the failure.
      logged.failed(data.length, { ...failure, source });
      logged.summary();
      throw new Error(`flowecs: ${source}: ${failure.message}`, { cause });
    };
    let envelope: ReturnType<typeof decodeCloudWatchEnvelope>;
    try {
      const text = gunzipSync(Buffer.from(data, 'base64'), { maxOutputLength: MAX_ENVELOPE_LENGTH });
      envelope = decodeCloudWatchEnvelope(text.toString('utf8'));
    } catch (error) {
      // Bad gzip, an oversized or broken envelope.
      return fail('cloudwatch', payloadFailure(error), error);
    }
    const source = `cloudwatch:${envelope.logGroup}/${envelope.logStream}`;
    return withDeadline(context, options.deadlineMarginMs, async deadline => {
      const enrich = await enrichmentNow(conversion);
      const converted = await convertPayload(envelopeRecords(envelope), {
        ...conversion,
        enrich,
        source,
        signal: deadline.signal,
      });
      if (converted.failure !== undefined) return fail(source, converted.failure);
      const first = envelope.logEvents[0];
      const result: { output?: string; errors?: string } = {};
      if (envelope.messageType === 'DATA_MESSAGE' && first !== undefined) {
        // Log groups start with `/`: no empty first segment in the key.
        const name = `${envelope.logGroup.replace(/^\/+/, '')}/${envelope.logStream}/${first.id}`;
        const put = async (key: string, body: Buffer | string) => {
          const command = new PutObjectCommand({
            Bucket: output.bucket,
            Key: key,
            Body: gzipSync(body),
            ContentType: 'application/x-ndjson',
            ...output.encryption,
          });
          await s3.send(command, deadline.signal === undefined ? {} : { abortSignal: deadline.signal });
          return `s3://${output.bucket}/${key}`;
        };
        try {
          result.output = await put(outputKey(output.prefix, name, '.ndjson.gz'), converted.ndjson);
          if (converted.invalid !== '')
            result.errors = await put(outputKey(errorsPrefix, name, '.errors.ndjson.gz'), converted.invalid);
        } catch (error) {
          const failure = deadline.passed()
            ? deadline.failure()
            : { code: 'upload-failed', message: error instanceof Error ? error.message : String(error) };
          return fail(source, failure, error);
        }
      }
      logged.converted(data.length, converted.stats, {
        code: 'invalid-lines',
        source,
        firstInvalid: converted.firstInvalid,
        ...(result.errors === undefined ? {} : { message: `dead letters in ${result.errors}` }),
      });
      logged.summary();
      return result;
    });
  };
}

function payloadFailure(error: unknown): { code: string; message: string } {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'ERR_BUFFER_TOO_LARGE')
    return {
      code: 'envelope-too-large',
      message: `the payload inflates past ${MAX_ENVELOPE_LENGTH} bytes, more than CloudWatch Logs sends`,
    };
  if (typeof code === 'string' && code.startsWith('Z_'))
    return { code: 'gzip-corrupt', message: `the payload is not gzip (${(error as Error).message})` };
  return {
    code: 'invalid-envelope',
    message: `the payload is not a CloudWatch Logs envelope (${error instanceof Error ? error.message : String(error)})`,
  };
}
