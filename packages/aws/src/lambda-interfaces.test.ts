// The bundled entry points with FLOWECS_INTERFACES_S3_URI, as Lambda loads them.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { firehoseEvent } from './__fixtures__/events';
import { invokeBundle, s3Environment } from './__fixtures__/invoke-bundle';
import { startS3, type TestS3 } from './__fixtures__/s3-server';

// The AWS CLI reference's example output of `aws ec2 describe-network-interfaces`.
const documented = readFileSync(
  new URL('../../parser/src/__fixtures__/describe-network-interfaces.json', import.meta.url),
);
const record = '2 123456789010 eni-e5aa89a3 10.0.1.17 10.0.2.5 49152 443 6 20 4249 1418530010 1418530070 ACCEPT OK\n';

let server: TestS3;
beforeAll(async () => {
  server = await startS3(['config']);
  await server.put('config', 'interfaces/us-east-1.json', documented);
  await server.put('config', 'interfaces/bad.json', Buffer.from('{"NetworkInterfaces": {}}'));
});
afterAll(async () => {
  await server?.close();
});

const environment = () => ({
  ...s3Environment(server.endpoint),
  FLOWECS_PROFILE: 'ocsf',
  FLOWECS_INTERFACES_S3_URI: 's3://config/interfaces/us-east-1.json',
});

describe('dist/lambda entry points with FLOWECS_INTERFACES_S3_URI', () => {
  test("firehose.mjs reads the interfaces at cold start and adds the logging endpoint's ids", async () => {
    const result = await invokeBundle('firehose', environment(), firehoseEvent([Buffer.from(record)]));
    expect(result.code).toBe(0);
    const answer = JSON.parse(result.stdout.trim().split('\n').at(-2)!) as {
      records: { result: string; data: string }[];
    };
    expect(answer.records[0]!.result).toBe('Ok');
    const event = JSON.parse(Buffer.from(answer.records[0]!.data, 'base64').toString());
    expect(event.src_endpoint).toMatchObject({
      interface_uid: 'eni-e5aa89a3',
      instance_uid: 'i-1234567890abcdef0',
      vpc_uid: 'vpc-a01106c2',
      subnet_uid: 'subnet-b61f49f0',
    });
  });

  test.each([
    [
      { FLOWECS_INTERFACES_S3_URI: 's3://config/interfaces/missing.json' },
      /FLOWECS_INTERFACES_S3_URI: s3:\/\/config\/interfaces\/missing\.json: cannot be read: NoSuchKey/,
    ],
    [
      { FLOWECS_INTERFACES_S3_URI: 's3://config/interfaces/bad.json' },
      /FLOWECS_INTERFACES_S3_URI: s3:\/\/config\/interfaces\/bad\.json: no "NetworkInterfaces" list/,
    ],
    [{ FLOWECS_INTERFACES_REFRESH_SECONDS: 'soon' }, /FLOWECS_INTERFACES_REFRESH_SECONDS must be a whole number/],
    [
      { FLOWECS_PROFILE: 'standard' },
      /the standard profile is the contract: it never gains a field\. Set FLOWECS_PROFILE/,
    ],
  ])('interfaces that cannot be used fail the cold start, naming the variable: %j', async (change, message) => {
    const result = await invokeBundle('firehose', { ...environment(), ...change });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).toMatch(/set in the function's environment variables/);
  });
});
