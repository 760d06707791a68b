import { PutObjectCommand } from '@aws-sdk/client-s3';
import { decodeCloudWatchEnvelope, MAX_ENVELOPE_LENGTH } from '@flowecs/parser';
import type { CloudWatchLogsEvent } from 'aws-lambda';
import { gzipSync, gunzipSync } from 'node:zlib';
import { convertPayload } from './convert-payload';
import { outputKey } from './output-key';
import { checkS3Output, enrichmentNow, type S3OutputOptions } from './handler-settings';
import { createSummary } from './invocation-summary';

/**
 * Events go to `<output.prefix><log group>/<log stream>/<first event id>.ndjson.gz`,
 * invalid lines to `<errorsPrefix><log group>/<log stream>/<first event id>.errors.ndjson.gz`.
 */
export type CloudWatchLogsHandlerOptions = S3OutputOptions;

/**
 * A handler for a CloudWatch Logs subscription (`{"awslogs":{"data":…}}`):
 * one gzip NDJSON object per invocation, at a key made of the log group,
 * the log stream and the first event's id, so a retried invocation rewrites
 * the same object. Control messages write nothing. A payload that is not a
 * subscription event throws (Lambda retries, then its failure destination).
 */
export function createCloudWatchLogsHandler(options: CloudWatchLogsHandlerOptions) {
  const { s3, output, errorsPrefix, log, ...conversion } = checkS3Output(options);
  return async (event: CloudWatchLogsEvent): Promise<{ output?: string; errors?: string }> => {
    const summary = createSummary();
    const data: unknown = event?.awslogs?.data;
    if (typeof data !== 'string')
      throw new TypeError('flowecs: the event has no "awslogs.data": not a CloudWatch Logs subscription event.');
    let text: Buffer;
    let envelope: ReturnType<typeof decodeCloudWatchEnvelope>;
    try {
      text = gunzipSync(Buffer.from(data, 'base64'), { maxOutputLength: MAX_ENVELOPE_LENGTH });
      envelope = decodeCloudWatchEnvelope(text.toString('utf8'));
    } catch (error) {
      // Bad gzip, an oversized or broken envelope: the usual summary line, then the failure.
      const failure = payloadFailure(error);
      summary.add({ source: 'cloudwatch:payload', failure, bytes: data.length });
      log(summary.line());
      throw new Error(`flowecs: cloudwatch: ${failure}`, { cause: error });
    }
    const source = `cloudwatch:${envelope.logGroup}/${envelope.logStream}`;
    const enrich = await enrichmentNow(conversion);
    const converted = await convertPayload(text, { ...conversion, enrich, source, inputFormat: 'cloudwatch' });
    summary.add({ source, failure: converted.failure, stats: converted.stats, bytes: data.length });
    if (converted.failure !== undefined) throw new Error(`flowecs: ${source}: ${converted.failure}`);
    const first = envelope.logEvents[0];
    const result: { output?: string; errors?: string } = {};
    if (envelope.messageType === 'DATA_MESSAGE' && first !== undefined) {
      // Log groups start with `/`: no empty first segment in the key.
      const name = `${envelope.logGroup.replace(/^\/+/, '')}/${envelope.logStream}/${first.id}`;
      const put = async (key: string, body: Buffer | string) => {
        await s3.send(
          new PutObjectCommand({
            Bucket: output.bucket,
            Key: key,
            Body: gzipSync(body),
            ContentType: 'application/x-ndjson',
          }),
        );
        return `s3://${output.bucket}/${key}`;
      };
      result.output = await put(outputKey(output.prefix, name, '.ndjson.gz'), converted.ndjson);
      if (converted.invalid !== '')
        result.errors = await put(outputKey(errorsPrefix, name, '.errors.ndjson.gz'), converted.invalid);
    }
    log(summary.line());
    return result;
  };
}

function payloadFailure(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'ERR_BUFFER_TOO_LARGE')
    return `the payload inflates past ${MAX_ENVELOPE_LENGTH} bytes, more than CloudWatch Logs sends`;
  if (typeof code === 'string' && code.startsWith('Z_')) return `the payload is not gzip (${(error as Error).message})`;
  return `the payload is not a CloudWatch Logs envelope (${error instanceof Error ? error.message : String(error)})`;
}
