// A worker thread of `flowecs --jobs`: converts one file at a time and posts
// its NDJSON to the main thread in chunks (transferred, not copied again),
// with its invalid lines. The main thread writes them in input order and
// returns credit as it does, so a worker never runs more than a bounded
// amount ahead.
import { Transform, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parentPort } from 'node:worker_threads';
import { createFlowLogStream, openFlowLogFile, readAwsLogsPath, type FlowLogInputFormat, type FlowLogStreamStats } from '@flowecs/stream';

export interface ConvertTask {
  readonly index: number;
  readonly path: string;
  readonly format: string | undefined;
  readonly profile: 'standard' | 'extended';
  readonly pretty: boolean;
  readonly inputFormat: FlowLogInputFormat;
}

export type WorkerMessage =
  | { readonly type: 'progress'; readonly index: number; readonly bytesRead: number }
  | { readonly type: 'data'; readonly index: number; readonly chunk: ArrayBuffer }
  | { readonly type: 'invalid'; readonly index: number; readonly lines: string }
  | { readonly type: 'done'; readonly index: number; readonly stats: FlowLogStreamStats; readonly failure: string | undefined };

/** Bytes a worker may have posted that the main thread has not written yet. */
export const WORKER_CREDIT = 32 * 1024 * 1024;
const IO_BUFFER = 512 * 1024;

let outstanding = 0;
let waiting: (() => void) | undefined;

function post(message: WorkerMessage, size: number, transfer: ArrayBuffer[] = []): void {
  outstanding += size;
  parentPort!.postMessage(message, transfer);
}

async function convert(task: ConvertTask): Promise<void> {
  const input = openFlowLogFile(task.path, { highWaterMark: IO_BUFFER, inputFormat: task.inputFormat });
  let invalid = '';
  const flushInvalid = () => {
    if (invalid === '') return;
    post({ type: 'invalid', index: task.index, lines: invalid }, invalid.length);
    invalid = '';
  };
  const flows = createFlowLogStream({
    format: task.format,
    profile: task.profile,
    output: task.pretty ? 'objects' : 'ndjson',
    source: task.path,
    origin: readAwsLogsPath(task.path),
    onInvalid: error => {
      invalid += `${JSON.stringify(error.toJSON())}\n`;
      if (invalid.length > 64 * 1024) flushInvalid();
    },
    readableHighWaterMark: task.pretty ? 64 : IO_BUFFER / 4,
  });
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      // A copy of exactly the chunk: its memory may be shared with others.
      const bytes = chunk.buffer.slice(chunk.byteOffset, chunk.byteOffset + chunk.byteLength) as ArrayBuffer;
      post({ type: 'data', index: task.index, chunk: bytes }, bytes.byteLength, [bytes]);
      if (outstanding < WORKER_CREDIT) callback();
      else waiting = () => callback();
    },
  });
  const timer = setInterval(() => parentPort!.postMessage({ type: 'progress', index: task.index, bytesRead: input.bytesRead } satisfies WorkerMessage), 100);
  const stages = task.pretty
    ? [new Transform({ writableObjectMode: true, transform: (event, _encoding, callback) => callback(null, `${JSON.stringify(event, null, 2)}\n`) })]
    : [];
  let failure: string | undefined;
  try {
    await pipeline(input, flows, ...stages, sink);
  } catch (error) {
    failure = (error as Error).message;
  } finally {
    clearInterval(timer);
  }
  flushInvalid();
  parentPort!.postMessage({ type: 'done', index: task.index, stats: flows.stats(), failure } satisfies WorkerMessage);
}

parentPort?.on('message', (message: ConvertTask | { readonly credit: number }) => {
  if ('credit' in message) {
    outstanding -= message.credit;
    if (waiting !== undefined && outstanding < WORKER_CREDIT) {
      const resume = waiting;
      waiting = undefined;
      resume();
    }
    return;
  }
  void convert(message);
});
