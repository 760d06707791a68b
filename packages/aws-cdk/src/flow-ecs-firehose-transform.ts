import { Duration } from 'aws-cdk-lib';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { CfnDeliveryStream } from 'aws-cdk-lib/aws-kinesisfirehose';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { flowEcsFunction, secureBucket, type EnrichmentDatabases } from './flow-ecs-function';

export interface FlowEcsFirehoseTransformProps {
  /** Where the stream writes (default: a new bucket). */
  readonly destinationBucket?: IBucket | undefined;
  /** Prefix of the converted objects (default `ecs/`). */
  readonly prefix?: string | undefined;
  /** Prefix of records that failed conversion, kept whole by Firehose (default `flowecs-failed/!{firehose:error-output-type}/`). */
  readonly errorOutputPrefix?: string | undefined;
  /** `standard` (default), `extended` or `ocsf`. */
  readonly profile?: 'standard' | 'extended' | 'ocsf' | undefined;
  /** The flow log's format, for records it cannot be detected from. */
  readonly format?: string | undefined;
  /**
   * Only records that pass this expression become events (`FLOWECS_FILTER`,
   * the CLI's `--where`): `'action == "REJECT" and not srcaddr in 10.0.0.0/8'`.
   * Checked at the function's cold start, which fails naming the variable.
   */
  readonly filter?: string | undefined;
  /** GeoIP and ASN databases and network interfaces in S3 (`extended` and `ocsf` profiles); the function may read these objects only. */
  readonly databases?: EnrichmentDatabases | undefined;
  /**
   * Data Firehose buffers for one invocation, in MB (0.2–3; default 0.2).
   * Conversion expands records (a CloudWatch Logs envelope about 12× or more,
   * a direct-put record about 5.6×) and a response may hold 6 MB: 0.2 MB keeps
   * CloudWatch Logs sources inside it, 0.5 MB suits direct put. Records that
   * would not fit are returned `ProcessingFailed` and land under the error prefix.
   */
  readonly processingBufferMb?: number | undefined;
  /** Default 512 MB. */
  readonly memorySize?: number | undefined;
  /** Default 1 minute. */
  readonly timeout?: Duration | undefined;
}

/**
 * A Data Firehose stream (direct put: VPC flow logs delivered to Firehose,
 * or a CloudWatch Logs subscription) whose records a Lambda function
 * (`@flowecs/aws`'s `firehose.mjs`, Node.js 22, arm64) converts to ECS NDJSON
 * before they are written, gzip, to S3. The stream's role may invoke the
 * function and write the bucket; the function needs no permission of its own.
 */
export class FlowEcsFirehoseTransform extends Construct {
  readonly function: LambdaFunction;
  readonly destinationBucket: IBucket;
  readonly deliveryStream: CfnDeliveryStream;

  constructor(scope: Construct, id: string, props: FlowEcsFirehoseTransformProps = {}) {
    super(scope, id);
    const buffer = props.processingBufferMb ?? 0.2;
    if (!(buffer >= 0.2 && buffer <= 3))
      throw new RangeError(`processingBufferMb must be between 0.2 and 3 (MB), not ${buffer}.`);
    this.destinationBucket = props.destinationBucket ?? secureBucket(this, 'DestinationBucket');
    this.function = flowEcsFunction(this, 'Function', {
      handler: 'firehose.handler',
      memorySize: props.memorySize ?? 512,
      timeout: props.timeout ?? Duration.minutes(1),
      profile: props.profile,
      format: props.format,
      filter: props.filter,
      databases: props.databases,
      description: 'flowecs: Data Firehose transformation of AWS flow logs to ECS NDJSON',
    });
    const role = new Role(this, 'DeliveryRole', { assumedBy: new ServicePrincipal('firehose.amazonaws.com') });
    role.addToPolicy(
      new PolicyStatement({
        actions: ['lambda:InvokeFunction', 'lambda:GetFunctionConfiguration'],
        resources: [this.function.functionArn, `${this.function.functionArn}:*`],
      }),
    );
    // What Firehose's S3 destination documents it needs, on this bucket only.
    role.addToPolicy(
      new PolicyStatement({
        actions: [
          's3:AbortMultipartUpload',
          's3:GetBucketLocation',
          's3:GetObject',
          's3:ListBucket',
          's3:ListBucketMultipartUploads',
          's3:PutObject',
        ],
        resources: [this.destinationBucket.bucketArn, this.destinationBucket.arnForObjects('*')],
      }),
    );
    this.deliveryStream = new CfnDeliveryStream(this, 'DeliveryStream', {
      deliveryStreamType: 'DirectPut',
      extendedS3DestinationConfiguration: {
        bucketArn: this.destinationBucket.bucketArn,
        roleArn: role.roleArn,
        prefix: props.prefix ?? 'ecs/',
        errorOutputPrefix: props.errorOutputPrefix ?? 'flowecs-failed/!{firehose:error-output-type}/',
        compressionFormat: 'GZIP',
        bufferingHints: { intervalInSeconds: 60, sizeInMBs: 64 },
        processingConfiguration: {
          enabled: true,
          processors: [
            {
              type: 'Lambda',
              parameters: [
                { parameterName: 'LambdaArn', parameterValue: this.function.functionArn },
                { parameterName: 'BufferSizeInMBs', parameterValue: String(buffer) },
                { parameterName: 'BufferIntervalInSeconds', parameterValue: '60' },
                { parameterName: 'NumberOfRetries', parameterValue: '3' },
              ],
            },
          ],
        },
      },
    });
    this.deliveryStream.node.addDependency(role);
  }
}
