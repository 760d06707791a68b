// The bundled entry points (dist/lambda/*.mjs) as Lambda loads them: in a
// fresh process, configured by environment variables only.
import { existsSync, readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { s3Notification, sqsEvent } from './__fixtures__/events';
import { invokeBundle, s3Environment } from './__fixtures__/invoke-bundle';
import { startS3, type TestS3 } from './__fixtures__/s3-server';

const parquet = '123456789010_vpcflowlogs_us-east-1_fl-1234abcd_20241130T0405Z_5e6f7a8b.log.parquet';

let server: TestS3;
beforeAll(async () => {
  server = await startS3(['flow-logs-input', 'flowecs-output']);
});
afterAll(async () => {
  await server?.close();
});

/** s3.mjs, run on the Parquet delivery in s3rver with these settings. */
async function convertParquet(environment: Record<string, string>) {
  await server.put(
    'flow-logs-input',
    parquet,
    readFileSync(new URL(`../../../examples/deliveries/${parquet}`, import.meta.url)),
  );
  return invokeBundle(
    's3',
    { ...s3Environment(server.endpoint), FLOWECS_OUTPUT_BUCKET: 'flowecs-output', ...environment },
    sqsEvent([s3Notification('flow-logs-input', parquet)]),
  );
}

const geoip = new URL('../../../../shared/fixtures/geoip/test-data/', import.meta.url);
const hasGeoip = existsSync(geoip);
if (!hasGeoip) process.stderr.write('skipped: ../shared not found: the FLOWECS_GEOIP_S3_URI tests\n');

describe.skipIf(!hasGeoip)('dist/lambda entry points with enrichment databases in S3', () => {
  const record =
    '2 123456789010 eni-1235b8ca123456789 89.160.20.112 1.128.0.1 49152 443 6 20 4249 1418530010 1418530070 ACCEPT OK\n';
  const environment = () => ({
    ...s3Environment(server.endpoint),
    FLOWECS_OUTPUT_BUCKET: 'flowecs-output',
    FLOWECS_OUTPUT_PREFIX: 'enriched/',
    FLOWECS_PROFILE: 'extended',
    FLOWECS_GEOIP_S3_URI: 's3://flow-logs-input/databases/GeoLite2-City-Test.mmdb',
    FLOWECS_ASN_S3_URI: 's3://flow-logs-input/databases/GeoLite2-ASN-Test.mmdb',
  });
  beforeAll(async () => {
    for (const name of ['GeoLite2-City-Test.mmdb', 'GeoLite2-ASN-Test.mmdb'])
      await server.put('flow-logs-input', `databases/${name}`, readFileSync(new URL(name, geoip)));
    await server.put('flow-logs-input', 'enrich/flows.log', Buffer.from(record));
  });

  test('s3.mjs reads the databases once at cold start and writes geo and as', async () => {
    const result = await invokeBundle(
      's3',
      environment(),
      sqsEvent([s3Notification('flow-logs-input', 'enrich/flows.log')]),
    );
    expect(result.code).toBe(0);
    const written = gunzipSync(
      (await server.get('flowecs-output', 'enriched/flow-logs-input/enrich/flows.log.ndjson.gz'))!,
    );
    const event = JSON.parse(written.toString());
    expect(event.source.geo).toMatchObject({ city_name: 'Linköping', country_iso_code: 'SE' });
    expect(event.destination.as).toStrictEqual({ number: 1221, organization: { name: 'Telstra Pty Ltd' } });
  });

  test.each([
    [
      { FLOWECS_GEOIP_S3_URI: 's3://flow-logs-input/databases/missing.mmdb' },
      /FLOWECS_GEOIP_S3_URI: s3:\/\/flow-logs-input\/databases\/missing\.mmdb cannot be read: NoSuchKey/,
    ],
    [
      { FLOWECS_GEOIP_S3_URI: 's3://flow-logs-input/databases/GeoLite2-ASN-Test.mmdb' },
      /FLOWECS_GEOIP_S3_URI: .* is a "GeoLite2-ASN" database/,
    ],
    [
      { FLOWECS_ASN_S3_URI: 'https://example.com/asn.mmdb' },
      /FLOWECS_ASN_S3_URI: https:\/\/example\.com\/asn\.mmdb is not an s3:\/\/bucket\/key URI/,
    ],
    [
      { FLOWECS_PROFILE: 'standard' },
      /the standard profile is the contract: it never gains a field\. Set FLOWECS_PROFILE/,
    ],
  ])('a database that cannot be used fails the cold start, naming the variable: %j', async (change, message) => {
    const result = await invokeBundle('s3', { ...environment(), ...change });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).toMatch(/set in the function's environment variables/);
  });
});

describe('dist/lambda entry points', () => {
  test('s3.mjs, FLOWECS_FILTER: only the records that pass are written, the rest counted as filtered', async () => {
    const result = await convertParquet({ FLOWECS_OUTPUT_PREFIX: 'filtered/', FLOWECS_FILTER: 'action == "REJECT"' });
    const [summary] = result.stdout.trim().split('\n');
    expect(JSON.parse(summary!)).toMatchObject({ flowecs: 'summary', objects: 1, events: 1, filtered: 5, invalid: 0 });
    const written = gunzipSync((await server.get('flowecs-output', `filtered/flow-logs-input/${parquet}.ndjson.gz`))!);
    const golden = readFileSync(
      new URL(`../../../apps/cli/test/deliveries/${parquet}.standard.ndjson`, import.meta.url),
      'utf8',
    );
    expect(written.toString()).toBe(
      golden
        .split('\n')
        .filter(line => line.includes('"name":"reject"'))
        .join('\n') + '\n',
    );
  });

  test.each(['standard', 'ocsf'])(
    's3.mjs, FLOWECS_PROFILE=%s, converts a Parquet object (its decoder worker is bundled beside it) into the CLI’s golden output and logs one summary line',
    async profile => {
      const result = await convertParquet({ FLOWECS_OUTPUT_PREFIX: 'lambda/', FLOWECS_PROFILE: profile });
      expect(
        result.stderr
          .replace(
            /^.*(NodeVersionSupportWarning|node >=22|January 2027|upgrade|a\.co|trace-warnings|updates).*$/gm,
            '',
          )
          .trim(),
      ).toBe('');
      const [summary, response] = result.stdout.trim().split('\n');
      expect(JSON.parse(summary!)).toMatchObject({ flowecs: 'summary', objects: 1, events: 6, invalid: 0 });
      expect(JSON.parse(response!)).toEqual({ batchItemFailures: [] });
      const written = await server.get('flowecs-output', `lambda/flow-logs-input/${parquet}.ndjson.gz`);
      const golden = new URL(`../../../apps/cli/test/deliveries/${parquet}.${profile}.ndjson`, import.meta.url);
      expect(gunzipSync(written!).toString()).toBe(readFileSync(golden, 'utf8'));
    },
  );

  test('s3.mjs hands Lambda’s context to the handler: with no time left, the message comes back and the log says why', async () => {
    await server.put(
      'flow-logs-input',
      parquet,
      readFileSync(new URL(`../../../examples/deliveries/${parquet}`, import.meta.url)),
    );
    const result = await invokeBundle(
      's3',
      { ...s3Environment(server.endpoint), FLOWECS_OUTPUT_BUCKET: 'flowecs-output', FLOWECS_OUTPUT_PREFIX: 'late/' },
      sqsEvent([s3Notification('flow-logs-input', parquet)], ['late-1']),
      0,
    );
    const [failed, summary, response] = result.stdout
      .trim()
      .split('\n')
      .map(line => JSON.parse(line));
    expect(failed).toMatchObject({ flowecs: 'failed', code: 'deadline', messageId: 'late-1' });
    expect(summary).toMatchObject({ flowecs: 'summary', objects: 1, failed: 1 });
    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: 'late-1' }] });
    expect((await server.keys('flowecs-output')).filter(key => key.startsWith('late/'))).toEqual([]);
  });

  test.each([
    ['s3', {}, /FLOWECS_OUTPUT_BUCKET .*is required/],
    ['cloudwatch', { FLOWECS_PROFILE: 'full' }, /FLOWECS_PROFILE must be/],
    [
      's3',
      { FLOWECS_OUTPUT_BUCKET: 'b', FLOWECS_PROFILE: 'full' },
      /FLOWECS_PROFILE must be "standard", "extended" or "ocsf", not "full"/,
    ],
    ['firehose', { FLOWECS_FORMAT: '${version} ${no-such-field}' }, /FLOWECS_FORMAT: the format .* is not valid/],
    [
      'firehose',
      { FLOWECS_FILTER: 'dst-port == 22' },
      /FLOWECS_FILTER: the filter "dst-port == 22" is not valid: "dst-port" is not a flow-log field. Did you mean "dstport"\? \(at character 0\)/,
    ],
  ])('%s.mjs with bad settings %j fails at cold start, naming the variable', async (name, environment, message) => {
    const result = await invokeBundle(name as 's3', environment);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).toMatch(/set in the function's environment variables/);
  });
});
