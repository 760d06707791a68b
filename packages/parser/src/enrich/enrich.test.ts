import { readFileSync } from 'node:fs';
import { EcsFlat } from '@elastic/ecs';
import { Reader } from 'mmdb-lib';
import { describe, expect, test } from 'vitest';
import {
  announceSharedSkip,
  hasShared,
  listShared,
  readShared,
  sharedLogLines,
  sharedPath,
} from '../__fixtures__/shared-fixtures';
import { ocsfValidators } from '../__fixtures__/ocsf-schemas';
import { createParser } from '../create-parser';
import { NdjsonWriter } from '../ndjson-writer';

type Json = Record<string, any>;
const database = (name: string) => new Reader(readFileSync(sharedPath(`fixtures/geoip/test-data/${name}`)));
const V2 = (source: string, destination: string) =>
  `2 123456789010 eni-1235b8ca123456789 ${source} ${destination} 49152 443 6 20 4249 1418530010 1418530070 ACCEPT OK`;

describe.skipIf(!hasShared)('enrichment with MaxMind test databases (../shared/fixtures/geoip)', () => {
  announceSharedSkip('the enrichment tests');
  const geoip = hasShared ? database('GeoLite2-City-Test.mmdb') : undefined!;
  const asn = hasShared ? database('GeoLite2-ASN-Test.mmdb') : undefined!;
  const enrich = { geoip, asn };

  test("extended: Elastic's own expected geo and as fields, for every fixture record that has them", () => {
    let compared = 0;
    for (const file of listShared('fixtures/elastic').filter(name => name.endsWith('.log'))) {
      const expected: Json[] = JSON.parse(readShared(`fixtures/elastic/${file}-expected.json`)).expected;
      const parser = createParser({ profile: 'extended', enrich });
      sharedLogLines(`fixtures/elastic/${file}`).forEach((line, index) => {
        const result = parser.parse(line);
        if (result.kind !== 'event') return;
        for (const side of ['source', 'destination'] as const) {
          const theirs = expected[index]?.[side];
          if (theirs?.geo === undefined && theirs?.as === undefined) continue;
          const ours = (result.event as Json)[side];
          expect({ geo: ours?.geo, as: ours?.as }, `${file}:${index + 1} ${side}`).toEqual({
            geo: theirs.geo,
            as: theirs.as,
          });
          compared++;
        }
      });
    }
    expect(compared).toBeGreaterThanOrEqual(40);
  });

  test('every field, from the source data: a City address, an ASN address, keys sorted, NDJSON equal to objects', () => {
    const parser = createParser({ profile: 'extended', enrich });
    const line = V2('89.160.20.112', '1.128.0.1');
    const result = parser.parse(line);
    expect(result.kind === 'event' && result.event.source).toStrictEqual({
      address: '89.160.20.112',
      as: { number: 29518, organization: { name: 'Bredband2 AB' } },
      bytes: 4249,
      geo: {
        city_name: 'Linköping',
        continent_name: 'Europe',
        country_iso_code: 'SE',
        country_name: 'Sweden',
        location: { lat: 58.4167, lon: 15.6167 },
        region_iso_code: 'SE-E',
        region_name: 'Östergötland County',
      },
      ip: '89.160.20.112',
      packets: 20,
      port: 49152,
    });
    expect(result.kind === 'event' && result.event.destination).toStrictEqual({
      address: '1.128.0.1',
      as: { number: 1221, organization: { name: 'Telstra Pty Ltd' } },
      ip: '1.128.0.1',
      port: 443,
    });
    const json = createParser({ profile: 'extended', enrich }).parseToJson(line);
    expect(json.kind === 'event' && json.event).toBe(result.kind === 'event' && JSON.stringify(result.event));
    // The NDJSON lane (templates) writes the same bytes.
    const writer = new NdjsonWriter(1024);
    createParser({ profile: 'extended', enrich }).parseBytesInto(Buffer.from(line), 0, line.length, writer);
    expect(new TextDecoder().decode(writer.bytes.subarray(0, writer.length))).toBe(
      `${json.kind === 'event' && json.event}\n`,
    );
  });

  test('extended: every enrichment field is an ECS field of its type (@elastic/ecs)', () => {
    const ecs = EcsFlat as Record<string, { type: string }>;
    const result = createParser({ profile: 'extended', enrich }).parse(V2('89.160.20.112', '1.128.0.1'));
    const paths: string[] = [];
    const walk = (value: Json, prefix: string) => {
      for (const [key, child] of Object.entries(value)) {
        const path = `${prefix}.${key}`;
        if (ecs[path]?.type === 'geo_point') {
          expect(Object.keys(child).toSorted(), path).toEqual(['lat', 'lon']);
          paths.push(path);
        } else if (child === undefined) continue;
        else if (typeof child === 'object') walk(child, path);
        else {
          expect(ecs[path]?.type, path).toBe(typeof child === 'number' ? 'long' : 'keyword');
          paths.push(path);
        }
      }
    };
    const event = result.kind === 'event' ? (result.event as Json) : {};
    for (const side of ['source', 'destination']) {
      walk({ geo: event[side].geo, as: event[side].as }, side);
    }
    expect(paths).toHaveLength(11);
  });

  test('private, loopback, link-local, shared, documentation and other special addresses: no lookup, no field, no error', () => {
    const looked: string[] = [];
    const spy = { get: (address: string) => (looked.push(address), geoip.get(address)) };
    const parser = createParser({ profile: 'extended', enrich: { geoip: spy } });
    const special = [
      '10.1.2.3',
      '172.16.0.1',
      '192.168.1.1',
      '127.0.0.1',
      '169.254.1.1',
      '100.64.0.1',
      '192.0.2.1',
      '198.51.100.7',
      '203.0.113.9',
      '224.0.0.1',
      '0.0.0.0',
      '255.255.255.255',
      '::1',
      'fe80::1',
      'fd00::1',
      '2001:db8::1',
      '::ffff:89.160.20.112',
      'ff02::1',
    ];
    for (const address of special) {
      const result = parser.parse(V2(address, address));
      expect(result.kind === 'event' && [result.event.source, result.event.destination]).toStrictEqual([
        { address, bytes: 4249, ip: address, packets: 20, port: 49152 },
        { address, ip: address, port: 443 },
      ]);
    }
    expect(looked).toEqual([]);
  });

  test('lookups are cached per address; an address the databases do not know gets no field', () => {
    let lookups = 0;
    const counting = { get: (address: string) => (lookups++, geoip.get(address)) };
    const parser = createParser({ profile: 'extended', enrich: { geoip: counting } });
    for (let index = 0; index < 1000; index++) parser.parse(V2('81.2.69.142', '52.95.128.179'));
    expect(lookups).toBe(2);
    const result = parser.parse(V2('81.2.69.142', '52.95.128.179'));
    expect(result.kind === 'event' && result.event.destination).toStrictEqual({
      address: '52.95.128.179',
      ip: '52.95.128.179',
      port: 443,
    });
  });

  test('a database that throws mid-stream: the record is a dead letter (unmappable-record), never a crash', () => {
    const broken = {
      get: () => {
        throw new Error('Unknown type 99 at offset 12');
      },
    };
    const parser = createParser({ profile: 'extended', enrich: { asn: broken } });
    const result = parser.parse(V2('81.2.69.142', '10.0.0.1'));
    expect(result.kind).toBe('invalid');
    expect(result.kind === 'invalid' && [result.error.code, result.error.message]).toEqual([
      'unmappable-record',
      'The enrichment database could not be read at 81.2.69.142: Unknown type 99 at offset 12',
    ]);
  });

  test('OCSF: the endpoint location (valid against the schema elsewhere), the ASN under unmapped', () => {
    const parser = createParser({ profile: 'ocsf', enrich });
    const result = parser.parse(V2('89.160.20.112', '1.128.0.1'));
    const event = result.kind === 'event' ? (result.event as Json) : {};
    expect(event['src_endpoint'].location).toStrictEqual({
      city: 'Linköping',
      continent: 'Europe',
      country: 'SE',
      region: 'E',
      coordinates: [15.6167, 58.4167],
    });
    expect(event['dst_endpoint'].location).toBeUndefined();
    expect(event['unmapped']).toMatchObject({ dst_as_number: 1221, dst_as_organization: 'Telstra Pty Ltd' });
  });

  test('OCSF: every network of the City and ASN test databases gives an event valid against both schemas', () => {
    const validators = ocsfValidators();
    const networks = ['GeoLite2-City-Test.json', 'GeoLite2-ASN-Test.json'].flatMap(file =>
      (JSON.parse(readShared(`fixtures/geoip/source-data/${file}`)) as Json[]).flatMap(entry => Object.keys(entry)),
    );
    const addresses = networks
      .map(network => network.split('/')[0]!)
      .filter(address => !address.includes('.') || !address.startsWith('::'));
    expect(addresses.length).toBeGreaterThan(100);
    const parser = createParser({ profile: 'ocsf', enrich });
    let located = 0;
    for (const [index, address] of addresses.entries()) {
      const result = parser.parse(V2(address, addresses[(index * 7) % addresses.length]!));
      if (result.kind !== 'event') continue;
      const event = result.event as Json;
      if (event['src_endpoint'].location !== undefined) located++;
      expect([...validators.strict(event), ...validators.aws(event)], address).toEqual([]);
    }
    expect(located).toBeGreaterThan(50);
  });

  test('the standard profile refuses enrichment: the contract never gains a field', () => {
    expect(() => createParser({ enrich })).toThrow(
      /standard profile takes no enrichment: .*the standard profile is the contract and never gains a field\)\. Use profile "extended" or "ocsf"/,
    );
    expect(() => createParser({ profile: 'extended', enrich: { geoip: 'GeoLite2-City.mmdb' as never } })).toThrow(
      /enrich.geoip must be an opened database/,
    );
  });
});
