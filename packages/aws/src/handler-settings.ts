import type { S3Client } from '@aws-sdk/client-s3';
import { parseFormat } from '@flowecs/stream';
import { writeLogLine, type InvocationLog } from './invocation-summary';

/** How records are converted: the same choices as the CLI's `--profile` and `--format`. */
export interface ConversionOptions {
  /**
   * `standard` (the default): the contract's fields; `extended`: every field
   * AWS sent, and where the data came from; `ocsf`: OCSF 1.1.0 Network
   * Activity, as Amazon Security Lake writes it.
   */
  readonly profile?: 'standard' | 'extended' | 'ocsf' | undefined;
  /** The flow log's format string (`${version} ${account-id} …`) for records without a header; default: detected. */
  readonly format?: string | undefined;
}

/** Where converted objects go. */
export interface OutputLocation {
  readonly bucket: string;
  /** Prepended to every output key (default none). */
  readonly prefix?: string | undefined;
}

/**
 * Checks the options when the handler is made, so that a deployment with a
 * bad setting fails at cold start, not on its first record.
 */
export function checkConversion(options: ConversionOptions): {
  profile: 'standard' | 'extended' | 'ocsf';
  format: string | undefined;
} {
  const profile = options.profile ?? 'standard';
  if (profile !== 'standard' && profile !== 'extended' && profile !== 'ocsf')
    throw new TypeError(`flowecs: profile must be "standard", "extended" or "ocsf", not ${JSON.stringify(profile)}.`);
  if (options.format !== undefined) {
    try {
      parseFormat(options.format);
    } catch (error) {
      throw new TypeError(
        `flowecs: the format ${JSON.stringify(options.format)} is not valid: ${(error as Error).message}`,
        { cause: error },
      );
    }
  }
  return { profile, format: options.format };
}

function checkOutput(output: OutputLocation | undefined): { bucket: string; prefix: string } {
  if (typeof output?.bucket !== 'string' || output.bucket === '')
    throw new TypeError('flowecs: output.bucket (the bucket converted objects are written to) is required.');
  return { bucket: output.bucket, prefix: output.prefix ?? '' };
}

/** The options of the handlers that write to S3 (objects, CloudWatch Logs subscriptions). */
export interface S3OutputOptions extends ConversionOptions {
  readonly s3Client: S3Client;
  readonly output: OutputLocation;
  /** Prefix of the invalid lines' objects, in the output bucket (default `flowecs-errors/`). */
  readonly errorsPrefix?: string | undefined;
  /** Where the one JSON summary line per invocation goes (default: standard output). */
  readonly log?: InvocationLog | undefined;
}

/** Checks them at cold start and fills in the defaults. */
export function checkS3Output(options: S3OutputOptions) {
  const { profile, format } = checkConversion(options);
  const output = checkOutput(options.output);
  if (options.s3Client === undefined) throw new TypeError('flowecs: s3Client is required.');
  return {
    s3: options.s3Client,
    profile,
    format,
    output,
    errorsPrefix: options.errorsPrefix ?? 'flowecs-errors/',
    log: options.log ?? writeLogLine,
  };
}
