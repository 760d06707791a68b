import fc from 'fast-check';
import { findFlowLogField, flowLogFields, type FlowLogFieldDefinition } from '../flow-log-fields';
import type { FlowLogRecord } from '../flow-log-record';

// A value for each field type, or undefined for `-` (absent).
export function valueFor(definition: FlowLogFieldDefinition): fc.Arbitrary<string | number | undefined> {
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

export const layoutAndValues = fc
  .shuffledSubarray([...flowLogFields], { minLength: 1 })
  .chain(fields => fc.tuple(fc.constant(fields), fc.tuple(...fields.map(valueFor))));

export const expectedRecord = (fields: readonly FlowLogFieldDefinition[], values: readonly (string | number | undefined)[]) => {
  const record: FlowLogRecord = {};
  fields.forEach((definition, index) => {
    if (values[index] !== undefined) record[definition.key] = values[index];
  });
  return record;
};

