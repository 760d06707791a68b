import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { fuzzTimeout, runProperty } from './__fixtures__/fuzz-settings';
import { layoutAndValues } from './__fixtures__/arbitraries';
import { createLayout, guessLayout, publishedLayouts } from './flow-log-layout';
import { RecordScanner } from './record-scanner';

const encoder = new TextEncoder();

// A token that is sometimes wrong for its field: the one-pass scan must
// refuse exactly what split + check refuse, and agree on every value.
const mutation = fc.constantFrom(
  '',
  ' ',
  '  x',
  '-1',
  '01',
  '1.5',
  '999.1.1.1',
  'é',
  '\t',
  '"',
  'ACCEPTED',
  '99999999999999999',
);

describe('RecordScanner.scan: split and check in one pass', () => {
  test(
    'a guessed layout: agrees with split + check, id shapes included',
    async () => {
      const tokens = fc.constantFrom(
        '2',
        '-',
        '123456789010',
        'eni-1235b8ca',
        'vpc-0a',
        'x-1',
        '10.0.0.1',
        'ACCEPT',
        'OK',
        'IPv4',
        'ingress',
        'S3',
      );
      await runProperty(
        'scan = split + check, guessed layouts',

        fc.property(
          fc
            .constantFrom(...publishedLayouts.map(layout => layout.format.split(' ').length))
            .chain(count => fc.array(tokens, { minLength: count, maxLength: count })),
          line => {
            const bytes = encoder.encode(line.join(' '));
            const layout = guessLayout(line.length)!;
            const onePass = new RecordScanner();
            const twoPass = new RecordScanner();
            twoPass.split(bytes, 0, bytes.length);
            expect(onePass.scan(bytes, 0, bytes.length, layout)).toBe(twoPass.check(bytes, layout) === -1);
          },
        ),
        22,
        3000,
        0.5,
      );
    },
    fuzzTimeout,
  );

  test(
    'agrees with split + check on random layouts, values and damaged tokens',
    async () => {
      await runProperty(
        'scan = split + check, random layouts',

        fc.property(
          layoutAndValues,
          fc.option(fc.tuple(fc.nat(), mutation), { nil: undefined }),
          ([fields, values], damage) => {
            const tokens = values.map(value => (value === undefined ? '-' : String(value)));
            if (damage !== undefined) tokens[damage[0] % tokens.length] += damage[1];
            const bytes = encoder.encode(tokens.join(' '));
            const layout = createLayout(fields.map(definition => definition.name));
            const onePass = new RecordScanner();
            const twoPass = new RecordScanner();
            const scanned = onePass.scan(bytes, 0, bytes.length, layout);
            const count = twoPass.split(bytes, 0, bytes.length);
            const plain = (twoPass.flags & 6) === 0;
            const checked = count === fields.length && plain && twoPass.check(bytes, layout) === -1;
            expect(scanned).toBe(checked);
            if (!checked) return;
            for (let field = 0; field < count; field++) {
              expect(onePass.values[field]).toBe(twoPass.values[field]);
              expect([onePass.starts[field], onePass.ends[field]]).toEqual([
                twoPass.starts[field],
                twoPass.ends[field],
              ]);
            }
            expect(onePass.flags).toBe(twoPass.flags);
          },
        ),
        21,
        3000,
        0.5,
      );
    },
    fuzzTimeout,
  );
});
