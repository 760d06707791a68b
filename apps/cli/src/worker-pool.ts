import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { FlowLogStreamStats } from '@flowecs/stream';
import type { ConvertTask, WorkerMessage } from './convert-worker';

export interface FileResult {
  readonly eventsPath: string;
  readonly invalidPath: string;
  readonly stats: FlowLogStreamStats;
  readonly failure: string | undefined;
}

interface Job {
  readonly task: ConvertTask;
  bytesRead: number;
  result?: Promise<FileResult>;
}

/**
 * Converts files on worker threads, ahead of the main thread, which takes the
 * results in input order. At most `size` files run at once and at most
 * `2 × size` finished files wait on disk, so temporary space stays bounded.
 */
export async function createWorkerPool(size: number, settings: Pick<ConvertTask, 'format' | 'profile' | 'pretty'>) {
  const directory = await mkdtemp(join(tmpdir(), 'flowecs-'));
  const workerFile = new URL('./convert-worker.js', import.meta.url);
  const idle: Worker[] = [];
  const workers: Worker[] = [];
  const jobs = new Map<number, Job>();
  const pending: number[] = [];
  const waiting = new Map<number, { resolve: (result: FileResult) => void; reject: (error: Error) => void }>();
  let taken = -1;

  const onMessage = (worker: Worker) => (message: WorkerMessage) => {
    const job = jobs.get(message.index);
    if (job === undefined) return;
    if (message.type === 'progress') {
      job.bytesRead = message.bytesRead;
      return;
    }
    const result = { eventsPath: job.task.eventsPath, invalidPath: job.task.invalidPath, stats: message.stats, failure: message.failure };
    waiting.get(message.index)?.resolve(result);
    idle.push(worker);
    schedule();
  };

  function startWorker(): Worker {
    const worker = new Worker(workerFile);
    worker.on('message', onMessage(worker));
    worker.on('error', error => {
      // A crashed worker fails the file it held; the others go on.
      for (const [index, job] of jobs) {
        if (job.bytesRead >= 0 && waiting.has(index)) waiting.get(index)!.reject(error);
      }
    });
    workers.push(worker);
    return worker;
  }

  function schedule(): void {
    while (pending.length > 0 && pending[0]! <= taken + 2 * size) {
      const worker = idle.pop() ?? (workers.length < size ? startWorker() : undefined);
      if (worker === undefined) return;
      const index = pending.shift()!;
      worker.postMessage(jobs.get(index)!.task);
    }
  }

  return {
    /** Queues a file; `index` orders the results. */
    add(index: number, path: string): void {
      const task: ConvertTask = { index, path, ...settings, eventsPath: join(directory, `${index}.ndjson`), invalidPath: join(directory, `${index}.invalid.ndjson`) };
      const job: Job = { task, bytesRead: 0 };
      job.result = new Promise<FileResult>((resolve, reject) => waiting.set(index, { resolve, reject }));
      // Rejections are handled when the file is taken; none goes unhandled meanwhile.
      job.result.catch(() => {});
      jobs.set(index, job);
      pending.push(index);
      schedule();
    },
    /** The result of file `index`, once it is done; lets later files start. */
    async take(index: number): Promise<FileResult> {
      taken = index;
      schedule();
      const result = await jobs.get(index)!.result!;
      jobs.delete(index);
      waiting.delete(index);
      return result;
    },
    /** Raw bytes read by the files still running, for progress. */
    bytesInFlight(): number {
      let total = 0;
      for (const job of jobs.values()) total += job.bytesRead;
      return total;
    },
    async close(): Promise<void> {
      await Promise.all(workers.map(worker => worker.terminate()));
      await rm(directory, { recursive: true, force: true });
    },
  };
}
