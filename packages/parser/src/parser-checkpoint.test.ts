import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { createParser } from './create-parser';
import type { FlowLogParser } from './flow-log-parser';
import { NdjsonWriter } from './ndjson-writer';

const V2 =
  '2 123456789010 eni-1235b8ca123456789 172.31.16.139 172.31.16.21 20641 22 6 20 4249 1418530010 1418530070 ACCEPT OK';
const lines = [
  V2,
  'version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status',
  'version srcaddr dstaddr action',
  '2 10.0.0.1 10.0.0.2 REJECT',
  'version no-such-field srcaddr',
  'version version srcaddr',
  '',
  'not a record',
  '{"version":2,"srcaddr":"10.0.0.9","action":"ACCEPT"}',
];

/** What a parser makes of lines: each line's NDJSON, or its kind and error. */
function run(parser: FlowLogParser, input: readonly string[]): string[] {
  const encoder = new TextEncoder();
  return input.map(line => {
    const bytes = encoder.encode(line);
    const out = new NdjsonWriter(1024);
    const result = parser.parseBytesInto(bytes, 0, bytes.length, out);
    if (result.kind === 'event') return new TextDecoder().decode(out.view());
    if (result.kind === 'invalid') return `${result.lineNumber} invalid ${result.error.code} ${result.error.message}`;
    return `${result.lineNumber} ${result.kind}`;
  });
}

describe('checkpoint and restore', () => {
  test("a parser restored from another's checkpoint reads the rest as the first would have", () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...lines), { maxLength: 30 }),
        fc.nat(30),
        fc.constantFrom(undefined, 'version srcaddr dstaddr action'),
        (input, cut, format) => {
          const at = Math.min(cut, input.length);
          const whole = run(createParser({ format }), input);
          const first = createParser({ format });
          const head = run(first, input.slice(0, at));
          // Through JSON, as it crosses threads.
          const checkpoint = JSON.parse(JSON.stringify(first.checkpoint()));
          const second = createParser({ format });
          second.restore(checkpoint);
          expect([...head, ...run(second, input.slice(at))]).toEqual(whole);
        },
      ),
      { seed: 44, numRuns: 1000 },
    );
  });
});
