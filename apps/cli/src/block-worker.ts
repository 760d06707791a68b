// A worker thread of `flowecs --jobs`: parses blocks of whole lines (cut by
// the main thread's block splitter) to NDJSON, each from the line number and
// layout it is given, and posts back the bytes (transferred), the invalid
// lines (their bytes transferred too), the counts and where the parser stopped.
import { parentPort } from 'node:worker_threads';
import {
  createFlowLogStream,
  type FlowLogStream,
  type FlowLogStreamStats,
  type ParserCheckpoint,
} from '@flowecs/stream';
import { conversionOptions, type ConvertSettings } from './convert-file';
import { gatherInvalidLines, type InvalidLines } from './invalid-lines';

export interface BlockTask {
  readonly id: number;
  /** Whole lines, in memory shared with the main thread (which keeps them to re-run the block). */
  readonly bytes: Uint8Array;
  readonly label: string;
  readonly settings: ConvertSettings;
  /** Where the input stands at the block's first line; undefined for the input's start. */
  readonly resume: ParserCheckpoint | undefined;
}

export interface BlockResult {
  readonly id: number;
  /** The NDJSON, in the flow stream's batches: each its own memory, handed over without a copy, and its length. */
  readonly ndjson: readonly { readonly buffer: ArrayBuffer; readonly length: number }[];
  /** The block's invalid lines, in batches (see `gatherInvalidLines`). */
  readonly invalid: readonly InvalidLines[];
  readonly stats: FlowLogStreamStats;
  /** Where the parser stands after the block's last line. */
  readonly end: ParserCheckpoint;
}

// One flow stream per input, reused from block to block (continueFrom): its
// parser's compiled templates and optimised code are kept.
interface InputState {
  readonly key: string;
  readonly flows: FlowLogStream;
  readonly invalid: ReturnType<typeof gatherInvalidLines>;
  batches: InvalidLines[];
  chunks: Buffer[];
}
let current: InputState | undefined;

parentPort?.on('message', (task: BlockTask) => {
  const key = `${task.label}\u0000${JSON.stringify(task.settings)}`;
  if (current?.key !== key) {
    const invalid = gatherInvalidLines(lines => void state.batches.push(lines));
    const state: InputState = {
      key,
      invalid,
      batches: [],
      chunks: [],
      flows: createFlowLogStream({
        ...conversionOptions(task.label, task.settings),
        onInvalid: error => invalid.add(error),
        // Read once the block is written: never full.
        readableHighWaterMark: 1 << 30,
      }),
    };
    state.flows.on('data', (chunk: Buffer) => void state.chunks.push(chunk));
    current = state;
  }
  const { flows } = current;
  current.batches = [];
  current.chunks = [];
  flows.continueFrom(task.resume);
  // The batches flow out as they are made; the last ones by the next turn.
  flows.write(Buffer.from(task.bytes.buffer, task.bytes.byteOffset, task.bytes.length), () => setImmediate(post));
  function post(): void {
    const ndjson = current!.chunks.map(chunk =>
      // A batch starts its memory (the writer detaches it); copied only if not.
      chunk.byteOffset === 0
        ? { buffer: chunk.buffer as ArrayBuffer, length: chunk.byteLength }
        : { buffer: new Uint8Array(chunk).buffer, length: chunk.byteLength },
    );
    current!.invalid.handOn();
    const result: BlockResult = {
      id: task.id,
      ndjson,
      invalid: current!.batches,
      stats: flows.stats(),
      end: flows.checkpoint(),
    };
    parentPort!.postMessage(result, [
      ...ndjson.map(part => part.buffer),
      ...result.invalid.map(lines => lines.bytes.buffer),
    ]);
  }
});
