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

describe('dist/lambda entry points', () => {
  test.each(['standard', 'ocsf'])(
    's3.mjs, FLOWECS_PROFILE=%s, converts a Parquet object (its decoder worker is bundled beside it) into the CLI’s golden output and logs one summary line',
    async profile => {
      await server.put(
        'flow-logs-input',
        parquet,
        readFileSync(new URL(`../../../examples/deliveries/${parquet}`, import.meta.url)),
      );
      const result = await invokeBundle(
        's3',
        {
          ...s3Environment(server.endpoint),
          FLOWECS_OUTPUT_BUCKET: 'flowecs-output',
          FLOWECS_OUTPUT_PREFIX: 'lambda/',
          FLOWECS_PROFILE: profile,
        },
        sqsEvent([s3Notification('flow-logs-input', parquet)]),
      );
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
  ])('%s.mjs with bad settings %j fails at cold start, naming the variable', async (name, environment, message) => {
    const result = await invokeBundle(name as 's3', environment);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).toMatch(/set in the function's environment variables/);
  });
});
