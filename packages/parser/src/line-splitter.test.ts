import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { LineSplitter } from './line-splitter';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Every line the splitter gives for `bytes` cut at `cuts`, with `finish()` at the end. */
function split(bytes: Uint8Array, cuts: readonly number[], maxLineLength?: number): string[] {
  const splitter = new LineSplitter(maxLineLength);
  const lines: string[] = [];
  const take = () =>
    lines.push(
      splitter.tooLong === undefined
        ? decoder.decode(splitter.bytes.subarray(splitter.start, splitter.end))
        : `<${splitter.tooLong.code}>`,
    );
  let from = 0;
  for (const cut of [...cuts.filter(at => at < bytes.length).toSorted((left, right) => left - right), bytes.length]) {
    // A copy, reused after: the splitter must not keep a chunk it has used up.
    const chunk = bytes.slice(from, cut);
    splitter.push(chunk);
    while (splitter.next()) take();
    chunk.fill(0);
    from = cut;
  }
  if (splitter.finish()) take();
  return lines;
}

describe('LineSplitter', () => {
  const text = fc.string({ unit: fc.constantFrom('a', 'é', '😀', ' ', '\n', '\r', '\r\n', 'x') });

  test('any chunking gives the lines of the whole text: LF or CRLF, a final line without a newline, a BOM dropped', () => {
    fc.assert(
      fc.property(text, fc.array(fc.nat(200)), fc.boolean(), (body, cuts, bom) => {
        const whole = `${bom ? '\ufeff' : ''}${body}`;
        const bytes = encoder.encode(whole);
        // The BOM belongs to the first line, which loses it.
        const expected = whole.split('\n').map(line => (line.endsWith('\r') ? line.slice(0, -1) : line));
        if (whole.endsWith('\n') || whole === '') expected.pop();
        if (expected[0]?.startsWith('\ufeff')) expected[0] = expected[0].slice(1);
        expect(split(bytes, cuts)).toEqual(expected);
      }),
      { seed: 41, numRuns: 2000 },
    );
  });

  test('a line over the limit is one line-too-long, in any chunking; the lines around it are whole', () => {
    fc.assert(
      fc.property(fc.integer({ min: 11, max: 300 }), fc.array(fc.nat(400)), (length, cuts) => {
        const bytes = encoder.encode(`short\n${'y'.repeat(length)}\nafter\nlast`);
        expect(split(bytes, cuts, 10)).toEqual(['short', '<line-too-long>', 'after', 'last']);
      }),
      { seed: 42, numRuns: 500 },
    );
  });

  test('an over-long line gives the same error (message and start) in any chunking: first line with a BOM, CRLF', () => {
    const errorsOf = (bytes: Uint8Array, cuts: readonly number[]) => {
      const splitter = new LineSplitter(10);
      const errors: string[] = [];
      let from = 0;
      for (const cut of [
        ...cuts.filter(at => at < bytes.length).toSorted((left, right) => left - right),
        bytes.length,
      ]) {
        splitter.push(bytes.slice(from, cut));
        while (splitter.next())
          if (splitter.tooLong !== undefined) errors.push(`${splitter.tooLong.message} ${splitter.tooLong.raw}`);
        from = cut;
      }
      if (splitter.finish() && splitter.tooLong !== undefined)
        errors.push(`${splitter.tooLong.message} ${splitter.tooLong.raw}`);
      return errors;
    };
    fc.assert(
      fc.property(
        fc.integer({ min: 11, max: 40 }),
        fc.boolean(),
        fc.boolean(),
        fc.array(fc.nat(60)),
        (length, bom, crlf, cuts) => {
          const bytes = encoder.encode(
            `${bom ? '\ufeff' : ''}${'z'.repeat(length)}${crlf ? '\r' : ''}\nnext\n${'w'.repeat(length)}${crlf ? '\r' : ''}\n`,
          );
          expect(errorsOf(bytes, cuts)).toEqual(errorsOf(bytes, []));
        },
      ),
      { seed: 43, numRuns: 500 },
    );
  });

  test('discard() forgets an incomplete last line (a cut input)', () => {
    const splitter = new LineSplitter();
    splitter.push(encoder.encode('one\ntw'));
    expect(splitter.next()).toBe(true);
    expect(splitter.next()).toBe(false);
    splitter.discard();
    expect(splitter.finish()).toBe(false);
  });
});
