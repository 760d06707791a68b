import { Duration } from 'aws-cdk-lib';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { BucketNotificationDestinationType, EventType, type IBucket } from 'aws-cdk-lib/aws-s3';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { flowEcsFunction, secureBucket, type EnrichmentDatabases } from './flow-ecs-function';
import { allowNotificationsWith, grantObjectDecrypt, grantObjectEncrypt } from './key-grants';
import { keysUnder } from './object-prefix';

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
  /**
   * The KMS key the input objects are encrypted with (default: the input
   * bucket's `encryptionKey`, if any): the function may `kms:Decrypt` with it.
   */
  readonly inputKey?: IKey | undefined;
  /**
   * Every object written is encrypted with this KMS key, SSE-KMS (default:
   * the output bucket's `encryptionKey`, if any; else the bucket's default
   * encryption): the function may `kms:GenerateDataKey` and `kms:Decrypt`
   * (which completing a multipart upload needs) with it.
   */
  readonly outputKey?: IKey | undefined;
  /**
   * The queue and its dead-letter queue are encrypted with this KMS key
   * (default: SQS-managed keys). The function may `kms:Decrypt` with it; the
   * key's policy lets S3 `kms:GenerateDataKey` and `kms:Decrypt` for the
   * input bucket's notifications (an imported key's policy is not changed:
   * add that statement where the key is defined).
   */
  readonly queueKey?: IKey | undefined;
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
 * under the output and errors prefixes, the queue's receive and delete, and
 * on the KMS keys given, exactly the actions their use needs.
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
    // Checked first: where the function may write.
    const writable = [keysUnder(outputPrefix, 'outputPrefix'), keysUnder(errorsPrefix, 'errorsPrefix')];
    this.inputBucket = props.inputBucket ?? secureBucket(this, 'InputBucket');
    this.outputBucket = props.outputBucket ?? secureBucket(this, 'OutputBucket');

    const inputKey = props.inputKey ?? this.inputBucket.encryptionKey;
    const outputKey = props.outputKey ?? this.outputBucket.encryptionKey;
    const { queueKey } = props;
    const encryption =
      queueKey === undefined
        ? { encryption: QueueEncryption.SQS_MANAGED }
        : { encryption: QueueEncryption.KMS, encryptionMasterKey: queueKey };

    this.deadLetterQueue = new Queue(this, 'DeadLetterQueue', {
      retentionPeriod: Duration.days(14),
      ...encryption,
      enforceSSL: true,
    });
    this.queue = new Queue(this, 'Queue', {
      visibilityTimeout: Duration.seconds(timeout.toSeconds() * 6),
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: 5 },
      ...encryption,
      enforceSSL: true,
    });
    this.notifyQueue(queueKey, inputPrefix);

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
        ...(outputKey === undefined ? {} : { FLOWECS_OUTPUT_KMS_KEY_ID: outputKey.keyArn }),
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
        resources: writable.map(keys => this.outputBucket.arnForObjects(keys)),
      }),
    );
    grantObjectDecrypt(inputKey, this.function);
    grantObjectEncrypt(outputKey, this.function);
    // Receive, delete and change visibility on the queue (and kms:Decrypt with its key): granted by the event source.
    this.function.addEventSource(
      new SqsEventSource(this.queue, {
        batchSize: props.batchSize ?? 5,
        reportBatchItemFailures: true,
        ...(props.maxConcurrency === undefined ? {} : { maxConcurrency: props.maxConcurrency }),
      }),
    );
  }

  /**
   * Notifications of new objects (under the prefix) go to the queue. S3 may
   * send to it, and use its key, for this bucket only: `sqs:SendMessage`,
   * and `kms:GenerateDataKey` and `kms:Decrypt`, nothing more.
   */
  private notifyQueue(queueKey: IKey | undefined, inputPrefix: string): void {
    const { queue, inputBucket } = this;
    this.inputBucket.addEventNotification(
      EventType.OBJECT_CREATED,
      {
        bind: () => {
          queue.addToResourcePolicy(
            new PolicyStatement({
              principals: [new ServicePrincipal('s3.amazonaws.com')],
              actions: ['sqs:SendMessage'],
              resources: [queue.queueArn],
              conditions: { ArnLike: { 'aws:SourceArn': inputBucket.bucketArn } },
            }),
          );
          allowNotificationsWith(queueKey, inputBucket.bucketArn);
          return { arn: queue.queueArn, type: BucketNotificationDestinationType.QUEUE, dependencies: [queue] };
        },
      },
      ...(inputPrefix === '' ? [] : [{ prefix: inputPrefix }]),
    );
  }
}
