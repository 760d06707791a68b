import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { NetworkInterfacesError, readNetworkInterfaces, type NetworkInterfaces } from '@flowecs/stream';
import { parseS3Uri } from './load-ip-databases';

/** Where a handler's interfaces come from, per invocation (`createInterfacesSource`). */
export interface InterfacesSource {
  /** The interfaces to enrich this invocation's records with. */
  current(): Promise<NetworkInterfaces>;
}

export interface InterfacesSourceOptions {
  /** Seconds between checks of the object's ETag (default 300): invocations in between use what was read. */
  readonly refreshSeconds?: number | undefined;
  /** Told when a refresh fails: the last interfaces read stay in use. */
  readonly onRefreshError?: ((error: NetworkInterfacesError) => void) | undefined;
  /** The clock, in milliseconds (tests). */
  readonly now?: (() => number) | undefined;
}

/**
 * The describe-network-interfaces JSON at `uri` (`s3://bucket/key`), read on
 * the first `current()` and read again when its ETag changes, checked at
 * most every `refreshSeconds` (a conditional GET: an unchanged object is not
 * downloaded). The first read failing rejects with NetworkInterfacesError
 * naming the URI; a later one keeps the last interfaces read and tells
 * `onRefreshError`.
 */
export function createInterfacesSource(
  s3: S3Client,
  uri: string,
  options: InterfacesSourceOptions = {},
): InterfacesSource {
  const location = parseS3Uri(uri);
  if (location === undefined)
    throw new NetworkInterfacesError(uri, 'not an s3://bucket/key URI.', 'network-interfaces-unreadable');
  const refresh = (options.refreshSeconds ?? 300) * 1000;
  if (!Number.isFinite(refresh) || refresh < 0)
    throw new TypeError(`flowecs: refreshSeconds must be a number of seconds, not ${String(options.refreshSeconds)}.`);
  const now = options.now ?? Date.now;
  let read: { interfaces: NetworkInterfaces; etag: string | undefined; checked: number } | undefined;
  let pending: Promise<NetworkInterfaces> | undefined;
  const load = async (): Promise<NetworkInterfaces> => {
    let text: string;
    let etag: string | undefined;
    try {
      const object = await s3.send(
        new GetObjectCommand({ Bucket: location.bucket, Key: location.key, IfNoneMatch: read?.etag }),
      );
      text = await object.Body!.transformToString('utf8');
      etag = object.ETag;
    } catch (error) {
      if (read !== undefined && isNotModified(error)) {
        read.checked = now();
        return read.interfaces;
      }
      const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      throw new NetworkInterfacesError(uri, `cannot be read: ${reason}`, 'network-interfaces-unreadable', error);
    }
    read = { interfaces: readNetworkInterfaces(text, uri), etag, checked: now() };
    return read.interfaces;
  };
  return {
    async current() {
      if (read !== undefined && now() - read.checked < refresh) return read.interfaces;
      // Concurrent callers share one read.
      pending ??= load().finally(() => (pending = undefined));
      try {
        return await pending;
      } catch (error) {
        if (read === undefined || !(error instanceof NetworkInterfacesError)) throw error;
        read.checked = now();
        options.onRefreshError?.(error);
        return read.interfaces;
      }
    },
  };
}

/** S3's answer to a conditional GET of an unchanged object: 304 Not Modified. */
function isNotModified(error: unknown): boolean {
  const status = (error as { $metadata?: { httpStatusCode?: number } } | undefined)?.$metadata?.httpStatusCode;
  return status === 304 || (error as Error | undefined)?.name === 'NotModified';
}
