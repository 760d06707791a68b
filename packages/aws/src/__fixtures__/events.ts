// Lambda events in the shapes AWS documents (aws-delivery.md §5; samples in
// ../shared/fixtures/aws-events), built here so that the tests run without it.
import type { FirehoseTransformationEvent, SQSEvent } from 'aws-lambda';

/** An S3 event notification (eventVersion 2.1), its key form-encoded as S3 sends it. */
export function s3Notification(bucket: string, key: string, options: { version?: string; eventName?: string } = {}) {
  const encoded = encodeURIComponent(key).replaceAll('%20', '+').replaceAll('%2F', '/');
  return {
    Records: [
      {
        eventVersion: options.version ?? '2.1',
        eventSource: 'aws:s3',
        awsRegion: 'us-east-1',
        eventTime: '2024-11-30T04:05:00.000Z',
        eventName: options.eventName ?? 'ObjectCreated:Put',
        userIdentity: { principalId: 'AWS:AIDAEXAMPLE' },
        requestParameters: { sourceIPAddress: '192.0.2.1' },
        responseElements: { 'x-amz-request-id': 'EXAMPLE123456789', 'x-amz-id-2': 'EXAMPLE/abc=' },
        s3: {
          s3SchemaVersion: '1.0',
          configurationId: 'flowecs',
          bucket: { name: bucket, ownerIdentity: { principalId: 'A3EXAMPLE' }, arn: `arn:aws:s3:::${bucket}` },
          object: {
            key: encoded,
            size: 1024,
            eTag: 'd41d8cd98f00b204e9800998ecf8427e',
            sequencer: '0055AED6DCD90281E5',
          },
        },
      },
    ],
  };
}

/** An EventBridge "Object Created" event from `aws.s3`. */
export function eventBridgeObjectCreated(bucket: string, key: string) {
  return {
    version: '0',
    id: 'f5f1e65c-dc3a-93ca-6c1e-b1647eac7963',
    'detail-type': 'Object Created',
    source: 'aws.s3',
    account: '123456789012',
    time: '2024-11-30T04:05:00Z',
    region: 'us-east-1',
    resources: [`arn:aws:s3:::${bucket}`],
    detail: {
      version: '0',
      bucket: { name: bucket },
      object: { key, size: 1024, etag: 'd41d8cd98f00b204e9800998ecf8427e', sequencer: '006408CAD69598B05E' },
      'request-id': '57H08PA84AB1JZW0',
      requester: '123456789012',
      'source-ip-address': '192.0.2.1',
      reason: 'PutObject',
    },
  };
}

/** What S3 posts to the queue when a notification configuration is saved. */
export const s3TestEvent = {
  Service: 'Amazon S3',
  Event: 's3:TestEvent',
  Time: '2024-11-30T04:05:00.000Z',
  Bucket: 'flow-logs',
  RequestId: '5582815E1AEA5ADF',
  HostId: '8cLeGAmw098X5cv4Zkwcmo8vvZa3eH3eKxsPzbB9wrR+YstdA6Knx4Ip8EXAMPLE',
};

/** A Lambda SQS event with one message per body. */
export function sqsEvent(
  bodies: readonly unknown[],
  ids: readonly string[] = bodies.map((_body, index) => `message-${index}`),
): SQSEvent {
  return {
    Records: bodies.map((body, index) => ({
      messageId: ids[index]!,
      receiptHandle: `AQEB${index}`,
      body: typeof body === 'string' ? body : JSON.stringify(body),
      attributes: {
        ApproximateReceiveCount: '1',
        SentTimestamp: '1732939500000',
        SenderId: 'AIDAEXAMPLE',
        ApproximateFirstReceiveTimestamp: '1732939500001',
      },
      messageAttributes: {},
      md5OfBody: '00000000000000000000000000000000',
      eventSource: 'aws:sqs',
      eventSourceARN: 'arn:aws:sqs:us-east-1:123456789012:flow-logs',
      awsRegion: 'us-east-1',
    })),
  };
}

/** A Firehose data-transformation event over the given record payloads. */
export function firehoseEvent(payloads: readonly Uint8Array[]): FirehoseTransformationEvent {
  return {
    invocationId: '2b4d1ad9-2f48-94bd-a088-767c317e994a',
    deliveryStreamArn: 'arn:aws:firehose:us-east-1:123456789012:deliverystream/flow-logs',
    region: 'us-east-1',
    records: payloads.map((payload, index) => ({
      recordId: `record-${index}`,
      approximateArrivalTimestamp: 1732939500000 + index,
      data: Buffer.from(payload).toString('base64'),
    })),
  };
}
