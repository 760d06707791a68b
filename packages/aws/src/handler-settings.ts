import type { S3Client } from '@aws-sdk/client-s3';
import { FilterSyntaxError, parseFilter, parseFormat, type FlowLogEnrichment } from '@flowecs/stream';
import type { InterfacesSource } from './interfaces-source';
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
  /**
   * Only records that pass this expression become events (the CLI's
   * `--where`: `action == "REJECT" and not srcaddr in 10.0.0.0/8`); the rest
   * are counted as `filtered`. Invalid lines stay invalid.
   */
  readonly filter?: string | undefined;
  /**
   * GeoIP and ASN databases (`openIpDatabase`, or `loadIpDatabases` from
   * S3): with the `extended` and `ocsf` profiles only.
   */
  readonly enrich?: FlowLogEnrichment | undefined;
  /**
   * Interfaces to enrich with, read per invocation (`createInterfacesSource`:
   * an S3 object, re-read when its ETag changes): with the `extended` and
   * `ocsf` profiles only.
   */
  readonly interfaces?: InterfacesSource | undefined;
}

/** The conversion options, checked. */
export interface Conversion {
  readonly profile: 'standard' | 'extended' | 'ocsf';
  readonly format: string | undefined;
  readonly filter: string | undefined;
  readonly enrich: FlowLogEnrichment | undefined;
  readonly interfaces: InterfacesSource | undefined;
}

/** The enrichment for one invocation: the databases, and the interfaces as they are now. */
export async function enrichmentNow(conversion: Conversion): Promise<FlowLogEnrichment | undefined> {
  if (conversion.interfaces === undefined) return conversion.enrich;
  return { ...conversion.enrich, interfaces: await conversion.interfaces.current() };
}

/** Where converted objects go. */
export interface OutputLocation {
  readonly bucket: string;
  /** Prepended to every output key (default none). */
  readonly prefix?: string | undefined;
  /** A KMS key (ARN, id or alias): every object written is encrypted with it (SSE-KMS). Default: the bucket's own encryption. */
  readonly kmsKeyId?: string | undefined;
}

/** The encryption every object written asks for: SSE-KMS with the key set, or the bucket's default. */
export interface ObjectEncryption {
  readonly ServerSideEncryption?: 'aws:kms';
  readonly SSEKMSKeyId?: string;
}

/**
 * Checks the options when the handler is made, so that a deployment with a
 * bad setting fails at cold start, not on its first record.
 */
export function checkConversion(options: ConversionOptions): Conversion {
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
  if (options.filter !== undefined) {
    try {
      parseFilter(options.filter);
    } catch (error) {
      if (!(error instanceof FilterSyntaxError)) throw error;
      throw new TypeError(
        `flowecs: the filter ${JSON.stringify(options.filter.slice(0, 200))} is not valid: ${error.message} (at character ${error.at})`,
        { cause: error },
      );
    }
  }
  const { enrich: given, interfaces } = options;
  const enrich =
    given?.geoip === undefined && given?.asn === undefined && given?.interfaces === undefined ? undefined : given;
  if ((enrich !== undefined || interfaces !== undefined) && profile === 'standard')
    throw new TypeError(
      'flowecs: enrichment adds fields, and the standard profile is the contract: it never gains a field. Set the profile to "extended" or "ocsf".',
    );
  return { profile, format: options.format, filter: options.filter, enrich, interfaces };
}

function checkOutput(output: OutputLocation | undefined) {
  if (typeof output?.bucket !== 'string' || output.bucket === '')
    throw new TypeError('flowecs: output.bucket (the bucket converted objects are written to) is required.');
  const { kmsKeyId } = output;
  if (kmsKeyId !== undefined && (typeof kmsKeyId !== 'string' || kmsKeyId === ''))
    throw new TypeError('flowecs: output.kmsKeyId must be a KMS key ARN, id or alias.');
  const encryption: ObjectEncryption =
    kmsKeyId === undefined ? {} : { ServerSideEncryption: 'aws:kms', SSEKMSKeyId: kmsKeyId };
  return { bucket: output.bucket, prefix: output.prefix ?? '', encryption };
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
  const conversion = checkConversion(options);
  const output = checkOutput(options.output);
  if (options.s3Client === undefined) throw new TypeError('flowecs: s3Client is required.');
  return {
    s3: options.s3Client,
    ...conversion,
    output,
    errorsPrefix: options.errorsPrefix ?? 'flowecs-errors/',
    log: options.log ?? writeLogLine,
  };
}
