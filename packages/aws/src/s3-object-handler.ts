import type { SQSBatchResponse } from 'aws-lambda';
import { convertS3Object, type ObjectResult } from './convert-s3-object';
import { checkS3Output, enrichmentNow, type S3OutputOptions } from './handler-settings';
import { withDeadline, type DeadlineOptions, type InvocationDeadline } from './invocation-deadline';
import { createInvocationLog, type InputReport } from './invocation-summary';
import { readS3Notifications } from './s3-notifications';

/**
 * Events go to `<output.prefix><source bucket>/<source key>.ndjson.gz`,
 * invalid lines to `<errorsPrefix><source bucket>/<source key>.errors.ndjson.gz`.
 */
export type S3ObjectHandlerOptions = S3OutputOptions & DeadlineOptions;

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
 *
 * It watches the deadline (Lambda's `context`): when it comes, the object
 * being converted stops and its uploads are aborted, and that message and
 * every later one are reported as failures, to come back.
 */
export function createS3ObjectHandler(options: S3ObjectHandlerOptions) {
  const { log, ...settings } = checkS3Output(options);
  return (event: unknown, context?: unknown): Promise<SQSBatchResponse> =>
    withDeadline(context, options.deadlineMarginMs, deadline => convertBatch(event, deadline));

  async function convertBatch(event: unknown, deadline: InvocationDeadline): Promise<SQSBatchResponse> {
    const logged = createInvocationLog(log, 'objects');
    const conversion = { ...settings, enrich: await enrichmentNow(settings), signal: deadline.signal };
    const failures: { itemIdentifier: string }[] = [];
    const failed: string[] = [];
    for (const message of readS3Notifications(event)) {
      const messageId = message.itemIdentifier;
      // Invoked directly, the event is the message.
      const messageSource = messageId === undefined ? 'event' : `sqs:${messageId}`;
      let messageFailed = false;
      const fail = (source: string, failure: { code: string; message: string }, bytes = 0) => {
        logged.failed(bytes, { ...failure, source, messageId });
        failed.push(`${source}: ${failure.message}`);
        messageFailed = true;
      };
      if (message.skipped !== undefined) logged.skipped({ code: message.skipped, source: messageSource });
      if (message.unrecognised !== undefined)
        fail(messageSource, { code: 'message-unrecognised', message: message.unrecognised });
      for (const ref of message.objects) {
        // Past the deadline, an object is not started: its message comes back.
        if (deadline.passed()) {
          fail(`s3://${ref.bucket}/${ref.key}`, deadline.failure());
          continue;
        }
        const result = await convertS3Object(ref, conversion);
        if (result.failure !== undefined) fail(result.source, result.failure, result.bytes);
        else logged.converted(result.bytes, result.stats!, invalidLines(result, messageId));
      }
      if (messageFailed && messageId !== undefined) failures.push({ itemIdentifier: messageId });
    }
    logged.summary();
    if (failed.length > 0 && failures.length === 0) throw new Error(`flowecs: ${failed.join('; ')}`);
    return { batchItemFailures: failures };
  }
}

function invalidLines(result: ObjectResult, messageId: string | undefined): InputReport {
  return {
    code: 'invalid-lines',
    source: result.source,
    messageId,
    firstInvalid: result.firstInvalid,
    message: `dead letters in ${result.errors}`,
  };
}
