import { describe, expect, test } from 'vitest';
import { extractSeedSamples, seedSamples } from './__fixtures__/seed-samples';
import { announceSharedSkip, hasShared, readShared } from './__fixtures__/shared-fixtures';
import { createParser } from './create-parser';
import { parseRecord } from './parse-record';

describe('the contract samples', () => {
  test('all seven are in the project fixture', () => {
    expect(seedSamples.map(sample => sample.name)).toEqual([
      'accept',
      'accept_structured',
      'custom',
      'ipv6traffic',
      'nodata',
      'reject',
      'reject_structured',
    ]);
  });

  // Byte-for-byte: same fields, values, types and key order as the contract.
  test.each(seedSamples)('$name is reproduced exactly', ({ input, expected }) => {
    const event = parseRecord(input);
    expect(event).toStrictEqual(expected);
    expect(JSON.stringify(event)).toBe(JSON.stringify(expected));
  });

  test.each(seedSamples)('$name is reproduced exactly by createParser', ({ input, expected }) => {
    const result = createParser().parse(input);
    expect(result.kind).toBe('event');
    expect(result.kind === 'event' && JSON.stringify(result.event)).toBe(JSON.stringify(expected));
  });
});

describe.skipIf(!hasShared)('the contract document itself', () => {
  announceSharedSkip('the contract document check');
  const fromDocument = hasShared ? extractSeedSamples(readShared('seed/aws-flow-logs-intake.md')) : [];

  test('the project fixture matches the document', () => {
    expect(fromDocument).toEqual(seedSamples);
  });

  test.each(fromDocument)('$name parses to the document output', ({ input, expected }) => {
    expect(JSON.stringify(parseRecord(input))).toBe(JSON.stringify(expected));
  });
});
