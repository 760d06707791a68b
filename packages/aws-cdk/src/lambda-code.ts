import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import { Code } from 'aws-cdk-lib/aws-lambda';

/**
 * The Lambda code: `@flowecs/aws`'s bundled entry points (`dist/lambda`:
 * s3.mjs, firehose.mjs, cloudwatch.mjs and the Parquet decoder's worker),
 * each one file with its dependencies, the AWS SDK included.
 */
export function flowEcsLambdaCode(): Code {
  const manifest = createRequire(import.meta.url).resolve('@flowecs/aws/package.json');
  return Code.fromAsset(join(dirname(manifest), 'dist/lambda'));
}
