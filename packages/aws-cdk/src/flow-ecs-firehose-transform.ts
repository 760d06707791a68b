import { Duration, Stack } from 'aws-cdk-lib';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { CfnDeliveryStream } from 'aws-cdk-lib/aws-kinesisfirehose';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { flowEcsFunction, secureBucket, type EnrichmentDatabases } from './flow-ecs-function';
import { grantObjectEncrypt } from './key-grants';
import { keysUnder } from './object-prefix';

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
  /**
   * The stream writes its objects encrypted with this KMS key, SSE-KMS
   * (default: the destination bucket's `encryptionKey`, if any): its role may
   * `kms:GenerateDataKey` and `kms:Decrypt` with it, through S3, for objects
   * under its two prefixes only.
   */
  readonly destinationKey?: IKey | undefined;
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
 * function and write under its two prefixes (and use the destination's KMS
 * key for them); the function needs no permission of its own.
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
    const prefix = props.prefix ?? 'ecs/';
    const errorOutputPrefix = props.errorOutputPrefix ?? 'flowecs-failed/!{firehose:error-output-type}/';
    // Checked first: where the stream may write.
    const writable = [keysUnder(prefix, 'prefix'), keysUnder(errorOutputPrefix, 'errorOutputPrefix')];
    this.destinationBucket = props.destinationBucket ?? secureBucket(this, 'DestinationBucket');
    const destinationKey = props.destinationKey ?? this.destinationBucket.encryptionKey;
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
    // What Firehose's S3 destination documents it needs: the bucket-level
    // rights on the bucket, the object rights under its two prefixes only.
    const objects = writable.map(keys => this.destinationBucket.arnForObjects(keys));
    role.addToPolicy(
      new PolicyStatement({
        actions: ['s3:GetBucketLocation', 's3:ListBucket', 's3:ListBucketMultipartUploads'],
        resources: [this.destinationBucket.bucketArn],
      }),
    );
    role.addToPolicy(
      new PolicyStatement({
        actions: ['s3:AbortMultipartUpload', 's3:GetObject', 's3:PutObject'],
        resources: objects,
      }),
    );
    grantObjectEncrypt(destinationKey, role, {
      StringEquals: { 'kms:ViaService': `s3.${Stack.of(this).region}.amazonaws.com` },
      // The object's ARN, or the bucket's when the bucket uses S3 Bucket Keys.
      StringLike: { 'kms:EncryptionContext:aws:s3:arn': [this.destinationBucket.bucketArn, ...objects] },
    });
    this.deliveryStream = new CfnDeliveryStream(this, 'DeliveryStream', {
      deliveryStreamType: 'DirectPut',
      extendedS3DestinationConfiguration: {
        bucketArn: this.destinationBucket.bucketArn,
        roleArn: role.roleArn,
        prefix,
        errorOutputPrefix,
        ...(destinationKey === undefined
          ? {}
          : { encryptionConfiguration: { kmsEncryptionConfig: { awskmsKeyArn: destinationKey.keyArn } } }),
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
