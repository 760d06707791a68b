import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { fuzzTimeout, runProperty } from './__fixtures__/fuzz-settings';
import { layoutAndValues, valueFor } from './__fixtures__/arbitraries';
import { createParser } from './create-parser';
import { createLayout } from './flow-log-layout';
import { NdjsonWriter } from './ndjson-writer';
import { TemplateWriter } from './ndjson-template';
import { RecordScanner } from './record-scanner';
import { TimestampCache } from './format-timestamp';
import { mapWithProfile } from './map-with-profile';
import { resolveOptions } from './resolve-options';

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const V2 =
  'version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status';

/** A layout and many records of it (each a value per field, undefined for `-`). */
const layoutAndRecords = layoutAndValues.chain(([fields]) =>
  fc.tuple(fc.constant(fields), fc.array(fc.tuple(...fields.map(valueFor)), { minLength: 1, maxLength: 40 })),
);

describe('NDJSON templates', () => {
  // A shape's first record is checked against the mapping when its template
  // is made; the records after it go through the template alone.
  test(
    'one parser, many records of one random layout: each line is JSON.stringify of the mapping',
    async () => {
      await runProperty(
        'templates = JSON.stringify of the mapping',

        fc.property(layoutAndRecords, fc.boolean(), ([fields, records], extended) => {
          const header = fields.map(definition => definition.name).join(' ');
          const lines = records.map(values =>
            values.map(value => (value === undefined ? '-' : String(value))).join(' '),
          );
          const profile = extended ? 'extended' : 'standard';
          const parser = createParser({ format: header, profile });
          const reference = createParser({ format: header, profile });
          const out = new NdjsonWriter(64);
          const expected: string[] = [];
          for (const line of lines) {
            const bytes = encoder.encode(line);
            parser.parseBytesInto(bytes, 0, bytes.length, out);
            const result = reference.parseToJson(line);
            if (result.kind === 'event') expected.push(`${result.event}\n`);
          }
          expect(decoder.decode(out.view())).toBe(expected.join(''));
        }),
        31,
        400,
        1,
      );
    },
    fuzzTimeout,
  );

  /**
   * Writes v2 `lines` through one template writer of `profile`, each of which
   * must go by a template. Returns the output and how many times a new shape
   * was checked against the object path; the output must be that path's JSON.
   */
  function writeByTemplates(profile: 'standard' | 'extended', lines: readonly string[]) {
    const layout = createLayout(V2.split(' '));
    const definition = resolveOptions({ profile }).profile;
    const timestamps = new TimestampCache();
    const map = mapWithProfile(definition, timestamps);
    const writer = new TemplateWriter(definition, timestamps);
    const scanner = new RecordScanner();
    const out = new NdjsonWriter();
    let references = 0;
    for (const line of lines) {
      const bytes = encoder.encode(line);
      expect(scanner.scan(bytes, 0, bytes.length, layout)).toBe(true);
      const reference = () => {
        references++;
        return JSON.stringify(map(scanner.toRecord(bytes, 0, line, layout), line, undefined));
      };
      const context = { eventTime: undefined, origin: undefined };
      const text = { kind: 'text', bytes, start: 0, end: bytes.length, layout, text: line } as const;
      expect(writer.write(text, scanner, context, out, reference)).toBe(true);
    }
    const parser = createParser({ format: V2, profile });
    const expected = lines.map(line => {
      const result = parser.parseToJson(line);
      return result.kind === 'event' ? `${result.event}\n` : '';
    });
    const written = decoder.decode(out.view());
    expect(written).toBe(expected.join(''));
    return { written, references };
  }

  test('the standard mapping is written by templates: the mapping runs once per shape, not per line', () => {
    const { references } = writeByTemplates('standard', [
      '2 123456789010 eni-1235b8ca123456789 172.31.16.139 172.31.16.21 20641 22 6 20 4249 1418530010 1418530070 ACCEPT OK',
      '2 210987654321 eni-0f06a40fc9be596f6 10.0.0.1 10.0.0.200 443 51000 6 7 999 1418530011 1418530071 ACCEPT OK',
      '2 210987654321 eni-0f06a40fc9be596f6 2001:db8::1 2001:db8::2 443 51000 6 7 999 1418530011 1418530071 ACCEPT OK',
    ]);
    // One shape (every field, ACCEPT, OK, TCP, source before destination): one check.
    expect(references).toBe(1);
  });

  test('the extended mapping too: derived values (duration, Community ID) are slots, derived words part of the shape', () => {
    const { written, references } = writeByTemplates('extended', [
      '2 123456789010 eni-1235b8ca123456789 172.31.16.139 172.31.16.21 20641 22 6 20 4249 1418530010 1418530070 ACCEPT OK',
      '2 210987654321 eni-0f06a40fc9be596f6 10.0.0.1 10.0.0.200 443 51000 6 7 999 1418530011 1418530091 ACCEPT OK',
      '2 210987654321 eni-0f06a40fc9be596f6 10.0.0.100 10.0.0.200 443 51000 6 7 999 1418530011 1418530011 ACCEPT OK',
      // Public addresses: another direction, another shape.
      '2 210987654321 eni-0f06a40fc9be596f6 2001:db8::1 2001:db8::2 443 51000 6 7 999 1418530011 1418530071 ACCEPT OK',
      // The end before the start: no duration, another shape.
      '2 210987654321 eni-0f06a40fc9be596f6 10.0.0.1 10.0.0.200 443 51000 6 7 999 1418530011 1418530001 ACCEPT OK',
    ]);
    expect(references).toBe(3);
    expect(written).toContain('"duration":80000000000,');
  });
});
