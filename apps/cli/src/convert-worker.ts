// A worker thread of `flowecs --jobs`: converts one file at a time and posts
// its NDJSON to the main thread in chunks (transferred, not copied again),
// with its invalid lines. The main thread writes them in input order and
// returns credit as it does, so a worker never runs more than a bounded
// amount ahead.
import { Writable } from 'node:stream';
import { parentPort } from 'node:worker_threads';
import { openFlowLogFile, type FlowLogStreamStats } from '@flowecs/stream';
import { convertInput, IO_BUFFER, type ConvertSettings, type DeadLetter } from './convert-file';

export interface ConvertTask extends ConvertSettings {
  readonly index: number;
  readonly path: string;
}

export type WorkerMessage =
  | { readonly type: 'progress'; readonly index: number; readonly bytesRead: number }
  | { readonly type: 'data'; readonly index: number; readonly chunk: ArrayBuffer }
  | { readonly type: 'invalid'; readonly index: number; readonly letters: readonly DeadLetter[] }
  | {
      readonly type: 'done';
      readonly index: number;
      readonly stats: FlowLogStreamStats;
      readonly failure: string | undefined;
    };

/** Bytes a worker may have posted that the main thread has not written yet. */
export const WORKER_CREDIT = 32 * 1024 * 1024;

let outstanding = 0;
let waiting: (() => void) | undefined;

function post(message: WorkerMessage, size: number, transfer: ArrayBuffer[] = []): void {
  outstanding += size;
  parentPort!.postMessage(message, transfer);
}

async function convert(task: ConvertTask): Promise<void> {
  const input = openFlowLogFile(task.path, { highWaterMark: IO_BUFFER, inputFormat: task.inputFormat });
  let letters: DeadLetter[] = [];
  let letterBytes = 0;
  const flushInvalid = () => {
    if (letters.length === 0) return;
    post({ type: 'invalid', index: task.index, letters }, letterBytes);
    letters = [];
    letterBytes = 0;
  };
  const sink = new Writable({
    write(chunk: Buffer | string, _encoding, callback) {
      // A copy of exactly the chunk: its memory may be shared with others.
      const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      const bytes = buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + buffer.byteLength) as ArrayBuffer;
      post({ type: 'data', index: task.index, chunk: bytes }, bytes.byteLength, [bytes]);
      if (outstanding < WORKER_CREDIT) callback();
      else waiting = () => callback();
    },
  });
  const conversion = convertInput(input, task.path, task, sink, letter => {
    letters.push(letter);
    letterBytes += letter.text.length;
    if (letterBytes > 64 * 1024) flushInvalid();
  });
  const timer = setInterval(
    () =>
      parentPort!.postMessage({
        type: 'progress',
        index: task.index,
        bytesRead: input.bytesRead,
      } satisfies WorkerMessage),
    100,
  );
  const failure = await conversion.done;
  clearInterval(timer);
  flushInvalid();
  parentPort!.postMessage({
    type: 'done',
    index: task.index,
    stats: conversion.stats(),
    failure,
  } satisfies WorkerMessage);
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
