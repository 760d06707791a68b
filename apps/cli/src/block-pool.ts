import { Worker } from 'node:worker_threads';
import type { BlockResult, BlockTask } from './block-worker';

/**
 * Worker threads that parse blocks (block-worker.ts), one block at a time
 * each, in the order they are asked for. A crashed worker fails the block it
 * held and is replaced.
 */
export function createBlockPool(size: number) {
  // From the sources (tests), the worker is the built one.
  const workerFile = import.meta.url.endsWith('.ts')
    ? new URL('../dist/block-worker.js', import.meta.url)
    : new URL('./block-worker.js', import.meta.url);
  const idle: Worker[] = [];
  const workers = new Set<Worker>();
  const queue: { task: BlockTask; resolve: (result: BlockResult) => void; reject: (error: Error) => void }[] = [];
  const running = new Map<Worker, (typeof queue)[number]>();
  let nextId = 0;

  function start(): Worker {
    const worker = new Worker(workerFile, { resourceLimits: { maxYoungGenerationSizeMb: 4 } });
    worker.on('message', (result: BlockResult) => {
      const job = running.get(worker);
      running.delete(worker);
      idle.push(worker);
      job?.resolve(result);
      schedule();
    });
    worker.once('error', error => {
      const job = running.get(worker);
      running.delete(worker);
      workers.delete(worker);
      job?.reject(error);
      schedule();
    });
    workers.add(worker);
    return worker;
  }

  function schedule(): void {
    while (queue.length > 0) {
      const worker = idle.pop() ?? (workers.size < size ? start() : undefined);
      if (worker === undefined) return;
      const job = queue.shift()!;
      running.set(worker, job);
      worker.postMessage(job.task);
    }
  }

  return {
    size,
    /** Parses a block; resolves with its NDJSON, invalid lines, counts and end checkpoint. */
    convert(task: Omit<BlockTask, 'id'>): Promise<BlockResult> {
      return new Promise((resolve, reject) => {
        queue.push({ task: { ...task, id: nextId++ }, resolve, reject });
        schedule();
      });
    },
    async close(): Promise<void> {
      await Promise.all([...workers].map(worker => worker.terminate()));
    },
  };
}

export type BlockPool = ReturnType<typeof createBlockPool>;
