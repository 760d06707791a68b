import { copyFileSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { cliIn } from './__fixtures__/run-cli';

const geoip = fileURLToPath(new URL('../../../../shared/fixtures/geoip/', import.meta.url));
const hasShared = existsSync(geoip);
if (!hasShared) process.stderr.write(`skipped: ../shared not found (${geoip}): the --geoip and --asn tests\n`);
const CITY = join(geoip, 'test-data/GeoLite2-City-Test.mmdb');
const ASN = join(geoip, 'test-data/GeoLite2-ASN-Test.mmdb');

let directory: string;
beforeAll(() => {
  directory = mkdtempSync(join(tmpdir(), 'flowecs-enrich-'));
});
afterAll(() => rmSync(directory, { recursive: true, force: true }));
const { cli, file } = cliIn(() => directory);

const record = (source: string, destination: string) =>
  `2 123456789010 eni-1235b8ca123456789 ${source} ${destination} 49152 443 6 20 4249 1418530010 1418530070 ACCEPT OK`;
const events = (stdout: string) =>
  stdout
    .split('\n')
    .filter(Boolean)
    .map(line => JSON.parse(line) as Record<string, any>);

describe.skipIf(!hasShared)('flowecs --geoip and --asn (built binary, MaxMind test databases)', () => {
  test('extended: geo and as on each endpoint with a public address; the rest of the event unchanged', () => {
    const path = file('flows.log', `${record('89.160.20.112', '10.0.0.1')}\n${record('10.0.0.2', '1.128.0.1')}\n`);
    const plain = cli([path, '--profile', 'extended']);
    const result = cli([path, '--profile', 'extended', '--geoip', CITY, '--asn', ASN]);
    expect(result.status).toBe(0);
    expect(result.stderr).toBe('');
    const [first, second] = events(result.stdout);
    expect(first!['source'].geo).toMatchObject({ city_name: 'Linköping', region_iso_code: 'SE-E' });
    expect(first!['source'].as).toStrictEqual({ number: 29518, organization: { name: 'Bredband2 AB' } });
    expect(first!['destination']).toStrictEqual({ address: '10.0.0.1', ip: '10.0.0.1', port: 443 });
    expect(second!['destination'].as).toStrictEqual({ number: 1221, organization: { name: 'Telstra Pty Ltd' } });
    // Without their geo and as, the events are the plain extended ones.
    for (const event of [first!, second!])
      for (const side of ['source', 'destination']) {
        delete event[side].geo;
        delete event[side].as;
      }
    expect([first, second]).toStrictEqual(events(plain.stdout));
  });

  test('--jobs 2 writes what --jobs 1 writes (each worker opens the databases itself)', () => {
    const lines = Array.from({ length: 20_000 }, (_, index) =>
      record(['89.160.20.112', '81.2.69.142', '2001:218::1', '10.0.0.1'][index % 4]!, '1.128.0.1'),
    );
    const path = file('many.log', `${lines.join('\n')}\n`);
    const one = cli([path, '--profile', 'ocsf', '--geoip', CITY, '--asn', ASN]);
    const two = cli([path, '--profile', 'ocsf', '--geoip', CITY, '--asn', ASN, '--jobs', '2']);
    expect(one.status).toBe(0);
    expect(two.stdout).toBe(one.stdout);
    expect(events(one.stdout)[0]!['src_endpoint'].location).toMatchObject({ city: 'Linköping', country: 'SE' });
  });

  test.each([
    [
      ['--geoip', CITY],
      '--geoip adds fields, and the standard profile is the contract: it never gains a field. Use --profile extended',
    ],
    [['--asn', ASN], '--asn adds fields, and the standard profile is the contract'],
    [
      ['--profile', 'extended', '--geoip', ASN],
      'is a "GeoLite2-ASN" database; --geoip takes a City or Country database',
    ],
    [['--profile', 'extended', '--asn', CITY], 'is a "GeoLite2-City" database; --asn takes an ASN database'],
    [
      ['--profile', 'extended', '--geoip', join(geoip, 'test-data/GeoIP2-City-Test-Invalid-Node-Count.mmdb')],
      'is damaged',
    ],
    [
      ['--profile', 'extended', '--geoip', join(geoip, 'bad-data/maxminddb-golang/invalid-string-length.mmdb')],
      'is not a readable MaxMind DB',
    ],
    [['--profile', 'ocsf', '--asn', 'missing.mmdb'], '--asn: missing.mmdb cannot be read'],
    [['--profile', 'ocsf', '--asn', geoip], 'cannot be read'],
  ])('a database that cannot be used is a usage error at start: %j', (args, message) => {
    const path = file('one.log', `${record('89.160.20.112', '10.0.0.1')}\n`);
    const result = cli([path, ...args]);
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(message);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  test('a control character in a database path is escaped in the message', () => {
    const strange = join(directory, 'city\u001b[2J.mmdb');
    writeFileSync(strange, 'not a database');
    const result = cli(['--profile', 'extended', '--geoip', strange], { input: '' });
    expect(result.status).toBe(2);
    expect(result.stderr).not.toContain('\u001b');
    copyFileSync(CITY, strange);
    expect(
      cli(['--profile', 'extended', '--geoip', strange], { input: `${record('81.2.69.142', '10.0.0.1')}\n` }).status,
    ).toBe(0);
  });
});
