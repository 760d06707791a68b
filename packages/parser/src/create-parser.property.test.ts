import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { createParser } from './create-parser';
import { expectedRecord, layoutAndValues } from './__fixtures__/arbitraries';

describe('round trip: any field subset, any order', () => {
  test('a header line plus a text record gives back every value', () => {
    fc.assert(
      fc.property(layoutAndValues, fc.boolean(), ([fields, values], underscoreHeader) => {
        const parser = createParser();
        const header = fields.map(definition => (underscoreHeader ? definition.key : definition.name)).join(' ');
        const line = values.map(value => (value === undefined ? '-' : String(value))).join(' ');
        expect(parser.parse(header)).toMatchObject({
          kind: 'header',
          format: fields.map(definition => definition.name),
        });
        const result = parser.parse(line);
        if (result.kind !== 'event')
          throw new Error(
            `${result.kind}: ${result.kind === 'invalid' ? result.error.message : ''}\n${header}\n${line}`,
          );
        expect(result.record).toEqual(expectedRecord(fields, values));
        // The standard mapping reads the same values.
        const record = result.record;
        const event = result.event;
        if (record['log_status'] !== 'NODATA' && record['log_status'] !== 'SKIPDATA' && 'source' in event) {
          expect(event.source?.port).toBe(record['srcport']);
          expect(event.source?.ip).toBe(record['srcaddr']);
          expect(event.source?.bytes).toBe(record['bytes']);
        }
        expect(event.cloud.account?.id).toBe(record['account_id']);
        expect(event.message).toBe(line);
      }),
      { seed: 42, numRuns: 400 },
    );
  });

  test('the same record as a JSON object (either key spelling) gives back every value', () => {
    fc.assert(
      fc.property(layoutAndValues, fc.boolean(), ([fields, values], dashedKeys) => {
        const object: Record<string, unknown> = {};
        fields.forEach((definition, index) => {
          object[dashedKeys ? definition.name : definition.key] = values[index] ?? null;
        });
        const result = createParser().parse(JSON.stringify(object));
        if (result.kind !== 'event')
          throw new Error(`${result.kind}: ${result.kind === 'invalid' ? result.error.message : ''}`);
        expect(result.record).toEqual(expectedRecord(fields, values));
      }),
      { seed: 43, numRuns: 300 },
    );
  });
});
