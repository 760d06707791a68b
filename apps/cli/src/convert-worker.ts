// A worker thread of `flowecs --jobs`: converts one file at a time into a
// temporary NDJSON file (and its invalid lines into another), so the main
// thread can append the files' output in input order.
import { createWriteStream } from 'node:fs';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parentPort } from 'node:worker_threads';
import { createFlowLogStream, openFlowLogFile, type FlowLogStreamStats } from '@flowecs/stream';

export interface ConvertTask {
  readonly index: number;
  readonly path: string;
  readonly format: string | undefined;
  readonly profile: 'standard' | 'extended';
  readonly pretty: boolean;
  /** Where the events go, and the invalid lines as NDJSON. */
  readonly eventsPath: string;
  readonly invalidPath: string;
}

export type WorkerMessage =
  | { readonly type: 'progress'; readonly index: number; readonly bytesRead: number }
  | { readonly type: 'done'; readonly index: number; readonly stats: FlowLogStreamStats; readonly failure: string | undefined };

const IO_BUFFER = 512 * 1024;

async function convert(task: ConvertTask): Promise<void> {
  const input = openFlowLogFile(task.path, { highWaterMark: IO_BUFFER });
  const invalid = createWriteStream(task.invalidPath);
  const flows = createFlowLogStream({
    format: task.format,
    profile: task.profile,
    output: task.pretty ? 'objects' : 'ndjson',
    source: task.path,
    onInvalid: error => void invalid.write(`${JSON.stringify(error.toJSON())}\n`),
    readableHighWaterMark: task.pretty ? 64 : IO_BUFFER / 4,
    writableHighWaterMark: IO_BUFFER,
  });
  const timer = setInterval(() => parentPort!.postMessage({ type: 'progress', index: task.index, bytesRead: input.bytesRead } satisfies WorkerMessage), 100);
  const stages = task.pretty
    ? [new Transform({ writableObjectMode: true, transform: (event, _encoding, callback) => callback(null, `${JSON.stringify(event, null, 2)}\n`) })]
    : [];
  let failure: string | undefined;
  try {
    await pipeline(input, flows, ...stages, createWriteStream(task.eventsPath, { highWaterMark: IO_BUFFER }));
  } catch (error) {
    failure = (error as Error).message;
  } finally {
    clearInterval(timer);
  }
  await new Promise<void>(resolve => invalid.end(() => resolve()));
  parentPort!.postMessage({ type: 'done', index: task.index, stats: flows.stats(), failure } satisfies WorkerMessage);
}

parentPort?.on('message', (task: ConvertTask) => {
  void convert(task);
});
