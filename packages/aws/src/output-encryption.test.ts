// SSE-KMS on every object written: the events, the dead letters, the
// CloudWatch Logs objects, when output.kmsKeyId (FLOWECS_OUTPUT_KMS_KEY_ID) is set.
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { s3Notification, sqsEvent } from './__fixtures__/events';
import { cloudWatchEnvelope, diverseRecords } from './__fixtures__/records';
import { recordCommands, startS3, type SentCommand, type TestS3 } from './__fixtures__/s3-server';
import { createCloudWatchLogsHandler } from './cloudwatch-logs-handler';
import { createS3ObjectHandler } from './s3-object-handler';

const KEY_ARN = 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';
let server: TestS3;
let sent: SentCommand[];
beforeAll(async () => {
  server = await startS3(['flow-logs-input', 'flowecs-output']);
  sent = recordCommands(server.s3);
  await server.put('flow-logs-input', 'mixed.log', `${diverseRecords(20).join('\n')}\nnot a record\n`);
});
afterAll(async () => {
  await server?.close();
});

/** The objects written since `from`: key and the encryption asked for. */
const writes = (from: number) =>
  sent
    .slice(from)
    .filter(entry => entry.command === 'PutObjectCommand' || entry.command === 'CreateMultipartUploadCommand')
    .map(({ input }) => [input['Key'], input['ServerSideEncryption'], input['SSEKMSKeyId']]);

describe('output encryption', () => {
  test('S3 objects: the events and the dead letters are written with SSE-KMS and the key', async () => {
    const from = sent.length;
    const handler = createS3ObjectHandler({
      s3Client: server.s3,
      output: { bucket: 'flowecs-output', prefix: 'ecs/', kmsKeyId: KEY_ARN },
      log: () => undefined,
    });
    expect(await handler(sqsEvent([s3Notification('flow-logs-input', 'mixed.log')]))).toEqual({
      batchItemFailures: [],
    });
    expect(writes(from).toSorted()).toEqual([
      ['ecs/flow-logs-input/mixed.log.ndjson.gz', 'aws:kms', KEY_ARN],
      ['flowecs-errors/flow-logs-input/mixed.log.errors.ndjson.gz', 'aws:kms', KEY_ARN],
    ]);
  });

  test('CloudWatch Logs: both objects are written with SSE-KMS and the key; without a key, none is asked for', async () => {
    const event = {
      awslogs: { data: gzipSync(cloudWatchEnvelope([...diverseRecords(5), 'bad'])).toString('base64') },
    };
    for (const kmsKeyId of [KEY_ARN, undefined]) {
      const from = sent.length;
      await createCloudWatchLogsHandler({
        s3Client: server.s3,
        output: { bucket: 'flowecs-output', prefix: 'cwl/', kmsKeyId },
        log: () => undefined,
      })(event);
      const written = writes(from);
      expect(written).toHaveLength(2);
      for (const [, encryption, key] of written)
        expect([encryption, key]).toEqual(kmsKeyId === undefined ? [undefined, undefined] : ['aws:kms', KEY_ARN]);
    }
  });

  test('a key that is not a string is refused when the handler is made', () => {
    expect(() => createS3ObjectHandler({ s3Client: server.s3, output: { bucket: 'b', kmsKeyId: '' } })).toThrow(
      /kmsKeyId/,
    );
  });
});
