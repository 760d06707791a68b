// Runs the bundled S3 entry point (dist/lambda/s3.mjs) on this machine, as
// Lambda would, against s3rver, a local S3 server:
//
//   node packages/aws/examples/local-s3.mjs
//
// It starts s3rver on 127.0.0.1, uploads the repository's sample flow log,
// sets the variables the bundle reads (endpoint, credentials, region,
// checksums), and invokes the handler with an SQS event and a Lambda-like
// context. The handler's log lines, its answer and the first event written
// are printed. The variables are the same for firehose.mjs and cloudwatch.mjs.
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import S3rver from 's3rver';

const sample = new URL(
  '../../../examples/123456789010_vpcflowlogs_us-east-1_fl-1234abcd_20180620T1620Z_fe123456.log.gz',
  import.meta.url,
);
const key = 'AWSLogs/123456789010/vpcflowlogs/us-east-1/2018/06/20/sample.log.gz';

// 1. A local S3 with two buckets.
const directory = mkdtempSync(join(tmpdir(), 'flowecs-local-s3-'));
const server = new S3rver({
  address: '127.0.0.1',
  port: 0,
  silent: true,
  directory,
  configureBuckets: [{ name: 'flow-logs' }, { name: 'flowecs-output' }],
});
const { port } = await server.run();

// 2. What the bundle reads from its environment: an IP address as the
//    endpoint (the SDK then addresses buckets by path, as s3rver needs),
//    s3rver's fixed credentials, and checksums only where S3 requires them.
Object.assign(process.env, {
  // This SDK line warns on Node.js 20 that later ones will need 22 (Lambda runs 22).
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  AWS_ENDPOINT_URL_S3: `http://127.0.0.1:${port}`,
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'S3RVER',
  AWS_SECRET_ACCESS_KEY: 'S3RVER',
  AWS_REQUEST_CHECKSUM_CALCULATION: 'WHEN_REQUIRED',
  AWS_RESPONSE_CHECKSUM_VALIDATION: 'WHEN_REQUIRED',
  FLOWECS_OUTPUT_BUCKET: 'flowecs-output',
  FLOWECS_OUTPUT_PREFIX: 'ecs/',
});
const s3 = new S3Client({ forcePathStyle: true });
await s3.send(new PutObjectCommand({ Bucket: 'flow-logs', Key: key, Body: readFileSync(sample) }));

// 3. The handler, imported as Lambda imports it, and one invocation.
const { handler } = await import(new URL('../dist/lambda/s3.mjs', import.meta.url).href);
const event = {
  Records: [
    {
      eventSource: 'aws:sqs',
      messageId: 'local-1',
      body: JSON.stringify({
        Records: [
          {
            eventVersion: '2.1',
            eventSource: 'aws:s3',
            eventName: 'ObjectCreated:Put',
            s3: { bucket: { name: 'flow-logs' }, object: { key } },
          },
        ],
      }),
    },
  ],
};
const deadline = Date.now() + 60_000;
const answer = await handler(event, { getRemainingTimeInMillis: () => deadline - Date.now() });
console.log('answer:', JSON.stringify(answer));

// 4. What it wrote.
const written = await s3.send(
  new GetObjectCommand({ Bucket: 'flowecs-output', Key: `ecs/flow-logs/${key}.ndjson.gz` }),
);
const events = gunzipSync(await written.Body.transformToByteArray())
  .toString()
  .trim()
  .split('\n');
console.log(`events: ${events.length}; the first:`);
console.log(events[0]);

s3.destroy();
await server.close();
rmSync(directory, { recursive: true, force: true });
