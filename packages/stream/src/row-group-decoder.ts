import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import type { AsyncBuffer, FileMetaData } from 'hyparquet';
import type { DecodedSegment, DecodeMessage, DecodeRequest, WorkerMessage } from './decode-parquet-worker';

/** The decoding worker's heap: a row group's pages that need more are damaged or hostile. */
const WORKER_HEAP_MB = 256;
/** Segments the worker may send ahead of the reader: about 2 MB of text. */
export const SEGMENT_CREDIT = 8;
/** How long a worker asked to stop may take to reach its next wait. */
const STOP_GRACE_MS = 5000;

export interface RowGroupRange {
  readonly group: FileMetaData['row_groups'][number];
  readonly rowStart: number;
  readonly rowEnd: number;
}

/** How a row group's decoding failed: at which of its rows (0-based), and why. */
export class RowGroupError extends Error {
  constructor(
    readonly row: number,
    message: string,
  ) {
    super(message);
  }
}

interface Job {
  readonly segments: DecodedSegment[];
  end?: { readonly row: number; readonly error?: string };
  wake?: (() => void) | undefined;
  /** The watchdog's budget while this request is the one being decoded. */
  readonly budget: number;
}

/**
 * Decodes row groups on a worker thread (decode-parquet-worker.ts) with a
 * heap limit and a watchdog. Segments stream back as they are made, at most
 * `SEGMENT_CREDIT` ahead of the reader (credit returned as each is taken), so
 * a slow reader holds the worker, not memory. The watchdog runs only while
 * the worker has credit: a damaged page that loops gives an error, never a
 * hang, and a slow reader is never mistaken for one.
 */
export function createRowGroupDecoder(file: AsyncBuffer, metadata: FileMetaData, columns: readonly string[]) {
  let worker: Worker | undefined;
  let nextId = 0;
  let credit = SEGMENT_CREDIT;
  let watchdog: NodeJS.Timeout | undefined;
  // Requests in the order the worker takes them.
  const jobs = new Map<number, Job>();
  const endAll = (error: string) => {
    for (const job of jobs.values()) end(job, { row: 0, error });
  };
  const end = (job: Job, how: NonNullable<Job['end']>) => {
    job.end ??= how;
    job.wake?.();
  };
  const arm = () => {
    clearTimeout(watchdog);
    const head = [...jobs.values()].find(job => job.end === undefined);
    if (head === undefined || credit <= 0) return;
    watchdog = setTimeout(() => {
      endAll(`decoding made no progress for ${Math.round(head.budget / 1000)} s: damaged pages`);
      void stop(true);
    }, head.budget);
  };
  const start = () => {
    // From the sources (tests), the worker is the built one.
    const url = import.meta.url.endsWith('.ts')
      ? new URL('../dist/decode-parquet-worker.js', import.meta.url)
      : new URL('./decode-parquet-worker.js', import.meta.url);
    const created = new Worker(url, {
      resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB, maxYoungGenerationSizeMb: 8 },
    });
    created.on('message', (message: DecodeMessage) => {
      const job = jobs.get(message.id);
      if (job === undefined) return;
      if ('segment' in message) {
        credit--;
        job.segments.push(message.segment);
        job.wake?.();
      } else end(job, message);
      arm();
    });
    created.once('error', (error: Error & { code?: string }) =>
      endAll(
        error.code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? `decoding needs more than ${WORKER_HEAP_MB} MB: damaged or hostile pages`
          : error.message,
      ),
    );
    created.once('exit', () => endAll('the decoder stopped'));
    return created;
  };
  /**
   * Ends the worker: asked to close its port and exit when it next waits (it
   * waits for credit after a few segments), terminated only when it is stuck.
   * Terminated mid-work, it could be stopped inside Node's zlib between
   * creating a handle and initialising it, and Node 20 then aborts the whole
   * process as the worker exits ("close before init").
   */
  const stop = async (stuck = false) => {
    clearTimeout(watchdog);
    const current = worker;
    worker = undefined;
    if (current === undefined) return;
    if (stuck) return void (await current.terminate());
    const exited = once(current, 'exit');
    // (The second argument of postMessage is the transfer list of worker_threads, not a window's target origin.)
    current.postMessage({ stop: true } satisfies WorkerMessage, []);
    const timer = setTimeout(() => void current.terminate(), STOP_GRACE_MS);
    await exited;
    clearTimeout(timer);
  };
  const send = (message: WorkerMessage, transfer: ArrayBuffer[] = []) => {
    // (The second argument of postMessage is the transfer list of worker_threads, not a window's target origin.)
    worker?.postMessage(message, transfer);
  };

  // Row groups reach the worker in the order they are requested, whichever's bytes come first.
  let posted: Promise<unknown> = Promise.resolve();

  /** Reads the row group's column chunks (once, handed over) and queues them on the worker. */
  function decode({ group, rowStart, rowEnd }: RowGroupRange): Promise<Job> {
    let from = Number.POSITIVE_INFINITY;
    let to = 0;
    for (const chunk of group.columns) {
      const meta = chunk.meta_data;
      if (meta === undefined) continue;
      const begin = Number(meta.dictionary_page_offset ?? meta.data_page_offset);
      from = Math.min(from, begin);
      to = Math.max(to, begin + Number(meta.total_compressed_size));
    }
    // Decoding runs at tens of MB a second: 5 s and 2 s per MB is ample; a damaged page can loop for ever.
    const budget = 5000 + Math.max(0, to - from) / 500;
    const ended = (error?: string): Job => ({
      segments: [],
      budget,
      end: error === undefined ? { row: 0 } : { row: 0, error },
    });
    if (rowEnd === rowStart) return Promise.resolve(ended());
    if (!(from >= 0 && to <= file.byteLength && from <= to)) return Promise.resolve(ended('they lie outside the file'));
    // Settled at once, so a failed read is never an unhandled rejection while it waits its turn.
    const reading = Promise.resolve(file.slice(from, to)).then(
      bytes => ({ bytes }),
      (error: unknown) => ({ error: error instanceof Error ? error.message : String(error) }),
    );
    const queued = posted.then(async (): Promise<Job> => {
      const read = await reading;
      if ('error' in read) return ended(read.error);
      const { bytes } = read;
      worker ??= start();
      const id = nextId++;
      const pending: Job = { segments: [], budget };
      jobs.set(id, pending);
      const message: DecodeRequest = { schema: metadata.schema, group, bytes, offset: from, columns };
      send({ id, ...message }, [bytes]);
      arm();
      return pending;
    });
    posted = queued;
    return queued;
  }

  /** The row group's segments as the reader takes them; a decoding failure throws a `RowGroupError` after the rows before it. */
  async function* segments(pending: Promise<Job>): AsyncGenerator<DecodedSegment> {
    const job = await pending;
    try {
      for (;;) {
        const segment = job.segments.shift();
        if (segment !== undefined) {
          yield segment;
          // Taken: the worker may make another.
          credit++;
          send({ credit: 1 });
          arm();
          continue;
        }
        if (job.end !== undefined) break;
        await new Promise<void>(resolve => (job.wake = resolve));
        job.wake = undefined;
      }
    } finally {
      for (const [id, each] of jobs) if (each === job) jobs.delete(id);
    }
    if (job.end.error !== undefined) {
      // A worker that failed may be stuck or spent: never reuse it.
      await stop();
      throw new RowGroupError(job.end.row, job.end.error);
    }
  }

  return { decode, segments, close: () => stop() };
}
