import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { openFlowLogFile } from '@flowecs/stream';
import { afterAll, describe, expect, test } from 'vitest';
import { truncatedGzip } from './__fixtures__/truncated-gzip';
import { convertInput } from './convert-file';

const directory = mkdtempSync(join(tmpdir(), 'flowecs-convert-file-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

const truncated = join(directory, 'truncated.log.gz');
writeFileSync(truncated, truncatedGzip(5_000, 0.6));

/** A sink slower than the parser, as the output writer is when its reader is (it waits for 'drain'). */
function slowSink() {
  const written: string[] = [];
  let writes = 0;
  const sink = new Writable({
    objectMode: true,
    highWaterMark: 64,
    write(chunk: Buffer | string, _encoding, callback) {
      written.push(chunk.toString());
      if (++writes % 8 === 0) setTimeout(callback, 1);
      else callback();
    },
  });
  return { sink, text: () => written.join('') };
}

describe('convertInput: a truncated input into a slow sink', () => {
  test.each([false, true])('pretty %s: every event before the cut is written before the failure', async pretty => {
    const { sink, text } = slowSink();
    const conversion = convertInput(
      openFlowLogFile(truncated),
      truncated,
      { format: undefined, profile: 'standard', filter: undefined, pretty, inputFormat: 'auto' },
      sink,
      () => undefined,
    );
    const failure = await conversion.done;
    const lines = Number(/after (\d+) lines/.exec(failure ?? '')?.[1]);
    expect(lines).toBeGreaterThan(1000);
    expect(conversion.stats().events).toBe(lines);
    const output = text();
    const events = pretty ? output.split('\n').filter(line => line === '{').length : output.split('\n').length - 1;
    expect(events).toBe(lines);
  });
});
