import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { RemovalPolicy, type Duration } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Architecture, Code, Function as LambdaFunction, Runtime } from 'aws-cdk-lib/aws-lambda';
import { BlockPublicAccess, Bucket, BucketEncryption, type IBucket } from 'aws-cdk-lib/aws-s3';
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
    readonly databases?: EnrichmentDatabases | undefined;
    readonly environment?: Record<string, string>;
    readonly description: string;
  },
): LambdaFunction {
  const { geoip, asn, interfaces } = props.databases ?? {};
  const uri = (location: DatabaseObject) => `s3://${location.bucket.bucketName}/${location.key}`;
  const fn = new LambdaFunction(scope, id, {
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
      ...(geoip === undefined ? {} : { FLOWECS_GEOIP_S3_URI: uri(geoip) }),
      ...(asn === undefined ? {} : { FLOWECS_ASN_S3_URI: uri(asn) }),
      ...(interfaces === undefined ? {} : { FLOWECS_INTERFACES_S3_URI: uri(interfaces) }),
    },
    description: props.description,
  });
  // Read access to exactly the database and interfaces objects, nothing else of their buckets.
  for (const location of [geoip, asn, interfaces])
    if (location !== undefined)
      fn.addToRolePolicy(
        new PolicyStatement({ actions: ['s3:GetObject'], resources: [location.bucket.arnForObjects(location.key)] }),
      );
  return fn;
}

/** An S3 object the function reads: a MaxMind DB file, or describe-network-interfaces JSON. */
export interface DatabaseObject {
  readonly bucket: IBucket;
  readonly key: string;
}

/**
 * GeoIP and ASN databases (`FLOWECS_GEOIP_S3_URI`, `FLOWECS_ASN_S3_URI`) and
 * network interfaces (`FLOWECS_INTERFACES_S3_URI`) for the extended and OCSF
 * profiles: the function may read these objects only.
 */
export interface EnrichmentDatabases {
  /** A City or Country database (GeoLite2-City.mmdb, …). */
  readonly geoip?: DatabaseObject | undefined;
  /** An ASN database (GeoLite2-ASN.mmdb, …). */
  readonly asn?: DatabaseObject | undefined;
  /**
   * The JSON `aws ec2 describe-network-interfaces` prints: read at cold start,
   * then again when its ETag changes (checked at most every 5 minutes).
   */
  readonly interfaces?: DatabaseObject | undefined;
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
