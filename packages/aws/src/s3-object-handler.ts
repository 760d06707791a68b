import type { S3Client } from '@aws-sdk/client-s3';
import type { SQSBatchResponse } from 'aws-lambda';
import { convertS3Object, type ObjectResult } from './convert-s3-object';
import { checkConversion, checkOutput, type ConversionOptions, type OutputLocation } from './handler-settings';
import { createSummary, writeLogLine, type InvocationLog } from './invocation-summary';
import { readS3Notifications } from './s3-notifications';

export interface S3ObjectHandlerOptions extends ConversionOptions {
  readonly s3Client: S3Client;
  /** Events go to `<prefix><source bucket>/<source key>.ndjson.gz` in this bucket. */
  readonly output: OutputLocation;
  /** Invalid lines go to `<errorsPrefix><source bucket>/<source key>.errors.ndjson.gz` in the output bucket (default `flowecs-errors/`). */
  readonly errorsPrefix?: string | undefined;
  /** Where the one JSON summary line per invocation goes (default: standard output). */
  readonly log?: InvocationLog | undefined;
}

/**
 * A Lambda handler for new S3 objects: SQS events whose bodies are S3
 * notifications or EventBridge "Object Created" events, or either of those
 * invoking it directly. Objects convert one after the other (memory stays
 * that of one object), each to a deterministic key, so a redelivered message
 * rewrites the same bytes.
 *
 * For SQS it answers with a partial batch response naming exactly the
 * messages whose object could not be read or written (with
 * `ReportBatchItemFailures`): those come back, and after `maxReceiveCount`
 * go to the dead-letter queue. Invalid lines fail nothing; they go to the
 * errors object. `s3:TestEvent` and messages that name no object are logged
 * and acknowledged. Invoked directly, it throws when an object failed, so
 * that Lambda's retries for asynchronous invocations apply.
 */
export function createS3ObjectHandler(options: S3ObjectHandlerOptions) {
  const { profile, format } = checkConversion(options);
  const output = checkOutput(options.output);
  if (options.s3Client === undefined) throw new TypeError('flowecs: s3Client is required.');
  const settings = {
    s3: options.s3Client,
    profile,
    format,
    output,
    errorsPrefix: options.errorsPrefix ?? 'flowecs-errors/',
  };
  const log = options.log ?? writeLogLine;
  return async (event: unknown): Promise<SQSBatchResponse> => {
    const summary = createSummary();
    const failures: { itemIdentifier: string }[] = [];
    const failed: ObjectResult[] = [];
    for (const message of readS3Notifications(event)) {
      if (message.skipped !== undefined) summary.skip(message.skipped);
      let messageFailed = false;
      for (const ref of message.objects) {
        const result = await convertS3Object(ref, settings);
        summary.add(result);
        if (result.failure !== undefined) {
          failed.push(result);
          messageFailed = true;
        }
      }
      if (messageFailed && message.itemIdentifier !== undefined)
        failures.push({ itemIdentifier: message.itemIdentifier });
    }
    log(summary.line());
    const direct = failed.length > 0 && failures.length === 0;
    if (direct) throw new Error(`flowecs: ${failed.map(result => `${result.source}: ${result.failure}`).join('; ')}`);
    return { batchItemFailures: failures };
  };
}
