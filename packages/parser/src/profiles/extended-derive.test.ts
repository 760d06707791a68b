import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { expectedRecord, layoutAndValues } from '../__fixtures__/arbitraries';
import { deriveExtended, extendedDerivedReads } from './extended-derive';
import type { FlowLogRecord } from '../flow-log-record';

describe('deriveExtended', () => {
  // NDJSON templates hand `deriveExtended` a record of the listed keys alone:
  // a key it reads beyond them would be missing there, silently.
  test('reads no record key beyond extendedDerivedReads, whatever the record holds', () => {
    fc.assert(
      fc.property(layoutAndValues, ([fields, values]) => {
        const reads = new Set<string>();
        const record = new Proxy(expectedRecord(fields, values), {
          get: (target, key) => {
            if (typeof key === 'string') reads.add(key);
            return Reflect.get(target, key) as unknown;
          },
          has: (target, key) => {
            if (typeof key === 'string') reads.add(key);
            return Reflect.has(target, key);
          },
          ownKeys: () => {
            throw new Error('derive must not enumerate the record');
          },
        }) as FlowLogRecord;
        deriveExtended(record);
        expect([...reads].filter(key => !(extendedDerivedReads as readonly string[]).includes(key))).toEqual([]);
      }),
      { seed: 21, numRuns: 500 },
    );
  });

  test('the same values from a record of the listed keys alone', () => {
    fc.assert(
      fc.property(layoutAndValues, ([fields, values]) => {
        const record = expectedRecord(fields, values);
        const partial = Object.fromEntries(
          Object.entries(record).filter(([key]) => (extendedDerivedReads as readonly string[]).includes(key)),
        );
        expect(deriveExtended(partial)).toEqual(deriveExtended(record));
      }),
      { seed: 22, numRuns: 500 },
    );
  });
});
