import type {
  FirehoseTransformationEvent,
  FirehoseTransformationResult,
  FirehoseTransformationResultRecord,
} from 'aws-lambda';
import { convertPayload } from './convert-payload';
import { checkConversion, enrichmentNow, type ConversionOptions } from './handler-settings';
import { withDeadline, type DeadlineOptions, type InvocationDeadline } from './invocation-deadline';
import { createInvocationLog, writeLogLine, type InputReport, type InvocationLog } from './invocation-summary';

/**
 * The response size this handler stays within: under Lambda's 6 MB limit
 * for a synchronous response (6,291,456 bytes), with room for Lambda's own framing.
 */
export const FIREHOSE_RESPONSE_LIMIT = 6_000_000;

const OVER_BUDGET =
  "its events would not fit in Lambda's 6 MB response: lower the Firehose processing buffer (processingBufferMb)";

export interface FirehoseTransformHandlerOptions extends ConversionOptions, DeadlineOptions {
  /** Where the one JSON summary line per invocation goes (default: standard output). */
  readonly log?: InvocationLog | undefined;
  /** The response budget in bytes (default `FIREHOSE_RESPONSE_LIMIT`); for tests. */
  readonly maxResponseBytes?: number | undefined;
}

/**
 * A Firehose data-transformation handler. Each record (direct-put
 * `{"message":…}` lines, plain records, or a CloudWatch Logs envelope,
 * gzip or not) becomes one answer with its `recordId`:
 * - `Ok`, `data` the base64 of its events as NDJSON;
 * - `Dropped` for a control message or a record with no events (the filter may have dropped them all);
 * - `ProcessingFailed` with the original `data` when any line is invalid
 *   or the record cannot be read, so Firehose's error output keeps it whole.
 *
 * The response never exceeds the budget. Records are answered in order;
 * a record whose NDJSON would no longer fit (keeping room for every later
 * record to be answered with its original data) is answered
 * `ProcessingFailed` with its original data instead, and lands in the error
 * output: lower the Firehose processing buffer (see the README) so that this
 * does not happen.
 *
 * It watches the deadline (Lambda's `context`): records it cannot reach
 * before it are answered `ProcessingFailed` with their original data. Each
 * record answered `ProcessingFailed` is logged with its reason.
 */
export function createFirehoseTransformHandler(options: FirehoseTransformHandlerOptions = {}) {
  const conversion = checkConversion(options);
  const budget = options.maxResponseBytes ?? FIREHOSE_RESPONSE_LIMIT;
  const log = options.log ?? writeLogLine;
  return (event: FirehoseTransformationEvent, context?: unknown): Promise<FirehoseTransformationResult> =>
    withDeadline(context, options.deadlineMarginMs, deadline => transform(event, deadline));

  async function transform(
    event: FirehoseTransformationEvent,
    deadline: InvocationDeadline,
  ): Promise<FirehoseTransformationResult> {
    const logged = createInvocationLog(log, 'records');
    const enrich = await enrichmentNow(conversion);
    const records = (event as Partial<FirehoseTransformationEvent> | null)?.records;
    if (!Array.isArray(records)) {
      // Not a Firehose transformation event: nothing to answer record by record.
      const message = 'flowecs: the event is not a Firehose transformation event (it has no records array)';
      log(JSON.stringify({ flowecs: 'error', code: 'event-unrecognised', error: message }));
      throw new TypeError(message);
    }
    // What Firehose gave is handed back on failure; data that is not a string cannot be, and is answered empty.
    const original = (index: number): FirehoseTransformationResultRecord => ({
      recordId: String(records[index]?.recordId),
      result: 'ProcessingFailed',
      data: typeof records[index]?.data === 'string' ? records[index].data : '',
    });
    const sizeOf = (answer: FirehoseTransformationResultRecord) => JSON.stringify(answer).length + 1;
    // Room kept for answering every record not yet answered with its original data.
    // Measured once each: a record's data can be a megabyte of base64.
    const fallbackSizes = records.map((_record, index) => sizeOf(original(index)));
    let reserved = fallbackSizes.reduce((total, size) => total + size, '{"records":[]}'.length);
    let used = 0;
    const answers: FirehoseTransformationResultRecord[] = [];
    for (const [index, record] of records.entries()) {
      const fallback = original(index);
      reserved -= fallbackSizes[index]!;
      const source = `firehose:${fallback.recordId}`;
      const failed = (bytes: number, report: Omit<InputReport, 'source'>) => {
        logged.failed(bytes, { ...report, source });
        used += fallbackSizes[index]!;
        answers.push(fallback);
      };
      if (typeof record?.data !== 'string' || typeof record.recordId !== 'string') {
        failed(0, { code: 'record-unreadable', message: 'the record has no base64 data or no recordId' });
        continue;
      }
      const bytes = Buffer.from(record.data, 'base64');
      // Past the deadline, the rest go back as they came.
      if (deadline.passed()) {
        failed(bytes.length, deadline.failure());
        continue;
      }
      const converted = await convertPayload(bytes, { ...conversion, enrich, source, signal: deadline.signal });
      const { stats, failure, firstInvalid } = converted;
      if (failure !== undefined) failed(bytes.length, failure);
      else if (stats.invalid > 0) failed(bytes.length, { code: 'invalid-lines', invalid: stats.invalid, firstInvalid });
      else {
        const answer: FirehoseTransformationResultRecord =
          stats.events === 0
            ? { recordId: record.recordId, result: 'Dropped', data: '' }
            : { recordId: record.recordId, result: 'Ok', data: converted.ndjson.toString('base64') };
        if (used + sizeOf(answer) + reserved > budget) {
          failed(bytes.length, { code: 'over-response-budget', message: OVER_BUDGET });
          continue;
        }
        logged.converted(bytes.length, stats);
        used += sizeOf(answer);
        answers.push(answer);
      }
    }
    logged.summary();
    return { records: answers };
  }
}
