import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { layoutAndValues } from '../__fixtures__/arbitraries';
import { createParser } from '../create-parser';
import { defined } from './defined';

/** The paths of `value` that hold `undefined`. */
function undefinedPaths(value: unknown, path = ''): string[] {
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, inner]) =>
    inner === undefined ? [`${path}${key}`] : undefinedPaths(inner, `${path}${key}.`),
  );
}

describe('defined', () => {
  test('the literal itself when complete; else its defined values, in its key order', () => {
    const complete = { a: 1, b: 2 };
    expect(defined(complete, true)).toBe(complete);
    expect(
      Object.entries(defined<{ a?: number; b?: number; c?: number }>({ a: 1, b: undefined, c: 3 }, false)),
    ).toEqual([
      ['a', 1],
      ['c', 3],
    ]);
  });

  // What each mapping's `complete` flags promise: a wrong flag would put an
  // `undefined` in an event (a key the contract does not have).
  test.each(['standard', 'extended', 'ocsf'] as const)(
    'no %s event holds undefined, whatever fields are absent',
    profile => {
      fc.assert(
        fc.property(layoutAndValues, ([fields, values]) => {
          const parser = createParser({ profile, format: fields.map(field => `\${${field.name}}`).join(' ') });
          const line = values.map(value => (value === undefined ? '-' : String(value))).join(' ');
          const result = parser.parse(line);
          if (result.kind === 'event') expect(undefinedPaths(result.event)).toEqual([]);
        }),
        { numRuns: 500 },
      );
    },
  );
});
