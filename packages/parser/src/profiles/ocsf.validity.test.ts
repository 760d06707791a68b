import { readFileSync, readdirSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { layoutAndValues } from '../__fixtures__/arbitraries';
import { corpus } from '../__fixtures__/corpus';
import { ocsfValidators } from '../__fixtures__/ocsf-schemas';
import { announceSharedSkip, hasShared } from '../__fixtures__/shared-fixtures';
import { createParser } from '../create-parser';
import { NdjsonWriter } from '../ndjson-writer';

// "An OCSF event is never written with a value the schema refuses": every
// event of every record the project has, and of random records of every
// layout, passes the strict OCSF 1.1.0 schema and AWS's compiled one.
announceSharedSkip('OCSF events validated against the OCSF 1.1.0 schema');
const validators = hasShared ? ocsfValidators() : undefined;

/** The problems of each event the lines give (NDJSON, by templates where they apply), keyed by line. */
function problems(lines: readonly string[], options: { format?: string } = {}) {
  const parser = createParser({ profile: 'ocsf', ...options });
  const found: Record<string, string[]> = {};
  const encoder = new TextEncoder();
  for (const line of lines) {
    const out = new NdjsonWriter(64);
    const bytes = encoder.encode(line);
    const result = parser.parseBytesInto(bytes, 0, bytes.length, out);
    if (result.kind !== 'event') continue;
    const event = JSON.parse(new TextDecoder().decode(out.view())) as unknown;
    const errors = [...validators!.strict(event), ...validators!.aws(event).map(error => `aws: ${error}`)];
    if (errors.length > 0) found[line] = errors;
  }
  return found;
}

describe.skipIf(!hasShared)('every OCSF event is valid', () => {
  test('every record of the corpus (contract samples, AWS examples, peers’ fixtures)', () => {
    const records = corpus();
    expect(records.length).toBeGreaterThan(50);
    for (const record of records) {
      const lines = record.format === undefined ? [record.text] : [record.format, record.text];
      expect(problems(lines), record.origin).toEqual({});
    }
  });

  test('every hostile input that still gives an event', () => {
    const directory = new URL('../__fixtures__/hostile/', import.meta.url);
    for (const file of readdirSync(directory).filter(name => name !== 'manifest.json')) {
      const line = new TextDecoder().decode(readFileSync(new URL(file, directory))).replace(/\n$/, '');
      expect(problems([line]), file).toEqual({});
    }
  });

  test.each(['diverse', 'friendly'] as const)('the %s bench dataset, v2 and v5', async mix => {
    const { mixes, V2_HEADER, V5_HEADER } = (await import('../../../../bench/datasets.mjs' as string)) as {
      mixes: Record<string, (count: number, v5: boolean) => Iterable<string>>;
      V2_HEADER: string;
      V5_HEADER: string;
    };
    for (const v5 of [false, true]) {
      const lines = [v5 ? V5_HEADER : V2_HEADER, ...mixes[mix]!(3000, v5)];
      expect(problems(lines)).toEqual({});
    }
  });

  test('the CLI’s golden OCSF output of every delivery (Parquet and CloudWatch envelopes among them)', () => {
    const directory = new URL('../../../../apps/cli/test/deliveries/', import.meta.url);
    const files = readdirSync(directory).filter(name => name.endsWith('.ocsf.ndjson'));
    expect(files).toHaveLength(5);
    for (const file of files) {
      const events = readFileSync(new URL(file, directory), 'utf8').split('\n').filter(Boolean);
      for (const line of events)
        expect([...validators!.strict(JSON.parse(line)), ...validators!.aws(JSON.parse(line))], file).toEqual([]);
    }
  });

  test('random records of every layout (text and JSON): an event is valid, or the record has no time', () => {
    fc.assert(
      fc.property(layoutAndValues, ([fields, values]) => {
        const format = fields.map(field => `\${${field.name}}`).join(' ');
        const line = values.map(value => (value === undefined ? '-' : String(value))).join(' ');
        const json = JSON.stringify(
          Object.fromEntries(fields.map((field, index) => [field.key, values[index] ?? null])),
        );
        expect(problems([line], { format })).toEqual({});
        expect(problems([json])).toEqual({});
        const parsed = createParser({ profile: 'ocsf', format }).parse(line);
        const timed = ['start', 'end'].some(key =>
          fields.some((field, index) => field.key === key && values[index] !== undefined),
        );
        expect(parsed.kind === 'invalid' ? parsed.error.code : 'event').toBe(timed ? 'event' : 'unmappable-record');
      }),
      { seed: 26, numRuns: 1500 },
    );
  });
});
