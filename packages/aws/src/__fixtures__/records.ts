// Flow-log records and CloudWatch Logs envelopes for the handler tests.
// The records are the bench's diverse mix (many accounts and interfaces,
// IPv6, start times that do not repeat), so compressed sizes are realistic.
import { mixes } from '../../../../bench/datasets.mjs';

/** `count` default-format (v2) records of the bench's diverse mix. */
export function diverseRecords(count: number): string[] {
  return [...mixes.diverse(count)];
}

/** A CloudWatch Logs subscription envelope (decoded JSON) holding these records. */
export function cloudWatchEnvelope(
  records: readonly string[],
  options: { control?: boolean; group?: string; stream?: string } = {},
): string {
  const timestamp = 1_732_939_500_000;
  return JSON.stringify({
    messageType: options.control === true ? 'CONTROL_MESSAGE' : 'DATA_MESSAGE',
    owner: options.control === true ? 'CloudwatchLogs' : '123456789012',
    logGroup: options.control === true ? '' : (options.group ?? '/aws/vpc/flowlogs'),
    logStream: options.control === true ? '' : (options.stream ?? 'eni-0123456789abcdef0-all'),
    subscriptionFilters: options.control === true ? [] : ['flowecs'],
    logEvents:
      options.control === true
        ? [{ id: '', timestamp, message: 'CWL CONTROL MESSAGE: Checking health of destination Firehose.' }]
        : records.map((message, index) => ({
            id: String(37_000_000_000_000_000_000_000_000_000_000_000_000_000_000_000_000_000n + BigInt(index)),
            timestamp: timestamp + index,
            message,
          })),
  });
}
