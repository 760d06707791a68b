import { readdirSync, readFileSync } from 'node:fs';
import { PassThrough, Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import { describe, expect, test } from 'vitest';
import { HandOnTransform } from './hand-on-transform';

const failure = new Error('the input was cut');
const CHUNKS = 200;

/** A Transform that passes chunks on and, at its end, fails once they are handed on. */
class Failing extends HandOnTransform {
  constructor(objectMode: boolean) {
    super({ objectMode, highWaterMark: 4 });
  }
  override _transform(
    chunk: unknown,
    _encoding: BufferEncoding,
    callback: (error?: Error | null, data?: unknown) => void,
  ) {
    callback(null, chunk);
  }
  override _flush(callback: (error?: Error | null) => void) {
    this.failWhenHandedOn(failure, callback);
  }
}

const source = (objectMode: boolean) =>
  Readable.from(
    Array.from({ length: CHUNKS }, (_, index) => (objectMode ? { index } : Buffer.from(`line ${index}\n`))),
    { objectMode },
  );

/** A writable that takes a few milliseconds now and then: slower than the stream before it. */
function slowWriter(objectMode: boolean, received: unknown[]) {
  return new Writable({
    objectMode,
    highWaterMark: 2,
    write(chunk, _encoding, callback) {
      received.push(chunk);
      // Every write finishes later; some much later.
      if (received.length % 16 === 0) setTimeout(callback, 3);
      else setImmediate(callback);
    },
  });
}

describe('HandOnTransform: a stream fails only after its output was handed on', () => {
  test.each([false, true])(
    'piped into a slow writer (objectMode %s): every chunk written, then the error',
    async objectMode => {
      const received: unknown[] = [];
      await expect(
        pipeline(source(objectMode), new Failing(objectMode), slowWriter(objectMode, received)),
      ).rejects.toBe(failure);
      expect(received.length).toBe(objectMode ? CHUNKS : received.length);
      if (!objectMode)
        expect(
          Buffer.concat(received as Buffer[])
            .toString()
            .split('\n').length - 1,
        ).toBe(CHUNKS);
    },
  );

  test('through a Duplex (gzip, then gunzip) into a slow writer: the stages after it get everything too', async () => {
    const received: Buffer[] = [];
    await expect(
      pipeline(source(false), new Failing(false), createGzip(), createGunzip(), slowWriter(false, received)),
    ).rejects.toBe(failure);
    expect(Buffer.concat(received).toString().split('\n').length - 1).toBe(CHUNKS);
  });

  test('read by an async loop: every chunk, then the error (the stream does not end first)', async () => {
    const stream = source(true).pipe(new Failing(true));
    let count = 0;
    await expect(
      (async () => {
        for await (const chunk of stream) {
          if (chunk !== null) count++;
          if (count % 16 === 0) await new Promise(resolve => setTimeout(resolve, 2));
        }
      })(),
    ).rejects.toBe(failure);
    expect(count).toBe(CHUNKS);
  });

  test('a reader that starts late still gets every chunk before the error', async () => {
    const input = new PassThrough({ objectMode: true });
    const stream = input.pipe(new Failing(true));
    // Fewer chunks than the stream holds: it reaches its end before anyone reads.
    for (let index = 0; index < 3; index++) input.write({ index });
    input.end();
    await new Promise(resolve => setTimeout(resolve, 20));
    const chunks: unknown[] = [];
    const failed = new Promise(resolve => stream.on('error', resolve));
    stream.on('data', chunk => chunks.push(chunk));
    expect(await failed).toBe(failure);
    expect(chunks).toHaveLength(3);
  });

  test('piped by hand with `end: false`: the error follows, without waiting for an end that never comes', async () => {
    const received: unknown[] = [];
    const stream = source(true).pipe(new Failing(true));
    stream.pipe(slowWriter(true, received), { end: false });
    expect(await new Promise(resolve => stream.on('error', resolve))).toBe(failure);
    expect(received.length).toBeGreaterThan(0);
  });

  test('the stream package has no polling loop and reads no Node internals (`_readableState`, `_writableState`)', () => {
    const sources = readdirSync(new URL('.', import.meta.url)).filter(
      name => name.endsWith('.ts') && !name.endsWith('.test.ts'),
    );
    // The modules with timers poll nothing: a worker's watchdog and its grace period end something,
    // and gunzip's one setImmediate per batch hands decoded bytes on after zlib's next step is queued.
    const timers = new Set(['row-group-decoder.ts', 'gunzip-members.ts']);
    const offenders = sources.filter(name => {
      const text = readFileSync(new URL(name, import.meta.url), 'utf8');
      return (
        /_(readable|writable)State/.test(text) || (!timers.has(name) && /set(Timeout|Interval|Immediate)\(/.test(text))
      );
    });
    expect(offenders).toEqual([]);
  });
});
