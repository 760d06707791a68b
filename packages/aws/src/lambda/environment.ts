import type { S3Client } from '@aws-sdk/client-s3';
import { IpDatabaseError } from '@flowecs/stream';
import type { ConversionOptions, OutputLocation } from '../handler-settings';
import { loadIpDatabases, type IpDatabaseLocations } from '../load-ip-databases';

/**
 * The entry points' settings, from documented environment variables:
 * - `FLOWECS_OUTPUT_BUCKET` (S3 and CloudWatch Logs handlers: required), `FLOWECS_OUTPUT_PREFIX`;
 * - `FLOWECS_ERRORS_PREFIX` (default `flowecs-errors/`);
 * - `FLOWECS_PROFILE` (`standard`, the default, `extended` or `ocsf`);
 * - `FLOWECS_FORMAT` (the flow log's format string, for records without a header);
 * - `FLOWECS_FILTER` (only records that pass this expression become events, as the CLI's `--where`);
 * - `FLOWECS_GEOIP_S3_URI`, `FLOWECS_ASN_S3_URI` (`s3://bucket/key` of a MaxMind DB City or Country and ASN
 *   database: read once per cold start, `extended` and `ocsf` profiles).
 * Read at cold start: a missing or bad value stops the function there, with the variable named.
 */
export function readEnvironment(environment: NodeJS.ProcessEnv): ConversionOptions & {
  output: OutputLocation | undefined;
  errorsPrefix: string | undefined;
  databases: IpDatabaseLocations;
} {
  const value = (name: string) => {
    const text = environment[name];
    return text === undefined || text === '' ? undefined : text;
  };
  const bucket = value('FLOWECS_OUTPUT_BUCKET');
  return {
    output: bucket === undefined ? undefined : { bucket, prefix: value('FLOWECS_OUTPUT_PREFIX') },
    errorsPrefix: value('FLOWECS_ERRORS_PREFIX'),
    profile: value('FLOWECS_PROFILE') as ConversionOptions['profile'],
    format: value('FLOWECS_FORMAT'),
    filter: value('FLOWECS_FILTER'),
    databases: { geoip: value('FLOWECS_GEOIP_S3_URI'), asn: value('FLOWECS_ASN_S3_URI') },
  };
}

/** Makes the handler, or stops the cold start with what is wrong and where it is set. */
export function atColdStart<T>(make: () => T): T {
  try {
    return make();
  } catch (error) {
    const message = (error as Error).message
      .replace('output.bucket', 'FLOWECS_OUTPUT_BUCKET')
      .replace('profile must', 'FLOWECS_PROFILE must')
      .replace('the format', 'FLOWECS_FORMAT: the format')
      .replace('the filter', 'FLOWECS_FILTER: the filter')
      .replace('Set the profile', 'Set FLOWECS_PROFILE');
    throw new Error(`${message} (set in the function's environment variables)`, { cause: error });
  }
}

/** The databases of `FLOWECS_GEOIP_S3_URI` and `FLOWECS_ASN_S3_URI`, read at cold start, or the cold start fails naming the variable. */
export async function loadDatabasesAtColdStart(s3: S3Client, locations: IpDatabaseLocations) {
  try {
    return await loadIpDatabases(s3, locations);
  } catch (error) {
    if (!(error instanceof IpDatabaseError)) throw error;
    const variable = error.source === locations.geoip ? 'FLOWECS_GEOIP_S3_URI' : 'FLOWECS_ASN_S3_URI';
    throw new Error(`flowecs: ${variable}: ${error.message} (set in the function's environment variables)`, {
      cause: error,
    });
  }
}
