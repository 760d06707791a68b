// One Lambda instance of the load run (bench/lambda-load.mjs), on a worker
// thread of its own: it makes the S3 object handler once (a cold start),
// then takes SQS batches one at a time, as one function instance does.
import { parentPort, workerData } from 'node:worker_threads';
import { createRequire } from 'node:module';
import { s3rverClientConfig } from './s3rver-client.mjs';

const require = createRequire(new URL('../packages/aws/package.json', import.meta.url));
const { S3Client } = await import(require.resolve('@aws-sdk/client-s3'));
const { createS3ObjectHandler } = await import(new URL('../packages/aws/dist/index.js', import.meta.url).href);

const s3 = new S3Client(s3rverClientConfig(workerData.endpoint));
let summary;
const handler = createS3ObjectHandler({
  s3Client: s3,
  output: { bucket: workerData.outputBucket, prefix: workerData.outputPrefix },
  log: line => {
    summary = JSON.parse(line);
  },
});
parentPort.on('message', async event => {
  if (event === 'stop') return void parentPort.close();
  const response = await handler(event);
  parentPort.postMessage({ summary, failures: response.batchItemFailures.length });
});
parentPort.postMessage('ready');
