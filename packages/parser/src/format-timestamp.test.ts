import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { formatTimestamp } from './format-timestamp';

describe('formatTimestamp', () => {
  test.each([
    [0, '1970-01-01T00:00:00Z'],
    [1599665193, '2020-09-09T15:26:33Z'],
    [951782400, '2000-02-29T00:00:00Z'],
    [1e11, '5138-11-16T09:46:40Z'],
    [1e11 + 1, '1973-03-03T09:46:40.001Z'],
    [1700000000000, '2023-11-14T22:13:20Z'],
    [253402300799999, '9999-12-31T23:59:59.999Z'],
  ])('%d is %s', (value, text) => {
    expect(formatTimestamp(value)).toBe(text);
  });

  test('agrees with Date for any second or millisecond value', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 253402300799999 }), value => {
        const milliseconds = value > 1e11 ? value : value * 1000;
        const expected = new Date(milliseconds).toISOString().replace('.000Z', 'Z');
        expect(formatTimestamp(value)).toBe(expected);
      }),
      { seed: 20261128, numRuns: 5000 },
    );
  });
});
