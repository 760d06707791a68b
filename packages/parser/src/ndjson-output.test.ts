import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { layoutAndValues } from './__fixtures__/arbitraries';
import { corpus } from './__fixtures__/corpus';
import { createParser } from './create-parser';
import { NdjsonWriter } from './ndjson-writer';

const records = corpus();

describe('parseToJson: the same bytes as JSON.stringify of the object path', () => {
  test.each(['standard', 'extended', 'ocsf'] as const)('every fixture record, %s profile', profile => {
    for (const record of records) {
      const objects = createParser({ profile, ...(record.format === undefined ? {} : { format: record.format }) });
      const json = createParser({ profile, ...(record.format === undefined ? {} : { format: record.format }) });
      const expected = objects.parse(record.text);
      const actual = json.parseToJson(record.text);
      expect(actual.kind, record.origin).toBe(expected.kind);
      if (expected.kind === 'event' && actual.kind === 'event')
        expect(actual.event, record.origin).toBe(JSON.stringify(expected.event));
    }
  });

  test('random records of any layout, text and JSON forms', () => {
    fc.assert(
      fc.property(layoutAndValues, fc.boolean(), fc.boolean(), ([fields, values], asJson, extended) => {
        const profile = extended ? 'extended' : 'standard';
        const header = fields.map(definition => definition.name).join(' ');
        const line = asJson
          ? JSON.stringify(
              Object.fromEntries(fields.map((definition, index) => [definition.key, values[index] ?? null])),
            )
          : values.map(value => (value === undefined ? '-' : String(value))).join(' ');
        const objects = createParser({ profile, format: header });
        const json = createParser({ profile, format: header });
        const expected = objects.parse(line);
        const actual = json.parseToJson(line);
        expect(actual.kind).toBe(expected.kind);
        if (expected.kind === 'event' && actual.kind === 'event')
          expect(actual.event).toBe(JSON.stringify(expected.event));
      }),
      { seed: 11, numRuns: 600 },
    );
  });

  test('strings are escaped exactly as JSON.stringify escapes them', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.string({ unit: 'binary' }),
          fc.constantFrom('plain', 'quote"', 'back\\slash', 'tab\t', 'é', '😀', '\ud800', ''),
        ),
        text => {
          const out = new NdjsonWriter(4);
          out.string(text);
          expect(new TextDecoder().decode(out.bytes.subarray(0, out.length))).toBe(JSON.stringify(text));
        },
      ),
      { seed: 5, numRuns: 2000 },
    );
  });

  test('a message with a quote, through the fast path', () => {
    const line = '{"srcaddr":"10.0.0.1","vpc_id":"vpc-\\"x\\""}';
    const expected = createParser().parse(line);
    const actual = createParser().parseToJson(line);
    expect(actual.kind === 'event' && actual.event).toBe(expected.kind === 'event' && JSON.stringify(expected.event));
  });
});

describe('parseBytesInto and parseBytes: the byte lane gives what the text lane gives', () => {
  const encoder = new TextEncoder();
  const decoder = new TextDecoder();

  function compare(lines: readonly string[], options: Parameters<typeof createParser>[0]) {
    const bytes = createParser(options);
    const objects = createParser(options);
    const text = createParser(options);
    const out = new NdjsonWriter(64);
    const expected: string[] = [];
    for (const line of lines) {
      const encoded = encoder.encode(`xx${line}\r`);
      const result = bytes.parseBytesInto(encoded, 2, encoded.length, out);
      const object = objects.parseBytes(encoded, 2, encoded.length);
      const reference = text.parseToJson(line);
      expect(object.kind, line).toBe(reference.kind);
      if (object.kind === 'event' && reference.kind === 'event')
        expect(JSON.stringify(object.event)).toBe(reference.event);
      expect(result.kind, line).toBe(reference.kind);
      if (reference.kind === 'event' && result.kind === 'event') {
        expected.push(`${reference.event}\n`);
        expect(result.status).toBe(reference.record['log_status']);
      }
      if (reference.kind === 'invalid' && result.kind === 'invalid')
        expect(result.error.code).toBe(reference.error.code);
    }
    expect(decoder.decode(out.view())).toBe(expected.join(''));
  }

  test.each(['standard', 'extended', 'ocsf'] as const)(
    'every fixture record (%s), with its format or a guessed one',
    profile => {
      for (const record of records)
        compare([record.text.replace(/\n$/, '')], {
          profile,
          ...(record.format === undefined ? {} : { format: record.format }),
        });
    },
  );

  test('random records of any layout, after their header line', () => {
    fc.assert(
      fc.property(layoutAndValues, fc.boolean(), ([fields, values], extended) => {
        const header = fields.map(definition => definition.name).join(' ');
        compare([header, values.map(value => (value === undefined ? '-' : String(value))).join(' ')], {
          profile: extended ? 'extended' : 'standard',
        });
      }),
      { seed: 12, numRuns: 600 },
    );
  });

  test('mutated default lines: same output or the same error', () => {
    const line =
      '2 123456789010 eni-1235b8ca123456789 172.31.16.139 172.31.16.21 20641 22 6 20 4249 1418530010 1418530070 ACCEPT OK';
    fc.assert(
      fc.property(
        fc.nat(line.length),
        fc.string({ maxLength: 3, unit: fc.constantFrom('-', '0', '9', ' ', '.', ':', 'a', 'A', '"', '\\', 'é') }),
        fc.boolean(),
        fc.boolean(),
        (at, insert, known, extended) => {
          // Guessed layout (two-pass check) or a known one (single-pass check).
          const profile = extended ? 'extended' : 'standard';
          compare(
            [line.slice(0, at) + insert + line.slice(at)],
            known
              ? {
                  profile,
                  format:
                    'version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status',
                }
              : { profile },
          );
        },
      ),
      { seed: 13, numRuns: 4000 },
    );
  });
});
