import { finished, Transform, type Readable, type TransformCallback } from 'node:stream';

/**
 * A Transform that can fail at its end without losing what it pushed before:
 * `pipeline()` destroys every stream of the pipeline on an error, with
 * whatever they still buffer, so the error waits until each chunk pushed has
 * been handed on. Event-driven, with public stream APIs only:
 *
 * - piped (`pipe()`, which `pipeline()` calls): the readable side ends, so
 *   each destination gets every chunk and is ended by whoever piped it; the
 *   error follows each ended destination's `finished` (all written, and for
 *   a Duplex, read by the stage after it too). The writable side is still
 *   open until then, so the pipeline cannot have completed. Whoever commits
 *   on a destination's end (an upload) must wait for the pipeline instead.
 * - read directly (`'data'`, `read()`, async iteration): the error follows
 *   the `'data'` event that takes the last chunk. The stream does not end
 *   first, or a loop over it would stop before the error.
 */
export abstract class HandOnTransform extends Transform {
  /** The streams this one pipes into: `pipe()` is the only public way to know them. */
  readonly #destinations = new Set<NodeJS.WritableStream>();

  override pipe<Destination extends NodeJS.WritableStream>(
    destination: Destination,
    options?: { end?: boolean | undefined },
  ): Destination {
    this.#destinations.add(destination);
    destination.once('unpipe', (source: Readable) => source === this && this.#destinations.delete(destination));
    return super.pipe(destination, options);
  }

  /** Calls a `_flush` callback with `failure` once every chunk pushed has been handed on. */
  protected failWhenHandedOn(failure: Error, callback: TransformCallback): void {
    let called = false;
    const fail = () => {
      if (called) return;
      called = true;
      callback(failure);
    };
    if (this.destroyed) return fail();
    if (this.#destinations.size === 0) return whenTaken(this, fail);
    const destinations = [...this.#destinations];
    this.once('end', () => {
      // `pipeline()` ends a destination on this 'end', before this listener;
      // one piped with `end: false` and left open is not destroyed by an error.
      const ended = destinations.filter(
        destination =>
          (destination as { destroyed?: boolean }).destroyed !== true &&
          (destination as { writableEnded?: boolean }).writableEnded === true,
      );
      let waiting = ended.length;
      if (waiting === 0) return fail();
      for (const destination of ended) finished(destination, () => --waiting === 0 && fail());
    });
    // Destroyed before the end (a destination failed): the pipeline has its error already.
    this.once('close', fail);
    this.push(null);
  }
}

/** Calls `done` once a reader has taken every chunk `stream` holds. */
function whenTaken(stream: Readable, done: () => void): void {
  if (stream.readableLength === 0) return done();
  if (stream.readableFlowing === null) {
    // Nobody reads yet: a 'data' listener of ours would start the flow and
    // take the chunks itself. Wait for a reader's listener.
    const onListener = (event: string | symbol) => {
      if (event !== 'data' && event !== 'readable') return;
      stream.off('newListener', onListener);
      process.nextTick(() => whenTaken(stream, done));
    };
    stream.on('newListener', onListener);
    return;
  }
  // Flowing or paused, every chunk taken is a 'data' event (adding a
  // listener does not resume a paused stream).
  const onData = () => {
    if (stream.readableLength > 0) return;
    stream.off('data', onData);
    done();
  };
  stream.on('data', onData);
}
