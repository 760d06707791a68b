import type { S3Client } from '@aws-sdk/client-s3';
import { IpDatabaseError, NetworkInterfacesError } from '@flowecs/stream';
import { createInterfacesSource, type InterfacesSource } from '../interfaces-source';
import { writeLogLine } from '../invocation-summary';
import type { ConversionOptions, OutputLocation } from '../handler-settings';
import { loadIpDatabases, type IpDatabaseLocations } from '../load-ip-databases';

/**
 * The entry points' settings, from documented environment variables:
 * - `FLOWECS_OUTPUT_BUCKET` (S3 and CloudWatch Logs handlers: required), `FLOWECS_OUTPUT_PREFIX`;
 * - `FLOWECS_OUTPUT_KMS_KEY_ID` (a KMS key: every object written is encrypted with it, SSE-KMS);
 * - `FLOWECS_ERRORS_PREFIX` (default `flowecs-errors/`);
 * - `FLOWECS_PROFILE` (`standard`, the default, `extended` or `ocsf`);
 * - `FLOWECS_FORMAT` (the flow log's format string, for records without a header);
 * - `FLOWECS_FILTER` (only records that pass this expression become events, as the CLI's `--where`);
 * - `FLOWECS_GEOIP_S3_URI`, `FLOWECS_ASN_S3_URI` (`s3://bucket/key` of a MaxMind DB City or Country and ASN
 *   database: read once per cold start, `extended` and `ocsf` profiles);
 * - `FLOWECS_INTERFACES_S3_URI` (`s3://bucket/key` of the JSON `aws ec2 describe-network-interfaces` prints:
 *   read at cold start, read again when its ETag changes, checked at most every
 *   `FLOWECS_INTERFACES_REFRESH_SECONDS`, default 300).
 * Read at cold start: a missing or bad value stops the function there, with the variable named.
 */
export function readEnvironment(environment: NodeJS.ProcessEnv): ConversionOptions & {
  output: OutputLocation | undefined;
  errorsPrefix: string | undefined;
  databases: IpDatabaseLocations;
  interfacesUri: string | undefined;
  interfacesRefreshSeconds: number | undefined;
} {
  const value = (name: string) => {
    const text = environment[name];
    return text === undefined || text === '' ? undefined : text;
  };
  const bucket = value('FLOWECS_OUTPUT_BUCKET');
  return {
    output:
      bucket === undefined
        ? undefined
        : { bucket, prefix: value('FLOWECS_OUTPUT_PREFIX'), kmsKeyId: value('FLOWECS_OUTPUT_KMS_KEY_ID') },
    errorsPrefix: value('FLOWECS_ERRORS_PREFIX'),
    profile: value('FLOWECS_PROFILE') as ConversionOptions['profile'],
    format: value('FLOWECS_FORMAT'),
    filter: value('FLOWECS_FILTER'),
    databases: { geoip: value('FLOWECS_GEOIP_S3_URI'), asn: value('FLOWECS_ASN_S3_URI') },
    interfacesUri: value('FLOWECS_INTERFACES_S3_URI'),
    interfacesRefreshSeconds: seconds(value('FLOWECS_INTERFACES_REFRESH_SECONDS')),
  };
}

/** A whole number of seconds, or the cold start fails naming the variable. */
function seconds(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < 0 || !/^\d+$/.test(text))
    throw new Error(
      `flowecs: FLOWECS_INTERFACES_REFRESH_SECONDS must be a whole number of seconds, not ${JSON.stringify(text.slice(0, 40))} (set in the function's environment variables)`,
    );
  return value;
}

/**
 * The interfaces of `FLOWECS_INTERFACES_S3_URI`, read once at cold start
 * (a missing or malformed object fails it, naming the variable), then per
 * invocation when the object changed. Undefined when the variable is not set.
 */
export async function loadInterfacesAtColdStart(
  s3: S3Client,
  uri: string | undefined,
  refreshSeconds: number | undefined,
): Promise<InterfacesSource | undefined> {
  if (uri === undefined) return undefined;
  try {
    const source = createInterfacesSource(s3, uri, {
      refreshSeconds,
      onRefreshError: error =>
        writeLogLine(JSON.stringify({ flowecs: 'warning', code: error.code, error: error.message.slice(0, 300) })),
    });
    await source.current();
    return source;
  } catch (error) {
    if (!(error instanceof NetworkInterfacesError)) throw error;
    throw new Error(
      `flowecs: FLOWECS_INTERFACES_S3_URI: ${error.message} (set in the function's environment variables)`,
      { cause: error },
    );
  }
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
