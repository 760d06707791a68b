import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { IpDatabaseError, openIpDatabase, type FlowLogEnrichment, type IpDatabaseRole } from '@flowecs/stream';

/** Where the enrichment databases are: `s3://bucket/key` URIs (`FLOWECS_GEOIP_S3_URI`, `FLOWECS_ASN_S3_URI`). */
export interface IpDatabaseLocations {
  readonly geoip?: string | undefined;
  readonly asn?: string | undefined;
}

/** `s3://bucket/key` as its bucket and key; undefined for anything else. */
export function parseS3Uri(uri: string): { bucket: string; key: string } | undefined {
  if (!uri.startsWith('s3://')) return undefined;
  const slash = uri.indexOf('/', 5);
  if (slash <= 5 || slash === uri.length - 1) return undefined;
  return { bucket: uri.slice(5, slash), key: uri.slice(slash + 1) };
}

/**
 * Reads the databases from S3 and opens them (`openIpDatabase`: the right
 * type, not damaged), once, at cold start. Rejects with `IpDatabaseError`
 * naming the URI: the function then fails at start, not on its first record.
 */
export async function loadIpDatabases(
  s3: S3Client,
  locations: IpDatabaseLocations,
): Promise<FlowLogEnrichment | undefined> {
  if (locations.geoip === undefined && locations.asn === undefined) return undefined;
  const load = async (uri: string | undefined, role: IpDatabaseRole) => {
    if (uri === undefined) return undefined;
    const location = parseS3Uri(uri);
    if (location === undefined)
      throw new IpDatabaseError('ip-database-unreadable', `${uri} is not an s3://bucket/key URI.`, uri);
    let bytes: Uint8Array;
    try {
      const object = await s3.send(new GetObjectCommand({ Bucket: location.bucket, Key: location.key }));
      bytes = await object.Body!.transformToByteArray();
    } catch (error) {
      throw new IpDatabaseError(
        'ip-database-unreadable',
        `${uri} cannot be read: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`,
        uri,
        error,
      );
    }
    return openIpDatabase(bytes, role, uri);
  };
  const [geoip, asn] = await Promise.all([load(locations.geoip, 'geoip'), load(locations.asn, 'asn')]);
  return { geoip, asn };
}
