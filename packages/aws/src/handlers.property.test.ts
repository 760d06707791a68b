import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { firehoseEvent, s3Notification, sqsEvent } from './__fixtures__/events';
import { createFirehoseTransformHandler } from './firehose-transform-handler';
import { readS3Notifications } from './s3-notifications';

const V2 =
  '2 123456789010 eni-1235b8ca123456789 172.31.16.139 172.31.16.21 20641 22 6 20 4249 1418530010 1418530070 ACCEPT OK';

describe('properties', () => {
  test('any key, form-encoded as S3 notifications carry it, is read back as stored', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 }), key => {
        const [message] = readS3Notifications(sqsEvent([s3Notification('bucket-name', key)]));
        expect(message!.objects).toEqual([{ bucket: 'bucket-name', key, size: 1024 }]);
      }),
      { numRuns: 500 },
    );
  });

  test('Firehose: whatever the records and the budget, each recordId once and in order, and the response fits', async () => {
    const record = fc.oneof(
      fc.integer({ min: 1, max: 40 }).map(count => Buffer.from(`{"message":"${V2}"}\n`.repeat(count))),
      fc.constant(Buffer.from('{"message":"2 bad record"}\n')),
      fc.constant(Buffer.from('\n')),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(record, { maxLength: 30 }),
        fc.integer({ min: 0, max: 200_000 }),
        async (payloads, extra) => {
          const event = firehoseEvent(payloads);
          // The budget always holds every original (as Firehose's 6 MB request limit ensures).
          const budget =
            JSON.stringify({ records: event.records.map(input => ({ ...input, result: 'ProcessingFailed' })) }).length +
            extra;
          const response = await createFirehoseTransformHandler({ log: () => undefined, maxResponseBytes: budget })(
            event,
          );
          expect(response.records.map(answer => answer.recordId)).toEqual(event.records.map(input => input.recordId));
          expect(JSON.stringify(response).length).toBeLessThanOrEqual(budget);
          for (const [index, answer] of response.records.entries())
            if (answer.result === 'ProcessingFailed') expect(answer.data).toBe(event.records[index]!.data);
        },
      ),
      { numRuns: 60 },
    );
  });
});
