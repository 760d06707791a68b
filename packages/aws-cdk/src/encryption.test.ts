// KMS keys: the constructs take them, encrypt with them, and grant exactly
// the KMS actions their use needs, on exactly those keys.
import { Match, type Template } from 'aws-cdk-lib/assertions';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Bucket, BucketEncryption } from 'aws-cdk-lib/aws-s3';
import { describe, expect, test } from 'vitest';
import { FlowEcsFirehoseTransform } from './flow-ecs-firehose-transform';
import { FlowEcsS3Pipeline } from './flow-ecs-s3-pipeline';
import { actionsOf, statements, synth } from './__fixtures__/template';

/** Each KMS statement of the roles: its actions and the logical id of its key. */
function kmsGrants(template: Template): [string[], string][] {
  return statements(template)
    .filter(statement => actionsOf(statement).some(action => action.startsWith('kms:')))
    .map(statement => [
      actionsOf(statement),
      JSON.stringify(statement.Resource).match(/"(\w+Key[0-9A-F]+)"/)?.[1] ?? '',
    ]);
}

describe('FlowEcsS3Pipeline with KMS keys', () => {
  const template = synth(stack => {
    const input = new Bucket(stack, 'Logs', {
      encryption: BucketEncryption.KMS,
      encryptionKey: new Key(stack, 'InputKey'),
    });
    return new FlowEcsS3Pipeline(stack, 'P', {
      inputBucket: input,
      inputPrefix: 'AWSLogs/',
      outputKey: new Key(stack, 'OutputKey'),
      queueKey: new Key(stack, 'QueueKey'),
    });
  });

  test('the function: kms:Decrypt with the input key (the bucket’s own), GenerateDataKey and Decrypt with the output key, Decrypt with the queue key; nothing else', () => {
    expect(kmsGrants(template).toSorted((a, b) => a[1].localeCompare(b[1]))).toEqual([
      [['kms:Decrypt'], expect.stringMatching(/^InputKey/)],
      [['kms:GenerateDataKey', 'kms:Decrypt'], expect.stringMatching(/^OutputKey/)],
      [['kms:Decrypt'], expect.stringMatching(/^QueueKey/)],
    ]);
  });

  test('objects written are SSE-KMS with the output key; both queues are encrypted with the queue key', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({
          FLOWECS_OUTPUT_KMS_KEY_ID: { 'Fn::GetAtt': [Match.stringLikeRegexp('^OutputKey'), 'Arn'] },
        }),
      },
    });
    const queues = Object.values(template.findResources('AWS::SQS::Queue'));
    expect(queues).toHaveLength(2);
    for (const queue of queues)
      expect(queue).toMatchObject({
        Properties: { KmsMasterKeyId: { 'Fn::GetAtt': [expect.stringMatching(/^QueueKey/), 'Arn'] } },
      });
  });

  test('S3 may send notifications to the queue and use its key for this bucket only, with exactly the actions it needs', () => {
    const keyPolicy = template.findResources('AWS::KMS::Key');
    const queueKey = Object.entries(keyPolicy).find(([id]) => id.startsWith('QueueKey'))![1] as {
      Properties: {
        KeyPolicy: { Statement: { Principal?: { Service?: string }; Action: string[]; Condition?: unknown }[] };
      };
    };
    const forS3 = queueKey.Properties.KeyPolicy.Statement.filter(
      statement => statement.Principal?.Service === 's3.amazonaws.com',
    );
    expect(forS3).toEqual([
      expect.objectContaining({
        Action: ['kms:GenerateDataKey', 'kms:Decrypt'],
        Condition: { ArnLike: { 'aws:SourceArn': { 'Fn::GetAtt': [expect.stringMatching(/^Logs/), 'Arn'] } } },
      }),
    ]);
    const queuePolicy = Object.values(template.findResources('AWS::SQS::QueuePolicy'))
      .flatMap(
        policy =>
          (policy as { Properties: { PolicyDocument: { Statement: { Principal?: unknown; Action: unknown }[] } } })
            .Properties.PolicyDocument.Statement,
      )
      .filter(statement => JSON.stringify(statement.Principal).includes('s3.amazonaws.com'));
    expect(queuePolicy.map(statement => statement.Action)).toEqual(['sqs:SendMessage']);
  });

  test('without keys, no KMS right at all', () => {
    expect(kmsGrants(synth(stack => new FlowEcsS3Pipeline(stack, 'P', { inputPrefix: 'AWSLogs/' })))).toEqual([]);
  });
});

describe('FlowEcsFirehoseTransform with a KMS key', () => {
  const template = synth(stack => {
    const bucket = new Bucket(stack, 'Destination', {
      encryption: BucketEncryption.KMS,
      encryptionKey: new Key(stack, 'DestinationKey'),
    });
    return new FlowEcsFirehoseTransform(stack, 'F', { destinationBucket: bucket });
  });

  test('the stream writes SSE-KMS with the bucket’s key; its role may GenerateDataKey and Decrypt with it, through S3, under its prefixes', () => {
    template.hasResourceProperties('AWS::KinesisFirehose::DeliveryStream', {
      ExtendedS3DestinationConfiguration: {
        EncryptionConfiguration: {
          KMSEncryptionConfig: { AWSKMSKeyARN: { 'Fn::GetAtt': [Match.stringLikeRegexp('^DestinationKey'), 'Arn'] } },
        },
      },
    });
    const grants = statements(template).filter(statement =>
      actionsOf(statement).some(action => action.startsWith('kms:')),
    );
    expect(grants).toHaveLength(1);
    expect(grants[0]).toMatchObject({
      Action: ['kms:GenerateDataKey', 'kms:Decrypt'],
      Condition: { StringEquals: { 'kms:ViaService': 's3.us-east-1.amazonaws.com' } },
    });
    const context = JSON.stringify(grants[0]!.Condition!['StringLike']);
    expect(context).toContain('"/ecs/*"');
    expect(context).toContain('"/flowecs-failed/*/*"');
  });
});
