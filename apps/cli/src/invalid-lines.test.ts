import { FlowLogParseError, deadLetterLine } from '@flowecs/stream';
import { describe, expect, test } from 'vitest';
import { gatherInvalidLines, invalidLineSummaries, type InvalidLines } from './invalid-lines';

const invalid = (raw: string, lineNumber: number) =>
  new FlowLogParseError('unknown-layout', 'The record has 1 fields and no format is known.', {
    raw,
    lineNumber,
    source: 'in.log',
  });

function gather(raws: readonly string[]) {
  const batches: InvalidLines[] = [];
  const gatherer = gatherInvalidLines(lines => void batches.push(lines));
  raws.forEach((raw, index) => gatherer.add(invalid(raw, index + 1)));
  gatherer.handOn();
  return batches;
}

const text = (batches: readonly InvalidLines[]) => batches.map(({ bytes }) => Buffer.from(bytes).toString()).join('');

describe('gatherInvalidLines: dead letters as bytes', () => {
  test('multi-byte text survives, and batches of 256 KiB at most break between lines', () => {
    const raws = Array.from({ length: 3000 }, (_, index) => `${index} é 😀 \u202e ${'漢'.repeat(index % 300)}`);
    const batches = gather(raws);
    expect(batches.length).toBeGreaterThan(1);
    expect(text(batches)).toBe(raws.map((raw, index) => `${deadLetterLine(invalid(raw, index + 1))}\n`).join(''));
    for (const { bytes, count } of batches) {
      expect(bytes.length).toBeLessThanOrEqual(256 * 1024);
      expect(bytes[bytes.length - 1]).toBe(10);
      expect(Buffer.from(bytes).toString().split('\n')).toHaveLength(count + 1);
    }
    expect(batches.reduce((sum, { count }) => sum + count, 0)).toBe(3000);
  });

  test('each batch is the start of memory of its own, so a worker can transfer it', () => {
    const batches = gather(Array.from({ length: 2000 }, (_, index) => `line ${index} ${'-'.repeat(150)}`));
    const buffers = new Set(batches.map(({ bytes }) => bytes.buffer));
    expect(buffers.size).toBe(batches.length);
    for (const { bytes } of batches) expect(bytes.byteOffset).toBe(0);
    const { port1, port2 } = new MessageChannel();
    port1.postMessage(batches[0], [batches[0]!.bytes.buffer]);
    expect(batches[0]!.bytes.length).toBe(0);
    port1.close();
    port2.close();
  });

  test('a dead letter larger than a batch is handed on whole, in a batch of its own', () => {
    const long = '漢'.repeat(400_000);
    const batches = gather(['short', long, 'after']);
    expect(batches.map(({ count }) => count)).toEqual([1, 1, 1]);
    expect(JSON.parse(Buffer.from(batches[1]!.bytes).toString()).raw).toBe(long);
    expect(invalidLineSummaries(batches[2]!, 5)).toEqual([
      'in.log:3: unknown-layout: The record has 1 fields and no format is known.',
    ]);
  });

  test('no memory is taken before the first invalid line (a tree of thousands of clean files)', () => {
    const before = process.memoryUsage().arrayBuffers;
    const gatherers = Array.from({ length: 2000 }, () => gatherInvalidLines(() => undefined));
    // Each would hold 256 KiB: 500 MB for the 2,000.
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(16 * 1024 * 1024);
    const batches: InvalidLines[] = [];
    const first = gatherInvalidLines(lines => void batches.push(lines));
    first.handOn();
    expect(batches).toEqual([]);
    first.add(invalid('x', 1));
    first.handOn();
    expect(batches.map(({ count }) => count)).toEqual([1]);
    expect(gatherers).toHaveLength(2000);
  });
});
