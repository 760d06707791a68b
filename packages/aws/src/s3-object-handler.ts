import type { SQSBatchResponse } from 'aws-lambda';
import { convertS3Object, type ObjectResult } from './convert-s3-object';
import { checkS3Output, enrichmentNow, type S3OutputOptions } from './handler-settings';
import { createSummary } from './invocation-summary';
import { readS3Notifications } from './s3-notifications';

/**
 * Events go to `<output.prefix><source bucket>/<source key>.ndjson.gz`,
 * invalid lines to `<errorsPrefix><source bucket>/<source key>.errors.ndjson.gz`.
 */
export type S3ObjectHandlerOptions = S3OutputOptions;

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
 * errors object. `s3:TestEvent` and notifications of no ObjectCreated
 * record are logged and acknowledged; a message of another shape (not SQS,
 * not JSON, not an S3 or EventBridge event) fails, so that it reaches the
 * dead-letter queue with its body. Invoked directly, it throws when an object failed, so
 * that Lambda's retries for asynchronous invocations apply.
 */
export function createS3ObjectHandler(options: S3ObjectHandlerOptions) {
  const { log, ...settings } = checkS3Output(options);
  return async (event: unknown): Promise<SQSBatchResponse> => {
    const summary = createSummary();
    const conversion = { ...settings, enrich: await enrichmentNow(settings) };
    const failures: { itemIdentifier: string }[] = [];
    const failed: ObjectResult[] = [];
    for (const message of readS3Notifications(event)) {
      if (message.skipped !== undefined) summary.skip(message.skipped);
      let messageFailed = false;
      if (message.unrecognised !== undefined) {
        const result: ObjectResult = {
          source: `message ${message.itemIdentifier ?? 'event'}`,
          failure: message.unrecognised,
          bytes: 0,
        };
        summary.add(result);
        failed.push(result);
        messageFailed = true;
      }
      for (const ref of message.objects) {
        const result = await convertS3Object(ref, conversion);
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
