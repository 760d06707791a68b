// Least privilege, as the README states it: no role of either construct has
// an object right over a whole bucket, or any right on all resources beyond
// CDK's own bucket-notification handler; the Firehose delivery role has the
// bucket-level rights Firehose documents, and object rights under its prefixes only.
import type { Stack } from 'aws-cdk-lib';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import { describe, expect, test } from 'vitest';
import { FlowEcsFirehoseTransform } from './flow-ecs-firehose-transform';
import { FlowEcsS3Pipeline } from './flow-ecs-s3-pipeline';
import { actionsOf, statements, synth, type Statement } from './__fixtures__/template';

/** Rights on a bucket itself; every other S3 right is on objects. */
const BUCKET_RIGHTS = new Set([
  's3:GetBucketLocation',
  's3:ListBucket',
  's3:ListBucketMultipartUploads',
  's3:PutBucketNotification',
]);

/** `*`, `arn:aws:s3:::bucket/*`, or a bucket's ARN (a token) followed by `/*` alone. */
function coversWholeBucket(resource: unknown): boolean {
  if (resource === '*') return true;
  if (typeof resource === 'string') return /^arn:[^:]+:s3:::[^/]+\/\*$/.test(resource);
  const parts = (resource as { 'Fn::Join'?: [string, unknown[]] })['Fn::Join']?.[1];
  return parts !== undefined && parts.at(-1) === '/*';
}

const wholeBucketObjectRights = (all: Statement[]) =>
  all.flatMap(statement =>
    actionsOf(statement)
      .filter(action => action.startsWith('s3:') && !BUCKET_RIGHTS.has(action))
      .flatMap(action =>
        [statement.Resource]
          .flat()
          .filter(coversWholeBucket)
          .map(resource => ({ action, resource })),
      ),
  );

const constructs: [string, (stack: Stack) => void][] = [
  ['FlowEcsS3Pipeline, its own buckets', stack => new FlowEcsS3Pipeline(stack, 'P', { inputPrefix: 'AWSLogs/' })],
  [
    'FlowEcsS3Pipeline, one bucket for input and output, databases',
    stack => {
      const bucket = new Bucket(stack, 'Shared');
      return new FlowEcsS3Pipeline(stack, 'P', {
        inputBucket: bucket,
        outputBucket: bucket,
        inputPrefix: 'AWSLogs/',
        profile: 'extended',
        databases: { geoip: { bucket, key: 'maxmind/GeoLite2-City.mmdb' } },
      });
    },
  ],
  ['FlowEcsFirehoseTransform, its own bucket', stack => new FlowEcsFirehoseTransform(stack, 'F')],
  [
    'FlowEcsFirehoseTransform, a shared bucket and prefixes with expressions',
    stack =>
      new FlowEcsFirehoseTransform(stack, 'F', {
        destinationBucket: new Bucket(stack, 'Shared'),
        prefix: 'firehose/!{timestamp:yyyy}/',
        errorOutputPrefix: 'firehose-failed/!{firehose:error-output-type}/!{timestamp:yyyy}/',
      }),
  ],
];

describe('least privilege', () => {
  test.each(constructs)('%s: no role has an object right over a whole bucket', (_name, build) => {
    const all = statements(synth(build));
    expect(all.length).toBeGreaterThan(0);
    expect(wholeBucketObjectRights(all)).toEqual([]);
    // No wildcard action in any role.
    expect(all.flatMap(actionsOf).filter(action => action.includes('*'))).toEqual([]);
  });

  test('the Firehose delivery role: the bucket-level rights on the bucket, object rights under its two prefixes', () => {
    const template = synth(stack => new FlowEcsFirehoseTransform(stack, 'F'));
    const s3 = statements(template).filter(statement => actionsOf(statement).some(action => action.startsWith('s3:')));
    expect(s3.map(statement => [actionsOf(statement), JSON.stringify(statement.Resource)])).toEqual([
      [
        ['s3:GetBucketLocation', 's3:ListBucket', 's3:ListBucketMultipartUploads'],
        expect.stringMatching(/^\{"Fn::GetAtt":\["FDestinationBucket[0-9A-F]+","Arn"\]\}$/),
      ],
      [['s3:AbortMultipartUpload', 's3:GetObject', 's3:PutObject'], expect.stringContaining('"/ecs/*"')],
    ]);
    expect(JSON.stringify(s3[1]!.Resource)).toContain('"/flowecs-failed/*/*"');
  });

  test('the S3 pipeline reads under its input prefix; with none, it may read the objects of the input bucket only', () => {
    const all = statements(synth(stack => new FlowEcsS3Pipeline(stack, 'P')));
    const whole = wholeBucketObjectRights(all);
    expect(whole.map(right => right.action)).toEqual(['s3:GetObject']);
    expect(JSON.stringify(whole[0]!.resource)).toMatch(/PInputBucket/);
  });

  test.each([
    ['an empty outputPrefix', (stack: Stack) => new FlowEcsS3Pipeline(stack, 'P', { outputPrefix: '' })],
    ['an empty errorsPrefix', (stack: Stack) => new FlowEcsS3Pipeline(stack, 'P', { errorsPrefix: '' })],
    [
      'a Firehose prefix that starts with an expression',
      (stack: Stack) => new FlowEcsFirehoseTransform(stack, 'F', { prefix: '!{timestamp:yyyy}/' }),
    ],
  ])('%s would be a right over the whole bucket: refused at synth', (_name, build) => {
    expect(() => synth(build)).toThrow(/must start with a fixed part/);
  });
});
