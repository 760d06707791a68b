// The load run of `pnpm bench` (issue: scale out on AWS Lambda): a local
// harness plays Lambda. s3rver holds a queue's worth of flow-log objects
// (gzip, the diverse mix); 1, 2 and 4 handler instances (worker threads, one
// invocation at a time each, batches of 5 messages) drain the queue. Prints
// one JSON line per concurrency level: objects/s, records/s, the handlers'
// CPU time per record (this process's CPU: s3rver runs in a child process of
// its own, on the same cores), and whether the output holds exactly the
// input's records (counted in the output objects).
import { Worker } from 'node:worker_threads';
import { createGunzip, gzipSync } from 'node:zlib';
import { mixes } from './datasets.mjs';
import { sdk, startS3rver } from './start-s3rver.mjs';

const { GetObjectCommand, ListObjectsV2Command, PutObjectCommand } = sdk;

const quick = process.argv.includes('--quick');
const OBJECTS = quick ? 10 : 200;
const LINES = quick ? 5_000 : 50_000;
const LEVELS = quick ? [1, 2] : [1, 2, 4];
const BATCH = 5;
// Distinct objects to upload; the queue names each several times under other keys.
const DISTINCT = Math.min(OBJECTS, 10);

const server = await startS3rver(['flow-logs', 'flowecs-output']);
const { s3, endpoint } = server;

// The records are generated once and cut into objects (generating 10M diverse lines would take a minute).
const records = [...mixes.diverse(DISTINCT * LINES)];
const bodies = Array.from({ length: DISTINCT }, (_, index) =>
  gzipSync(`${records.slice(index * LINES, (index + 1) * LINES).join('\n')}\n`),
);
const keys = Array.from(
  { length: OBJECTS },
  (_, index) => `AWSLogs/123456789010/vpcflowlogs/us-east-1/2024/11/30/object-${String(index).padStart(4, '0')}.log.gz`,
);
for (const [index, Key] of keys.entries())
  await s3.send(new PutObjectCommand({ Bucket: 'flow-logs', Key, Body: bodies[index % DISTINCT] }));
const compressedBytes = keys.reduce((total, _key, index) => total + bodies[index % DISTINCT].length, 0);

const notification = Key => ({
  eventSource: 'aws:sqs',
  messageId: Key,
  body: JSON.stringify({
    Records: [
      {
        eventVersion: '2.1',
        eventSource: 'aws:s3',
        eventName: 'ObjectCreated:Put',
        s3: { bucket: { name: 'flow-logs' }, object: { key: Key } },
      },
    ],
  }),
});

async function countLines(prefix) {
  const listed = [];
  let token;
  do {
    const page = await s3.send(
      new ListObjectsV2Command({ Bucket: 'flowecs-output', Prefix: prefix, ContinuationToken: token }),
    );
    listed.push(...(page.Contents ?? []).map(object => object.Key));
    token = page.NextContinuationToken;
  } while (token !== undefined);
  let lines = 0;
  for (const Key of listed) {
    const { Body } = await s3.send(new GetObjectCommand({ Bucket: 'flowecs-output', Key }));
    for await (const chunk of Body.pipe(createGunzip()))
      for (let at = chunk.indexOf(10); at !== -1; at = chunk.indexOf(10, at + 1)) lines++;
  }
  return { objects: listed.length, lines };
}

for (const concurrency of LEVELS) {
  const outputPrefix = `concurrency-${concurrency}/`;
  const instances = await Promise.all(
    Array.from({ length: concurrency }, async () => {
      const worker = new Worker(new URL('./lambda-instance.mjs', import.meta.url), {
        workerData: { endpoint, outputBucket: 'flowecs-output', outputPrefix },
      });
      await new Promise(resolve => worker.once('message', resolve));
      return worker;
    }),
  );
  const queue = [];
  for (let start = 0; start < keys.length; start += BATCH) queue.push(keys.slice(start, start + BATCH));
  let events = 0;
  let failures = 0;
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  await Promise.all(
    instances.map(async worker => {
      for (let batch = queue.shift(); batch !== undefined; batch = queue.shift()) {
        worker.postMessage({ Records: batch.map(notification) });
        const result = await new Promise(resolve => worker.once('message', resolve));
        events += result.summary.events;
        failures += result.failures;
      }
      worker.postMessage('stop');
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  await Promise.all(instances.map(worker => worker.terminate()));
  const output = await countLines(outputPrefix);
  console.log(
    JSON.stringify({
      concurrency,
      objects: OBJECTS,
      records: OBJECTS * LINES,
      compressedBytes,
      seconds,
      objectsPerSecond: OBJECTS / seconds,
      recordsPerSecond: (OBJECTS * LINES) / seconds,
      cpuMicrosecondsPerRecord: (cpu.user + cpu.system) / (OBJECTS * LINES),
      failures,
      reportedEvents: events,
      outputObjects: output.objects,
      outputRecords: output.lines,
      complete: output.objects === OBJECTS && output.lines === OBJECTS * LINES && events === OBJECTS * LINES,
    }),
  );
}
await server.stop();
