import { Duration } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { EventType, type IBucket } from 'aws-cdk-lib/aws-s3';
import { SqsDestination } from 'aws-cdk-lib/aws-s3-notifications';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { flowEcsFunction, secureBucket, type EnrichmentDatabases } from './flow-ecs-function';

export interface FlowEcsS3PipelineProps {
  /** The bucket the flow logs land in (default: a new bucket). */
  readonly inputBucket?: IBucket | undefined;
  /** Only objects under this prefix are converted (default: all), e.g. `AWSLogs/`. */
  readonly inputPrefix?: string | undefined;
  /** Where the events go (default: a new bucket). */
  readonly outputBucket?: IBucket | undefined;
  /** Prepended to output keys (default `ecs/`): `<prefix><source bucket>/<source key>.ndjson.gz`. */
  readonly outputPrefix?: string | undefined;
  /** Where invalid lines go in the output bucket (default `flowecs-errors/`). */
  readonly errorsPrefix?: string | undefined;
  /** `standard` (default), `extended` or `ocsf` (`FLOWECS_PROFILE`). */
  readonly profile?: 'standard' | 'extended' | 'ocsf' | undefined;
  /** The flow log's format, for files without a header (`FLOWECS_FORMAT`; default: detected). */
  readonly format?: string | undefined;
  /**
   * Only records that pass this expression become events (`FLOWECS_FILTER`,
   * the CLI's `--where`): `'action == "REJECT" and not srcaddr in 10.0.0.0/8'`.
   * Checked at the function's cold start, which fails naming the variable.
   */
  readonly filter?: string | undefined;
  /** GeoIP and ASN databases and network interfaces in S3 (`extended` and `ocsf` profiles); the function may read these objects only. */
  readonly databases?: EnrichmentDatabases | undefined;
  /** Default 1024 MB: about 0.6 vCPU. Objects convert in bounded memory; more memory buys CPU. */
  readonly memorySize?: number | undefined;
  /** Default 5 minutes; the queue's visibility timeout is 6× this. */
  readonly timeout?: Duration | undefined;
  /** Messages per invocation (default 5); objects convert one after the other. */
  readonly batchSize?: number | undefined;
  /** The most concurrent invocations the queue drives (default: no limit but the account's). */
  readonly maxConcurrency?: number | undefined;
}

/**
 * S3 → SQS → Lambda: new objects in the input bucket (optionally under a
 * prefix) are announced on a queue, and a Lambda function (Node.js 22,
 * arm64, `@flowecs/aws`'s `s3.mjs`) converts each to gzip NDJSON in the
 * output bucket. Partial batch responses: only messages whose object could
 * not be read or written come back; after 5 receives they move to the
 * dead-letter queue. The visibility timeout is 6× the function timeout, so
 * a message is not redelivered while its object is still converting.
 * Permissions are the least the function needs: `s3:GetObject` under the
 * input prefix, `s3:PutObject` (and aborting its own multipart uploads)
 * under the output and errors prefixes, and the queue's receive and delete.
 */
export class FlowEcsS3Pipeline extends Construct {
  readonly inputBucket: IBucket;
  readonly outputBucket: IBucket;
  readonly queue: Queue;
  readonly deadLetterQueue: Queue;
  readonly function: LambdaFunction;

  constructor(scope: Construct, id: string, props: FlowEcsS3PipelineProps = {}) {
    super(scope, id);
    const timeout = props.timeout ?? Duration.minutes(5);
    const inputPrefix = props.inputPrefix ?? '';
    const outputPrefix = props.outputPrefix ?? 'ecs/';
    const errorsPrefix = props.errorsPrefix ?? 'flowecs-errors/';
    this.inputBucket = props.inputBucket ?? secureBucket(this, 'InputBucket');
    this.outputBucket = props.outputBucket ?? secureBucket(this, 'OutputBucket');

    this.deadLetterQueue = new Queue(this, 'DeadLetterQueue', {
      retentionPeriod: Duration.days(14),
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
    });
    this.queue = new Queue(this, 'Queue', {
      visibilityTimeout: Duration.seconds(timeout.toSeconds() * 6),
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: 5 },
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
    });
    this.inputBucket.addEventNotification(
      EventType.OBJECT_CREATED,
      new SqsDestination(this.queue),
      ...(inputPrefix === '' ? [] : [{ prefix: inputPrefix }]),
    );

    this.function = flowEcsFunction(this, 'Function', {
      handler: 's3.handler',
      memorySize: props.memorySize ?? 1024,
      timeout,
      profile: props.profile,
      format: props.format,
      filter: props.filter,
      databases: props.databases,
      environment: {
        FLOWECS_OUTPUT_BUCKET: this.outputBucket.bucketName,
        FLOWECS_OUTPUT_PREFIX: outputPrefix,
        FLOWECS_ERRORS_PREFIX: errorsPrefix,
      },
      description: 'flowecs: AWS flow logs in S3 to ECS NDJSON',
    });
    this.function.addToRolePolicy(
      new PolicyStatement({
        actions: ['s3:GetObject'],
        resources: [this.inputBucket.arnForObjects(`${inputPrefix}*`)],
      }),
    );
    this.function.addToRolePolicy(
      new PolicyStatement({
        actions: ['s3:PutObject', 's3:AbortMultipartUpload'],
        resources: [
          this.outputBucket.arnForObjects(`${outputPrefix}*`),
          this.outputBucket.arnForObjects(`${errorsPrefix}*`),
        ],
      }),
    );
    // Receive, delete and change visibility on the queue: granted by the event source.
    this.function.addEventSource(
      new SqsEventSource(this.queue, {
        batchSize: props.batchSize ?? 5,
        reportBatchItemFailures: true,
        ...(props.maxConcurrency === undefined ? {} : { maxConcurrency: props.maxConcurrency }),
      }),
    );
  }
}
