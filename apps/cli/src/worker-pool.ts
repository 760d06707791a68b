import { Worker } from 'node:worker_threads';
import type { FlowLogStreamStats } from '@flowecs/stream';
import type { ConvertSettings, DeadLetter } from './convert-file';
import type { ConvertTask, WorkerMessage } from './convert-worker';

export type FilePart =
  | { readonly type: 'data'; readonly chunk: Buffer; readonly release: () => void }
  | { readonly type: 'invalid'; readonly letters: readonly DeadLetter[]; readonly release: () => void }
  | { readonly type: 'done'; readonly stats: FlowLogStreamStats; readonly failure: string | undefined };

interface Job {
  readonly task: ConvertTask;
  worker?: Worker;
  bytesRead: number;
  readonly parts: FilePart[];
  wake?: (() => void) | undefined;
  error?: Error;
}

/**
 * Converts files on worker threads, ahead of the main thread, which reads
 * each file's parts in input order. A worker blocks when the main thread
 * holds too much of its output (see WORKER_CREDIT), so memory stays bounded.
 */
export function createWorkerPool(size: number, settings: ConvertSettings) {
  const workerFile = new URL('./convert-worker.js', import.meta.url);
  const idle: Worker[] = [];
  const workers: Worker[] = [];
  const jobs = new Map<number, Job>();
  const pending: number[] = [];

  const credit = (worker: Worker, bytes: number) => () => worker.postMessage({ credit: bytes });

  function deliver(job: Job, part: FilePart): void {
    job.parts.push(part);
    const wake = job.wake;
    job.wake = undefined;
    wake?.();
  }

  function startWorker(): Worker {
    const worker = new Worker(workerFile);
    worker.on('message', (message: WorkerMessage) => {
      const job = jobs.get(message.index);
      if (job === undefined) return;
      switch (message.type) {
        case 'progress':
          job.bytesRead = message.bytesRead;
          return;
        case 'data':
          deliver(job, {
            type: 'data',
            chunk: Buffer.from(message.chunk),
            release: credit(worker, message.chunk.byteLength),
          });
          return;
        case 'invalid':
          deliver(job, {
            type: 'invalid',
            letters: message.letters,
            release: credit(
              worker,
              message.letters.reduce((sum, letter) => sum + letter.text.length, 0),
            ),
          });
          return;
        case 'done':
          deliver(job, { type: 'done', stats: message.stats, failure: message.failure });
          idle.push(worker);
          schedule();
      }
    });
    worker.on('error', error => {
      // A crashed worker fails the file it held; the others go on.
      for (const job of jobs.values()) {
        if (job.worker === worker) {
          job.error = error;
          job.wake?.();
        }
      }
    });
    workers.push(worker);
    return worker;
  }

  function schedule(): void {
    while (pending.length > 0) {
      const worker = idle.pop() ?? (workers.length < size ? startWorker() : undefined);
      if (worker === undefined) return;
      const job = jobs.get(pending.shift()!)!;
      job.worker = worker;
      worker.postMessage(job.task);
    }
  }

  return {
    /** Queues a file; `index` orders the results. */
    add(index: number, path: string): void {
      jobs.set(index, {
        task: {
          index,
          path,
          format: settings.format,
          profile: settings.profile,
          pretty: settings.pretty,
          inputFormat: settings.inputFormat,
        },
        bytesRead: 0,
        parts: [],
      });
      pending.push(index);
      schedule();
    },
    /** The parts of file `index`, in order, ending with `done`. */
    async *parts(index: number): AsyncGenerator<FilePart> {
      const job = jobs.get(index)!;
      try {
        for (;;) {
          const part = job.parts.shift();
          if (part !== undefined) {
            yield part;
            if (part.type === 'done') return;
            continue;
          }
          if (job.error !== undefined) throw job.error;
          await new Promise<void>(resolve => (job.wake = resolve));
        }
      } finally {
        jobs.delete(index);
      }
    },
    /** Raw bytes read by the files still held, for progress. */
    bytesInFlight(): number {
      let total = 0;
      for (const job of jobs.values()) total += job.bytesRead;
      return total;
    },
    async close(): Promise<void> {
      await Promise.all(workers.map(worker => worker.terminate()));
    },
  };
}
