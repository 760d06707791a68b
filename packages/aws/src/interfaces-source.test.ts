import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { S3Client } from '@aws-sdk/client-s3';
import { NetworkInterfacesError } from '@flowecs/stream';
import { s3Notification, sqsEvent } from './__fixtures__/events';
import { startS3, type TestS3 } from './__fixtures__/s3-server';
import { createInterfacesSource } from './interfaces-source';
import { createS3ObjectHandler } from './s3-object-handler';

// The AWS CLI reference's example output of `aws ec2 describe-network-interfaces`.
const documented = readFileSync(
  new URL('../../parser/src/__fixtures__/describe-network-interfaces.json', import.meta.url),
  'utf8',
);
const one = (id: string, vpc: string) =>
  JSON.stringify({ NetworkInterfaces: [{ NetworkInterfaceId: id, VpcId: vpc }] });
const V2 = (eni: string) =>
  `2 123456789010 ${eni} 172.31.16.139 172.31.16.21 20641 22 6 20 4249 1418530010 1418530070 ACCEPT OK`;

let server: TestS3;
beforeAll(async () => {
  server = await startS3(['config', 'flow-logs-input', 'flowecs-output']);
});
afterAll(async () => {
  await server?.close();
});

/** The client, counting the GetObject requests it sends and the bodies it downloads. */
function counting(s3: S3Client) {
  const counts = { gets: 0, bodies: 0 };
  const client = {
    send: async (command: { input: unknown }) => {
      counts.gets++;
      const answer = (await s3.send(command as never)) as { Body?: unknown };
      if (answer.Body !== undefined) counts.bodies++;
      return answer;
    },
  } as unknown as S3Client;
  return { client, counts };
}

describe('createInterfacesSource (s3rver)', () => {
  test('read once, then again only when the object changed, checked at most every refreshSeconds', async () => {
    await server.put('config', 'eni.json', Buffer.from(one('eni-1', 'vpc-first')));
    let clock = 0;
    const { client, counts } = counting(server.s3);
    const source = createInterfacesSource(client, 's3://config/eni.json', { refreshSeconds: 60, now: () => clock });
    expect((await source.current()).get('eni-1')?.vpcId).toBe('vpc-first');
    clock = 59_000;
    await source.current();
    expect(counts).toEqual({ gets: 1, bodies: 1 });
    // Unchanged: a conditional GET, no download.
    clock = 61_000;
    expect((await source.current()).get('eni-1')?.vpcId).toBe('vpc-first');
    expect(counts).toEqual({ gets: 2, bodies: 1 });
    await server.put('config', 'eni.json', Buffer.from(one('eni-1', 'vpc-second')));
    clock = 122_000;
    expect((await source.current()).get('eni-1')?.vpcId).toBe('vpc-second');
    expect(counts).toEqual({ gets: 3, bodies: 2 });
  });

  test('a refresh that fails keeps the last interfaces read and says why; a first read that fails rejects', async () => {
    await server.put('config', 'flaky.json', Buffer.from(documented));
    let clock = 0;
    const errors: NetworkInterfacesError[] = [];
    const source = createInterfacesSource(server.s3, 's3://config/flaky.json', {
      refreshSeconds: 1,
      now: () => clock,
      onRefreshError: error => errors.push(error),
    });
    expect((await source.current()).size).toBe(2);
    await server.put('config', 'flaky.json', Buffer.from('{"NetworkInterfaces": [{"VpcId": 1}]}'));
    clock = 5000;
    expect((await source.current()).size).toBe(2);
    expect(errors.map(error => error.code)).toEqual(['network-interfaces-invalid']);
    expect(errors[0]!.message).toMatch(/^s3:\/\/config\/flaky\.json: NetworkInterfaces\[0\]/);
    const missing = createInterfacesSource(server.s3, 's3://config/missing.json');
    await expect(missing.current()).rejects.toThrow(/^s3:\/\/config\/missing\.json: cannot be read: NoSuchKey/);
    expect(() => createInterfacesSource(server.s3, 'config/eni.json')).toThrow(/not an s3:\/\/bucket\/key URI/);
  });

  test('the S3 handler enriches with the interfaces as they are at each invocation', async () => {
    await server.put('config', 'live.json', Buffer.from(one('eni-0a', 'vpc-before')));
    let clock = 0;
    const handler = createS3ObjectHandler({
      s3Client: server.s3,
      output: { bucket: 'flowecs-output', prefix: 'ecs/' },
      profile: 'extended',
      interfaces: createInterfacesSource(server.s3, 's3://config/live.json', { refreshSeconds: 10, now: () => clock }),
      log: () => {},
    });
    const convert = async () => {
      await server.put('flow-logs-input', 'flows.log', Buffer.from(`${V2('eni-0a')}\n`));
      expect(await handler(sqsEvent([s3Notification('flow-logs-input', 'flows.log')]))).toEqual({
        batchItemFailures: [],
      });
      const written = await server.get('flowecs-output', 'ecs/flow-logs-input/flows.log.ndjson.gz');
      return JSON.parse(gunzipSync(written!).toString()) as Record<string, any>;
    };
    expect((await convert())['aws'].network_interface).toStrictEqual({ vpc_id: 'vpc-before' });
    await server.put('config', 'live.json', Buffer.from(one('eni-0a', 'vpc-after')));
    clock = 11_000;
    expect((await convert())['aws'].network_interface).toStrictEqual({ vpc_id: 'vpc-after' });
    expect(() =>
      createS3ObjectHandler({
        s3Client: server.s3,
        output: { bucket: 'flowecs-output' },
        interfaces: createInterfacesSource(server.s3, 's3://config/live.json'),
      }),
    ).toThrow(/standard profile is the contract/);
  });
});
