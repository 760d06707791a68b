import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { RemovalPolicy, type Duration } from 'aws-cdk-lib';
import { Architecture, Code, Function as LambdaFunction, Runtime } from 'aws-cdk-lib/aws-lambda';
import { BlockPublicAccess, Bucket, BucketEncryption } from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';

/**
 * The Lambda code: `@flowecs/aws`'s bundled entry points (`dist/lambda`:
 * s3.mjs, firehose.mjs, cloudwatch.mjs and the Parquet decoder's worker),
 * each one file with its dependencies, the AWS SDK included.
 */
export function flowEcsLambdaCode(): Code {
  const manifest = createRequire(import.meta.url).resolve('@flowecs/aws/package.json');
  return Code.fromAsset(join(dirname(manifest), 'dist/lambda'));
}

/** A flowecs function: Node.js 22 on arm64, an entry point of `dist/lambda`, the conversion settings as `FLOWECS_*` variables. */
export function flowEcsFunction(
  scope: Construct,
  id: string,
  props: {
    readonly handler: 's3.handler' | 'firehose.handler' | 'cloudwatch.handler';
    readonly memorySize: number;
    readonly timeout: Duration;
    readonly profile: 'standard' | 'extended' | 'ocsf' | undefined;
    readonly format: string | undefined;
    readonly filter: string | undefined;
    readonly environment?: Record<string, string>;
    readonly description: string;
  },
): LambdaFunction {
  return new LambdaFunction(scope, id, {
    runtime: Runtime.NODEJS_22_X,
    architecture: Architecture.ARM_64,
    code: flowEcsLambdaCode(),
    handler: props.handler,
    memorySize: props.memorySize,
    timeout: props.timeout,
    environment: {
      ...props.environment,
      FLOWECS_PROFILE: props.profile ?? 'standard',
      ...(props.format === undefined ? {} : { FLOWECS_FORMAT: props.format }),
      ...(props.filter === undefined ? {} : { FLOWECS_FILTER: props.filter }),
    },
    description: props.description,
  });
}

/** A bucket the constructs make when given none: S3-managed encryption, no public access, TLS only, kept on stack deletion. */
export function secureBucket(scope: Construct, id: string): Bucket {
  return new Bucket(scope, id, {
    encryption: BucketEncryption.S3_MANAGED,
    blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
    enforceSSL: true,
    removalPolicy: RemovalPolicy.RETAIN,
  });
}
