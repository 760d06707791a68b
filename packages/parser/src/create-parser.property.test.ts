import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { createParser } from './create-parser';
import { findFlowLogField, flowLogFields, type FlowLogFieldDefinition } from './flow-log-fields';
import type { FlowLogRecord } from './flow-log-record';

// A value for each field type, or undefined for `-` (absent).
function valueFor(definition: FlowLogFieldDefinition): fc.Arbitrary<string | number | undefined> {
  const present: fc.Arbitrary<string | number> = (() => {
    switch (definition.type) {
      case 'integer':
      case 'timestamp':
        return fc.integer({ min: 0, max: definition.maximum ?? Number.MAX_SAFE_INTEGER }) as fc.Arbitrary<string | number>;
      case 'address':
        return fc.oneof(fc.ipV4(), fc.ipV6());
      case 'account':
        return fc.oneof(fc.stringMatching(/^[0-9]{1,12}$/), fc.constant('unknown'));
      case 'action':
        return fc.constantFrom('ACCEPT', 'REJECT');
      case 'status':
        return fc.constantFrom('OK', 'NODATA', 'SKIPDATA');
      case 'string':
        // Printable text without spaces; not `-` (absent) and not a field name
        // (a line of field names is a header), not starting with `{` (JSON).
        return fc.stringMatching(/^[A-Za-z0-9:/._@+=%-]{1,24}$/).filter(text => text !== '-' && findFlowLogField(text) === undefined);
    }
  })();
  return fc.option(present, { nil: undefined, freq: 4 });
}

const layoutAndValues = fc
  .shuffledSubarray([...flowLogFields], { minLength: 1 })
  .chain(fields => fc.tuple(fc.constant(fields), fc.tuple(...fields.map(valueFor))));

const expectedRecord = (fields: readonly FlowLogFieldDefinition[], values: readonly (string | number | undefined)[]) => {
  const record: FlowLogRecord = {};
  fields.forEach((definition, index) => {
    if (values[index] !== undefined) record[definition.key] = values[index];
  });
  return record;
};

describe('round trip: any field subset, any order', () => {
  test('a header line plus a text record gives back every value', () => {
    fc.assert(
      fc.property(layoutAndValues, fc.boolean(), ([fields, values], underscoreHeader) => {
        const parser = createParser();
        const header = fields.map(definition => (underscoreHeader ? definition.key : definition.name)).join(' ');
        const line = values.map(value => (value === undefined ? '-' : String(value))).join(' ');
        expect(parser.parse(header)).toMatchObject({ kind: 'header', format: fields.map(definition => definition.name) });
        const result = parser.parse(line);
        if (result.kind !== 'event') throw new Error(`${result.kind}: ${result.kind === 'invalid' ? result.error.message : ''}\n${header}\n${line}`);
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
        if (result.kind !== 'event') throw new Error(`${result.kind}: ${result.kind === 'invalid' ? result.error.message : ''}`);
        expect(result.record).toEqual(expectedRecord(fields, values));
      }),
      { seed: 43, numRuns: 300 },
    );
  });
});
