// The dead-letter run of `pnpm bench`: one object of version 2 records
// without a header, converted by the bundled s3.mjs in a fresh process (as
// one Lambda instance), twice: as valid records, and with a wrong
// FLOWECS_FORMAT that makes every line a dead letter. Prints one JSON line:
// the time per line and the peak RSS of each. The targets: an invalid line
// costs at most 2× a valid one, in no more memory.
import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { Readable } from 'node:stream';
import { promisify } from 'node:util';
import { createGzip } from 'node:zlib';
import { mixes } from './datasets.mjs';
import { s3rverEnvironment } from './s3rver-client.mjs';
import { startS3rver } from './start-s3rver.mjs';

const require = createRequire(new URL('../packages/aws/package.json', import.meta.url));
const { Upload } = await import(require.resolve('@aws-sdk/lib-storage'));

const LINES = process.argv.includes('--quick') ? 200_000 : 2_000_000;
const KEY = 'AWSLogs/123456789010/vpcflowlogs/us-east-1/2024/11/30/headerless.log.gz';

const server = await startS3rver(['flow-logs', 'flowecs-output']);
const { s3, endpoint } = server;
const block = `${[...mixes.diverse(100_000)].join('\n')}\n`;
await new Upload({
  client: s3,
  params: {
    Bucket: 'flow-logs',
    Key: KEY,
    Body: Readable.from(Array.from({ length: LINES / 100_000 }, () => block)).pipe(createGzip({ level: 1 })),
  },
}).done();

const event = JSON.stringify({
  Records: [
    {
      eventSource: 'aws:sqs',
      messageId: 'dead-letters',
      body: JSON.stringify({
        Records: [
          {
            eventVersion: '2.1',
            eventSource: 'aws:s3',
            eventName: 'ObjectCreated:Put',
            s3: { bucket: { name: 'flow-logs' }, object: { key: KEY } },
          },
        ],
      }),
    },
  ],
});

/** One invocation in a process of its own: the handler's own time (its summary's ms) and the peak RSS. */
async function invoke(environment) {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [new URL('./lambda-invoke.mjs', import.meta.url).pathname, 's3', event],
    {
      env: {
        PATH: process.env.PATH,
        ...s3rverEnvironment(endpoint),
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
        FLOWECS_OUTPUT_BUCKET: 'flowecs-output',
        ...environment,
      },
      maxBuffer: 16 * 1024 * 1024,
    },
  );
  const lines = stdout
    .trim()
    .split('\n')
    .map(line => JSON.parse(line));
  const summary = lines.find(line => line.flowecs === 'summary');
  const { peakRssBytes } = lines.at(-1);
  if (summary.lines !== LINES || summary.failed !== 0)
    throw new Error(`unexpected summary: ${JSON.stringify(summary)}`);
  return { ms: summary.ms, peakRssBytes, events: summary.events, invalid: summary.invalid };
}

const valid = await invoke({});
const invalid = await invoke({ FLOWECS_FORMAT: '${version} ${srcaddr}' });
console.log(JSON.stringify({ node: process.version, lines: LINES, valid, invalid }));
await server.stop();
