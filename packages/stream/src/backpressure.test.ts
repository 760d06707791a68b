import { once } from 'node:events';
import { Readable } from 'node:stream';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { describe, expect, test } from 'vitest';
import { createFlowLogStream } from './create-flow-log-stream';

const LINE =
  '2 123456789010 eni-1235b8ca123456789 172.31.16.139 172.31.16.21 20641 22 6 20 4249 1418530010 1418530070 ACCEPT OK\n';
const TOTAL = 200_000;

// A source that makes lines on demand, 64 KiB at a time, counting what it made.
function lineSource(total: number, line = LINE) {
  let made = 0;
  const source = new Readable({
    read() {
      if (made >= total) return void this.push(null);
      const count = Math.min(500, total - made);
      made += count;
      this.push(line.repeat(count));
    },
  });
  return { source, made: () => made };
}

async function settle(turns = 50) {
  for (let turn = 0; turn < turns; turn++) await nextTurn();
}

describe('backpressure', () => {
  test.each(['objects', 'ndjson'] as const)(
    'a paused consumer keeps %s buffered within the high-water marks',
    async output => {
      const { source, made } = lineSource(TOTAL);
      const stream = createFlowLogStream({ output });
      source.pipe(stream);
      await settle();
      const readableLimit = stream.readableHighWaterMark;
      const writableLimit = stream.writableHighWaterMark;
      // Nothing reads: the stream stops pushing at its readable mark, then stops
      // taking input, and the source stops producing.
      // A push may overshoot the mark by the one item that filled it.
      // NDJSON leaves in batches of about 64 KiB.
      const item = output === 'objects' ? 1 : 64 * 1024 + 1024;
      expect(stream.readableLength).toBeLessThanOrEqual(readableLimit + item - 1);
      expect(stream.writableLength).toBeLessThanOrEqual(writableLimit + LINE.length * 500);
      const producedWhilePaused = made();
      expect(producedWhilePaused).toBeLessThan(TOTAL / 10);
      await settle();
      expect(made()).toBe(producedWhilePaused);

      // Reading resumes the flow, and every line arrives.
      let events = 0;
      let peak = 0;
      stream.on('data', chunk => {
        events += output === 'objects' ? 1 : String(chunk).split('\n').length - 1;
        peak = Math.max(peak, stream.readableLength);
      });
      await once(stream, 'end');
      expect(events).toBe(TOTAL);
      expect(stream.stats()).toMatchObject({ lines: TOTAL, events: TOTAL });
      expect(peak).toBeLessThanOrEqual(readableLimit + item - 1);
    },
  );

  // A wrong format makes every line a dead letter: a policy whose sink is
  // full returns a promise, and nothing more is parsed or read until it settles.
  test.each(['objects', 'ndjson'] as const)('a full dead-letter sink holds the parsing (%s)', async output => {
    const { source, made } = lineSource(TOTAL, '-\n');
    let reported = 0;
    let release: () => void = () => undefined;
    let held = new Promise<void>(resolve => (release = resolve));
    const stream = createFlowLogStream({
      output,
      onInvalid: () => {
        reported++;
        // Every 1,000th line finds the sink full.
        return reported % 1000 === 0 ? held : undefined;
      },
    });
    source.pipe(stream).resume();
    await settle();
    expect(reported).toBe(1000);
    const producedWhileHeld = made();
    expect(producedWhileHeld).toBeLessThan(TOTAL / 10);
    await settle();
    expect(made()).toBe(producedWhileHeld);
    expect(reported).toBe(1000);

    // Settled, the parse goes on where it stopped, and every line is accounted for.
    const ended = once(stream, 'end');
    const releaseEach = setInterval(() => {
      release();
      held = new Promise<void>(resolve => (release = resolve));
    }, 1);
    await ended;
    clearInterval(releaseEach);
    expect(reported).toBe(TOTAL);
    expect(stream.stats()).toMatchObject({ lines: TOTAL, events: 0, invalid: TOTAL });
  });

  test('a rejected dead-letter promise fails the stream', async () => {
    const stream = createFlowLogStream({ onInvalid: () => Promise.reject(new Error('the errors object failed')) });
    const failed = once(stream, 'error');
    Readable.from(['-\n', LINE, LINE]).pipe(stream).resume();
    const [error] = await failed;
    expect((error as Error).message).toBe('the errors object failed');
    expect(stream.stats()).toMatchObject({ lines: 1, events: 0, invalid: 1 });
  });
});
