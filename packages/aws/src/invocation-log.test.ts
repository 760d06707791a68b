// Reasons in the logs: a line per failed input with its code, source, the
// first invalid line and the setting to use; no more than 200 characters of
// any record; a summary whose fields say what they count.
import { gzipSync } from 'node:zlib';
import { describe, expect, test } from 'vitest';
import { firehoseEvent } from './__fixtures__/events';
import { cloudWatchEnvelope, diverseRecords } from './__fixtures__/records';
import { createFirehoseTransformHandler } from './firehose-transform-handler';
import { LOGGED_RECORD_LENGTH } from './invocation-summary';

describe('the invocation log', () => {
  test('Firehose: one line per ProcessingFailed record, with its reason; the summary counts records and lines', async () => {
    const [good] = diverseRecords(1);
    // A custom layout without FLOWECS_FORMAT: 5,000 fields match no published one.
    const custom = `${'x '.repeat(4999)}x`;
    const event = firehoseEvent([
      Buffer.from(`{"message":"${good}"}\n`),
      Buffer.from(`${good}\n${custom}\n${good}\n`),
      gzipSync(cloudWatchEnvelope([good!, good!])).subarray(0, 40),
    ]);
    const logs: string[] = [];
    const response = await createFirehoseTransformHandler({ log: line => logs.push(line) })(event);
    expect(response.records.map(record => record.result)).toEqual(['Ok', 'ProcessingFailed', 'ProcessingFailed']);
    const lines = logs.map(line => JSON.parse(line));
    expect(lines).toEqual([
      {
        flowecs: 'failed',
        code: 'invalid-lines',
        source: 'firehose:record-1',
        invalid: 1,
        firstInvalidLine: 2,
        invalidCode: 'unknown-layout',
        setting: 'FLOWECS_FORMAT',
        record: `${custom.slice(0, LOGGED_RECORD_LENGTH)}…`,
      },
      expect.objectContaining({ flowecs: 'failed', code: 'gzip-truncated', source: 'firehose:record-2' }),
      expect.objectContaining({ flowecs: 'summary', records: 3, lines: 1, events: 1, failed: 2, skipped: 0 }),
    ]);
    expect(lines.at(-1)).not.toHaveProperty('objects');
    // No log line holds more than 200 characters of the record.
    for (const line of logs) expect(line).not.toContain('x '.repeat(LOGGED_RECORD_LENGTH / 2 + 1));
  });
});
