import { readFileSync, statSync } from 'node:fs';
import type { IpDatabase } from '@flowecs/parser';
import { Reader } from 'mmdb-lib';

/** What an enrichment database is for: `geoip` takes a City or Country database, `asn` an ASN one. */
export type IpDatabaseRole = 'geoip' | 'asn';

/** The codes of `IpDatabaseError`, each with what it means. */
export const ipDatabaseErrorCodes = {
  'ip-database-unreadable':
    'The database file cannot be opened or read: missing, not a regular file (a directory, a FIFO, a device), or no permission.',
  'ip-database-invalid': 'The file is not a MaxMind DB, or its metadata or search tree is damaged.',
  'ip-database-wrong-type': 'The database is of another type than its option takes (an ASN database given as GeoIP).',
} as const;

export type IpDatabaseErrorCode = keyof typeof ipDatabaseErrorCodes;

/** A database that cannot be used for enrichment: found when it is opened, before any record. */
export class IpDatabaseError extends Error {
  override readonly name = 'IpDatabaseError';
  constructor(
    readonly code: IpDatabaseErrorCode,
    message: string,
    /** The file or name the database was given as. */
    readonly source: string,
    cause?: unknown,
  ) {
    super(message, { cause });
  }
}

// The database types each role takes, by MaxMind's `database_type` (DB-IP's lite editions use the same words).
const has = (type: string, words: readonly string[]) => words.some(word => type.includes(word));
const accepted: Record<IpDatabaseRole, (type: string) => boolean> = {
  geoip: type => has(type, ['City', 'Country', 'city', 'country']) && !has(type, ['ASN', 'asn', 'ISP']),
  asn: type => has(type, ['ASN', 'asn', 'ISP']),
};
const described: Record<IpDatabaseRole, string> = {
  geoip: 'a City or Country database (GeoLite2-City, GeoIP2-Country, dbip-city-lite, …)',
  asn: 'an ASN database (GeoLite2-ASN, dbip-asn-lite, …)',
};

// Addresses looked up when a database is opened, spread over IPv4 and IPv6
// (a fixed pseudo-random sequence): a damaged search tree or data section
// fails here, at start, rather than mid-stream. About 3 ms.
const probes = (() => {
  let state = 20261203;
  const next = () => (state = (Math.imul(state, 1103515245) + 12345) >>> 0) >>> 8;
  const v4 = Array.from({ length: 4096 }, () => [next() & 255, next() & 255, next() & 255, next() & 255].join('.'));
  const v6 = Array.from({ length: 1024 }, () =>
    Array.from({ length: 8 }, (_, group) =>
      (group === 0 ? 0x2000 + (next() & 0x1fff) : next() & 0xffff).toString(16),
    ).join(':'),
  );
  return [...v4, ...v6];
})();

/**
 * Opens a MaxMind DB from its bytes (mmdb-lib's `Reader`), checks that it is
 * the type `role` takes, and looks a few hundred addresses up so that a
 * damaged database fails here. Throws `IpDatabaseError`.
 */
export function openIpDatabase(bytes: Uint8Array, role: IpDatabaseRole, source: string = role): IpDatabase {
  let reader: Reader<never>;
  try {
    reader = new Reader<never>(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  } catch (error) {
    throw new IpDatabaseError(
      'ip-database-invalid',
      `${source} is not a readable MaxMind DB: ${messageOf(error)}.`,
      source,
      error,
    );
  }
  // The search tree is followed by 16 zero bytes (the data section separator): a node count that says otherwise is damage.
  const { nodeCount, recordSize } = reader.metadata;
  const treeSize = (nodeCount * recordSize) / 4;
  if (
    !Number.isSafeInteger(treeSize) ||
    treeSize + 16 > bytes.length ||
    bytes.subarray(treeSize, treeSize + 16).some(byte => byte !== 0)
  )
    throw new IpDatabaseError(
      'ip-database-invalid',
      `${source} is damaged: its metadata says ${nodeCount} search tree nodes, which the file does not hold.`,
      source,
    );
  const type = String(reader.metadata.databaseType);
  if (!accepted[role](type))
    throw new IpDatabaseError(
      'ip-database-wrong-type',
      `${source} is a ${JSON.stringify(type.slice(0, 100))} database; ${role === 'geoip' ? '--geoip' : '--asn'} takes ${described[role]}.`,
      source,
    );
  try {
    for (const address of probes) reader.get(address);
  } catch (error) {
    throw new IpDatabaseError('ip-database-invalid', `${source} is damaged: ${messageOf(error)}.`, source, error);
  }
  return reader;
}

/**
 * Reads a MaxMind DB file and opens it (`openIpDatabase`), at start:
 * synchronously. Throws `IpDatabaseError`; a FIFO or a device is refused
 * unread (`/dev/zero` would never end).
 */
export function readIpDatabase(path: string, role: IpDatabaseRole): IpDatabase {
  let bytes: Buffer;
  try {
    if (!statSync(path).isFile()) throw new Error('not a regular file');
    bytes = readFileSync(path);
  } catch (error) {
    throw new IpDatabaseError('ip-database-unreadable', `${path} cannot be read: ${messageOf(error)}.`, path, error);
  }
  return openIpDatabase(bytes, role, path);
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error)).slice(0, 300);
