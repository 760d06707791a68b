// The bundled entry points (dist/lambda/*.mjs) as Lambda loads them: in a
// fresh process, configured by environment variables only.
import { readFileSync } from 'node:fs';
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
