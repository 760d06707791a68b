import { printableJson } from '@flowecs/stream';
import type { ObjectResult } from './convert-s3-object';

/** Takes the invocation's one summary line (JSON). */
export type InvocationLog = (line: string) => void;

/** Standard output, which Lambda sends to the function's log group. */
export const writeLogLine: InvocationLog = line => void process.stdout.write(`${line}\n`);

/**
 * The one JSON line a handler logs per invocation: `objects`, `records`
 * (lines read), `events`, `filtered`, `invalid` (of the inputs converted), `bytes` (input
 * as stored), `ms`, and what failed or was skipped, for CloudWatch Logs Insights.
 */
export function createSummary() {
  const started = performance.now();
  const totals = { objects: 0, records: 0, events: 0, filtered: 0, invalid: 0, controlMessages: 0, bytes: 0 };
  const failed: { source: string; failure: string }[] = [];
  const skipped: string[] = [];
  return {
    add(result: Pick<ObjectResult, 'source' | 'failure' | 'stats' | 'bytes'>): void {
      totals.objects++;
      totals.bytes += result.bytes;
      // A failed object wrote nothing: its counts would claim events that are not there.
      if (result.stats !== undefined && result.failure === undefined) {
        totals.records += result.stats.lines;
        totals.events += result.stats.events;
        totals.filtered += result.stats.filtered;
        totals.invalid += result.stats.invalid;
        totals.controlMessages += result.stats.controlMessages;
      }
      if (result.failure !== undefined) failed.push({ source: result.source, failure: result.failure });
    },
    skip(reason: string): void {
      skipped.push(reason);
    },
    line(): string {
      // Keys, log groups and failure messages come from outside: no raw control or bidi character in a log line.
      return printableJson(
        JSON.stringify({
          flowecs: 'summary',
          ...totals,
          ms: Math.round(performance.now() - started),
          ...(failed.length === 0 ? {} : { failed }),
          ...(skipped.length === 0 ? {} : { skipped }),
        }),
      );
    },
  };
}
