import { Writable } from 'node:stream';

/**
 * The shared output: each input's pipeline ends in a `forward` stage that
 * writes here and waits for drain, so one slow reader slows every input. An
 * error (EPIPE when the reader quits) is kept and fails the current pipeline.
 */
export function watchWritable(target: Writable) {
  const state = {
    error: undefined as Error | undefined,
    /** Writes one chunk, waiting for drain when the target is full. */
    async write(chunk: Buffer): Promise<void> {
      if (state.error !== undefined) return;
      if (target.write(chunk)) return;
      await new Promise<void>(resolve => {
        const done = () => {
          target.off('drain', done);
          target.off('error', done);
          resolve();
        };
        target.once('drain', done);
        target.once('error', done);
      });
    },
    forward(): Writable {
      return new Writable({
        // Chunks, not bytes: a chunk written through at once never waits for 'drain'.
        objectMode: true,
        highWaterMark: 64,
        write(chunk: Buffer | string, _encoding, callback) {
          if (state.error !== undefined) return callback(state.error);
          if (target.write(chunk)) return callback();
          const done = (error?: Error) => {
            target.off('drain', onDrain);
            target.off('error', onError);
            callback(error);
          };
          const onDrain = () => done();
          const onError = (error: Error) => done(error);
          target.once('drain', onDrain);
          target.once('error', onError);
        },
      });
    },
  };
  target.on('error', error => {
    state.error ??= error;
  });
  return state;
}

/** Whether a write failed because the reader went away (`| head`). */
export function isBrokenPipe(error: Error | undefined): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === 'EPIPE';
}
