import { Duration } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import { describe, expect, test } from 'vitest';
import { FlowEcsFirehoseTransform } from './flow-ecs-firehose-transform';
import { FlowEcsS3Pipeline } from './flow-ecs-s3-pipeline';
import { statements, synth } from './__fixtures__/template';

describe('FlowEcsS3Pipeline', () => {
  const template = synth(stack => {
    const input = new Bucket(stack, 'Logs');
    return new FlowEcsS3Pipeline(stack, 'Pipeline', {
      inputBucket: input,
      inputPrefix: 'AWSLogs/',
      timeout: Duration.minutes(4),
    });
  });

  test('Lambda: Node.js 22 on arm64, the s3 entry point, configured by FLOWECS_* variables', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs22.x',
      Architectures: ['arm64'],
      Handler: 's3.handler',
      Timeout: 240,
      MemorySize: 1024,
      Environment: {
        Variables: {
          FLOWECS_OUTPUT_BUCKET: Match.anyValue(),
          FLOWECS_OUTPUT_PREFIX: 'ecs/',
          FLOWECS_ERRORS_PREFIX: 'flowecs-errors/',
          FLOWECS_PROFILE: 'standard',
        },
      },
    });
  });

  test('profile: ocsf reaches the function as FLOWECS_PROFILE, filter as FLOWECS_FILTER', () => {
    const ocsf = synth(stack => {
      const input = new Bucket(stack, 'Logs');
      return new FlowEcsS3Pipeline(stack, 'Pipeline', {
        inputBucket: input,
        profile: 'ocsf',
        filter: 'action == "REJECT"',
      });
    });
    ocsf.hasResourceProperties('AWS::Lambda::Function', {
      Handler: 's3.handler',
      Environment: { Variables: Match.objectLike({ FLOWECS_PROFILE: 'ocsf', FLOWECS_FILTER: 'action == "REJECT"' }) },
    });
  });

  test('databases and interfaces: their URIs reach the function, which may read exactly those objects', () => {
    const enriched = synth(stack => {
      const input = new Bucket(stack, 'Logs');
      const geo = new Bucket(stack, 'Geo');
      return new FlowEcsS3Pipeline(stack, 'Pipeline', {
        inputBucket: input,
        profile: 'extended',
        databases: {
          geoip: { bucket: geo, key: 'maxmind/GeoLite2-City.mmdb' },
          asn: { bucket: geo, key: 'maxmind/GeoLite2-ASN.mmdb' },
          interfaces: { bucket: geo, key: 'maxmind/interfaces.json' },
        },
      });
    });
    enriched.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({
          FLOWECS_GEOIP_S3_URI: {
            'Fn::Join': ['', ['s3://', { Ref: Match.stringLikeRegexp('^Geo') }, '/maxmind/GeoLite2-City.mmdb']],
          },
          FLOWECS_ASN_S3_URI: {
            'Fn::Join': ['', ['s3://', { Ref: Match.stringLikeRegexp('^Geo') }, '/maxmind/GeoLite2-ASN.mmdb']],
          },
          FLOWECS_INTERFACES_S3_URI: {
            'Fn::Join': ['', ['s3://', { Ref: Match.stringLikeRegexp('^Geo') }, '/maxmind/interfaces.json']],
          },
        }),
      },
    });
    const reads = statements(enriched).filter(statement => JSON.stringify(statement.Resource).includes('/maxmind/'));
    expect(
      reads.map(statement => [statement.Action, JSON.stringify(statement.Resource).match(/maxmind\/[^"]+/)?.[0]]),
    ).toEqual([
      ['s3:GetObject', 'maxmind/GeoLite2-City.mmdb'],
      ['s3:GetObject', 'maxmind/GeoLite2-ASN.mmdb'],
      ['s3:GetObject', 'maxmind/interfaces.json'],
    ]);
  });

  test('queue: visibility 6× the function timeout, a dead-letter queue after 5 receives; partial batch responses', () => {
    template.hasResourceProperties('AWS::SQS::Queue', {
      VisibilityTimeout: 1440,
      RedrivePolicy: { deadLetterTargetArn: Match.anyValue(), maxReceiveCount: 5 },
    });
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      BatchSize: 5,
    });
  });

  test('input bucket notifications (under the prefix) go to the queue', () => {
    template.hasResourceProperties('Custom::S3BucketNotifications', {
      NotificationConfiguration: {
        QueueConfigurations: [
          {
            Events: ['s3:ObjectCreated:*'],
            Filter: { Key: { FilterRules: [{ Name: 'prefix', Value: 'AWSLogs/' }] } },
            QueueArn: Match.anyValue(),
          },
        ],
      },
    });
  });

  test('least privilege: GetObject under the input prefix, PutObject under the output prefixes, the queue consumed', () => {
    const all = statements(template);
    const s3 = all.filter(statement => [statement.Action].flat().some(action => action.startsWith('s3:')));
    const functionS3 = s3.filter(
      statement =>
        JSON.stringify(statement.Resource).includes('/AWSLogs/*') ||
        JSON.stringify(statement.Resource).includes('/ecs/*'),
    );
    expect(functionS3.map(statement => statement.Action)).toEqual([
      's3:GetObject',
      ['s3:PutObject', 's3:AbortMultipartUpload'],
    ]);
    expect(JSON.stringify(functionS3[1]!.Resource)).toContain('/flowecs-errors/*');
    // No wildcard actions, nothing on whole buckets for the function.
    expect(all.flatMap(statement => [statement.Action].flat()).filter(action => action.endsWith('*'))).toEqual([]);
    const sqs = all.filter(statement => [statement.Action].flat().includes('sqs:ReceiveMessage'));
    expect([sqs[0]!.Action].flat()).toEqual(expect.arrayContaining(['sqs:ReceiveMessage', 'sqs:DeleteMessage']));
  });

  test('an output bucket is made when none is given', () => {
    template.resourceCountIs('AWS::S3::Bucket', 2);
  });
});

describe('FlowEcsFirehoseTransform', () => {
  const template = synth(stack => new FlowEcsFirehoseTransform(stack, 'Transform', { profile: 'extended' }));

  test('a direct-put stream whose Lambda processor is the firehose entry point, with a 0.2 MB buffer', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs22.x',
      Architectures: ['arm64'],
      Handler: 'firehose.handler',
      Environment: { Variables: { FLOWECS_PROFILE: 'extended' } },
    });
    template.hasResourceProperties('AWS::KinesisFirehose::DeliveryStream', {
      DeliveryStreamType: 'DirectPut',
      ExtendedS3DestinationConfiguration: {
        CompressionFormat: 'GZIP',
        ErrorOutputPrefix: 'flowecs-failed/!{firehose:error-output-type}/',
        ProcessingConfiguration: {
          Enabled: true,
          Processors: [
            {
              Type: 'Lambda',
              Parameters: Match.arrayWith([{ ParameterName: 'BufferSizeInMBs', ParameterValue: '0.2' }]),
            },
          ],
        },
      },
    });
  });

  test('the stream role may invoke the function', () => {
    expect(statements(template).some(statement => [statement.Action].flat().includes('lambda:InvokeFunction'))).toBe(
      true,
    );
  });

  test("a buffer outside Firehose's 0.2–3 MB is refused", () => {
    expect(() => synth(stack => new FlowEcsFirehoseTransform(stack, 'T', { processingBufferMb: 5 }))).toThrow(
      /between 0.2 and 3/,
    );
  });
});
