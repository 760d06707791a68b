import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { IpDatabaseError, openIpDatabase, readIpDatabase } from './open-ip-database';

const geoip = fileURLToPath(new URL('../../../../shared/fixtures/geoip/', import.meta.url));
const hasShared = existsSync(geoip);
if (!hasShared) process.stderr.write(`skipped: ../shared not found (${geoip}): the MaxMind database tests\n`);
const sharedPath = (path: string) => join(geoip, path.replace(/^fixtures\/geoip\//, ''));
const testData = (name: string) => sharedPath(`fixtures/geoip/test-data/${name}`);
const badData = [
  'test-data/GeoIP2-City-Test-Invalid-Node-Count.mmdb',
  ...[
    'corrupt-search-tree',
    'deep-array-nesting',
    'deep-nesting',
    'empty-array-last-in-metadata',
    'empty-map-last-in-metadata',
    'metadata-marker-only',
    'offset-integer-overflow',
    'oversized-array',
    'oversized-map',
    'separator-record-max-left',
    'separator-record-min-left',
    'separator-record-min-right',
    'uint64-max-epoch',
  ].map(name => `bad-data/libmaxminddb/libmaxminddb-${name}.mmdb`),
  ...[
    'cyclic-data-structure',
    'invalid-bytes-length',
    'invalid-data-record-offset',
    'invalid-map-key-length',
    'invalid-string-length',
    'metadata-is-an-uint128',
    'unexpected-bytes',
  ].map(name => `bad-data/maxminddb-golang/${name}.mmdb`),
  'bad-data/maxminddb-python/bad-unicode-in-map-key.mmdb',
];

describe.skipIf(!hasShared)('openIpDatabase (MaxMind test databases in ../shared/fixtures/geoip)', () => {
  test('City, Country-like and ASN databases open for their role; each looks its test addresses up', () => {
    const city = readIpDatabase(testData('GeoLite2-City-Test.mmdb'), 'geoip');
    expect(city.get('81.2.69.142')).toMatchObject({ city: { names: { en: 'London' } } });
    const asn = readIpDatabase(testData('GeoLite2-ASN-Test.mmdb'), 'asn');
    expect(asn.get('1.128.0.1')).toMatchObject({ autonomous_system_number: 1221 });
  });

  test('a database of the wrong type is refused at start, naming what the option takes', () => {
    expect(() => readIpDatabase(testData('GeoLite2-ASN-Test.mmdb'), 'geoip')).toThrow(
      expect.objectContaining({
        code: 'ip-database-wrong-type',
        message: expect.stringContaining('"GeoLite2-ASN" database; --geoip takes a City or Country database'),
      }),
    );
    expect(() => readIpDatabase(testData('GeoLite2-City-Test.mmdb'), 'asn')).toThrow(
      expect.objectContaining({ code: 'ip-database-wrong-type' }),
    );
  });

  test.each(badData)('%s: refused at start with a clear IpDatabaseError', path => {
    expect(() => readIpDatabase(sharedPath(`fixtures/geoip/${path}`), 'geoip')).toThrow(
      expect.objectContaining({ name: 'IpDatabaseError', message: expect.stringContaining(path.split('/').at(-1)!) }),
    );
  });

  test('the bad-data databases are refused for their damage, not only their type', () => {
    for (const path of badData.filter(name => name.startsWith('bad-data/maxminddb-golang/')))
      expect(() => openIpDatabase(readFileSync(sharedPath(`fixtures/geoip/${path}`)), 'asn', path)).toThrow(
        expect.objectContaining({ code: 'ip-database-invalid' }),
      );
  });

  test('a database whose doubles are broken opens; its values are read only when they are finite numbers', () => {
    const database = readIpDatabase(testData('GeoIP2-City-Test-Broken-Double-Format.mmdb'), 'geoip');
    expect(() => database.get('81.2.69.142')).not.toThrow();
  });

  test('a file that is not a database, a missing file, a directory', () => {
    expect(() => openIpDatabase(Buffer.from('not a database'), 'geoip', 'notes.txt')).toThrow(IpDatabaseError);
    for (const path of ['/nonexistent/GeoLite2-City.mmdb', sharedPath('fixtures/geoip')])
      expect(() => readIpDatabase(path, 'geoip')).toThrow(expect.objectContaining({ code: 'ip-database-unreadable' }));
    expect(() => openIpDatabase(readFileSync(testData('GeoLite2-City-Test.mmdb')).subarray(0, 5000), 'geoip')).toThrow(
      IpDatabaseError,
    );
  });
});

describe('readIpDatabase on what is not a regular file', () => {
  test('a device or a FIFO is refused unread, never waited on or read forever', () => {
    for (const path of ['/dev/null', '/dev/zero']) {
      let thrown: unknown;
      try {
        readIpDatabase(path, 'geoip');
      } catch (error) {
        thrown = error;
      }
      expect(thrown, path).toBeInstanceOf(IpDatabaseError);
      expect((thrown as IpDatabaseError).code, path).toBe('ip-database-unreadable');
      expect((thrown as IpDatabaseError).message, path).toMatch(/cannot be read: not a regular file/);
    }
  });
});
