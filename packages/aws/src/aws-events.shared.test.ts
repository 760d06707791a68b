// The event readers on AWS's own payloads (../shared/fixtures/aws-events).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { createFirehoseTransformHandler } from './firehose-transform-handler';
import { readS3Notifications } from './s3-notifications';

const sharedDirectory =
  process.env['FLOWECS_SHARED_DIR'] ?? fileURLToPath(new URL('../../../../shared', import.meta.url));
const events = join(sharedDirectory, 'fixtures/aws-events');
const present = existsSync(events);
if (!present) process.stderr.write(`skipped: ../shared not found (${sharedDirectory}): AWS event payloads\n`);
const read = (name: string) => readFileSync(join(events, name), 'utf8');
const json = (name: string): unknown => JSON.parse(read(name));

describe.skipIf(!present)('AWS event payloads from ../shared', () => {
  test('S3 notifications: in an SQS event, direct (eventVersion 2.0, an encoded key), and as an SQS body', () => {
    expect(readS3Notifications(json('s3-notification-in-lambda-sqs-event.json'))).toEqual([
      {
        itemIdentifier: 'ca3e7a89-c358-40e5-8aa0-5da01403c267',
        objects: [{ bucket: 'xxx', key: 'test.pdf', size: 104681 }],
      },
    ]);
    expect(readS3Notifications(json('s3-notification-lambda-event-encoded-key.json'))[0]!.objects[0]!.key).toBe(
      'Happy Face.jpg',
    );
    expect(readS3Notifications(json('s3-notification-sqs-body.json'))).toEqual(
      readS3Notifications(json('s3-notification-in-lambda-sqs-event.json')).map(message => ({
        ...message,
        itemIdentifier: undefined,
      })),
    );
  });

  test('s3:TestEvent, EventBridge, Security Lake and an SNS envelope without an S3 event', () => {
    expect(readS3Notifications(json('s3-test-event.json'))).toEqual([
      { itemIdentifier: undefined, objects: [], skipped: 's3-test-event' },
    ]);
    expect(readS3Notifications(json('s3-eventbridge-object-created.json'))[0]!.objects).toEqual([
      { bucket: 'example-bucket', key: 'IMG_m7fzo3.jpg', alternateKey: undefined, size: 184662 },
    ]);
    expect(readS3Notifications(json('securitylake-sqs-body-eventbridge.json'))[0]!.objects).toHaveLength(1);
    const sns = readS3Notifications(json('sqs-lambda-event-sns-envelope.json'));
    expect(sns[0]).toMatchObject({ objects: [], unrecognised: expect.stringMatching(/not an S3 notification/) });
  });

  test('Firehose: the control message as delivered is Dropped; non-flow-log records fail whole', async () => {
    const handler = createFirehoseTransformHandler({ log: () => undefined });
    const control = await handler({
      invocationId: 'i',
      deliveryStreamArn: 'arn:aws:firehose:us-east-1:123456789012:deliverystream/s',
      region: 'us-east-1',
      records: [
        { recordId: 'c', approximateArrivalTimestamp: 0, data: read('cwl-control-message.firehose-record.b64').trim() },
      ],
    });
    expect(control.records).toEqual([{ recordId: 'c', result: 'Dropped', data: '' }]);
    const hello = await handler(json('firehose-transformation-event-direct-put.json') as never);
    expect(hello.records.map(record => record.result)).toEqual(['ProcessingFailed', 'ProcessingFailed']);
    const direct = await handler({
      invocationId: 'i',
      deliveryStreamArn: 'arn:aws:firehose:us-east-1:123456789012:deliverystream/s',
      region: 'us-east-1',
      records: [
        { recordId: 'v', approximateArrivalTimestamp: 0, data: read('firehose-direct-put-vpcflow-record.b64').trim() },
      ],
    });
    expect(direct.records[0]!.result).toBe('Ok');
    expect(JSON.parse(Buffer.from(direct.records[0]!.data!, 'base64').toString())).toMatchObject({
      cloud: { account: { id: '058694856476' } },
    });
  });
});
