import type { FlowLogErrorCode, FlowLogParseError } from '@flowecs/parser';
import { printableJson, type FlowLogStreamStats } from '@flowecs/stream';

/** Takes the handler's log lines (JSON, one per call). */
export type InvocationLog = (line: string) => void;

/** Standard output, which Lambda sends to the function's log group. */
export const writeLogLine: InvocationLog = line => void process.stdout.write(`${line}\n`);

/** What a handler's inputs are: S3 objects, Firehose records, CloudWatch Logs payloads. */
export type InputUnit = 'objects' | 'records' | 'payloads';

/** Why one input failed, was skipped, or had invalid lines: one log line of its own. */
export interface InputReport {
  /** A stable code: `deadline`, `object-missing`, `gzip-truncated`, `invalid-lines`, `s3-test-event`, … (see the README). */
  readonly code: string;
  /** `s3://bucket/key`, `firehose:<recordId>`, `cloudwatch:<group>/<stream>` or `sqs:<messageId>`. */
  readonly source: string;
  readonly message?: string | undefined;
  /** The SQS message that named the object. */
  readonly messageId?: string | undefined;
  /** Invalid lines of the input, and the first of them. */
  readonly invalid?: number | undefined;
  readonly firstInvalid?: FlowLogParseError | undefined;
}

/** No more than this much of a record, or of a message quoting one, goes into a log line. */
export const LOGGED_RECORD_LENGTH = 200;

// The codes of a record whose layout is not the one assumed: the setting to use names it.
const layoutCodes: ReadonlySet<FlowLogErrorCode> = new Set([
  'unknown-layout',
  'layout-mismatch',
  'field-count-mismatch',
  'after-invalid-header',
]);

/**
 * The handler's log: a line per failed, skipped or partly invalid input as
 * it happens (`{"flowecs":"failed"|"skipped"|"invalid-lines", code, source, …}`),
 * then one summary line per invocation: the inputs (`objects`, `records` or
 * `payloads`), `lines` read, `events`, `filtered`, `invalid`,
 * `controlMessages`, `bytes` (as stored), `failed` and `skipped` inputs, `ms`.
 * Keys, log groups and messages come from outside: no raw control or bidi
 * character reaches a log line.
 */
export function createInvocationLog(log: InvocationLog, unit: InputUnit) {
  const started = performance.now();
  const totals = { lines: 0, events: 0, filtered: 0, invalid: 0, controlMessages: 0, bytes: 0 };
  let inputs = 0;
  let failed = 0;
  let skipped = 0;
  const report = (kind: 'failed' | 'skipped' | 'invalid-lines', input: InputReport) =>
    log(printableJson(JSON.stringify({ flowecs: kind, ...reportFields(input) })));
  return {
    /** An input converted whole: its counts, and a line if it had invalid lines. */
    converted(bytes: number, stats: FlowLogStreamStats, invalid?: InputReport): void {
      inputs++;
      totals.bytes += bytes;
      totals.lines += stats.lines;
      totals.events += stats.events;
      totals.filtered += stats.filtered;
      totals.invalid += stats.invalid;
      totals.controlMessages += stats.controlMessages;
      if (invalid !== undefined && stats.invalid > 0) report('invalid-lines', { ...invalid, invalid: stats.invalid });
    },
    /** An input that wrote nothing: its counts would claim events that are not there. */
    failed(bytes: number, input: InputReport): void {
      inputs++;
      failed++;
      totals.bytes += bytes;
      report('failed', input);
    },
    /** A message acknowledged with nothing to convert (`s3:TestEvent`, no ObjectCreated record). */
    skipped(input: InputReport): void {
      skipped++;
      report('skipped', input);
    },
    summary(): void {
      const ms = Math.round(performance.now() - started);
      log(JSON.stringify({ flowecs: 'summary', [unit]: inputs, ...totals, failed, skipped, ms }));
    },
  };
}

function reportFields({ code, source, message, messageId, invalid, firstInvalid }: InputReport) {
  return {
    code,
    source,
    ...(messageId === undefined ? {} : { messageId }),
    ...(message === undefined ? {} : { message: cut(message) }),
    ...(invalid === undefined ? {} : { invalid }),
    ...(firstInvalid === undefined
      ? {}
      : {
          firstInvalidLine: firstInvalid.lineNumber,
          invalidCode: firstInvalid.code,
          ...(layoutCodes.has(firstInvalid.code) ? { setting: 'FLOWECS_FORMAT' } : {}),
          record: cut(firstInvalid.raw),
        }),
  };
}

function cut(text: string): string {
  return text.length <= LOGGED_RECORD_LENGTH ? text : `${text.slice(0, LOGGED_RECORD_LENGTH)}…`;
}
