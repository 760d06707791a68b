import { describe, expect, test } from 'vitest';
import { createParser } from './create-parser';
import { defineProfile, type Placed } from './define-profile';
import { NdjsonWriter } from './ndjson-writer';
import { MAX_SHARED_LAYOUTS, sharedLayoutCount } from './shared-layout';

const HEADER =
  'version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status';
const encoder = new TextEncoder();

function convert(parser: ReturnType<typeof createParser>, lines: readonly string[]): string {
  const writer = new NdjsonWriter(256);
  for (const line of lines) {
    const bytes = encoder.encode(line);
    parser.parseBytesInto(bytes, 0, bytes.length, writer);
  }
  return new TextDecoder().decode(writer.view());
}

describe('templates are shared by the parsers of a profile (a tree of files with one header)', () => {
  test('a second file with the same header runs the mapping for no shape the first had', () => {
    let mappings = 0;
    interface SharedEvent {
      message: string;
      port?: number;
      accepted: boolean;
    }
    const profile = defineProfile<SharedEvent>({
      name: 'shared',
      map({ record, message }) {
        mappings++;
        const event = { message, accepted: record.action === 'ACCEPT' } as Placed<SharedEvent>;
        if (record.dstport !== undefined) event.port = record.dstport;
        return event;
      },
    });
    const file = (port: string) => [
      HEADER,
      `2 123456789012 eni-0a 10.0.0.1 10.0.0.2 1024 ${port} 6 1 40 1 2 ACCEPT OK`,
    ];
    const first = convert(createParser({ profile }), file('443'));
    const afterFirst = mappings;
    expect(afterFirst).toBeGreaterThan(0);
    const second = convert(createParser({ profile }), file('443'));
    expect(mappings).toBe(afterFirst);
    expect(second).toBe(first);
    // A shape the first file did not have is compiled as before, and the values are the line's own.
    expect(JSON.parse(convert(createParser({ profile }), file('-')).split('\n')[0]!)).toEqual({
      message: file('-')[1],
      accepted: true,
    });
    expect(mappings).toBeGreaterThan(afterFirst);
  });

  test(`distinct headers past ${MAX_SHARED_LAYOUTS} start the shared layouts over: they stay bounded`, () => {
    const parser = createParser();
    for (let index = 0; index < MAX_SHARED_LAYOUTS * 2; index++) convert(parser, [`${HEADER} unknown-field-${index}`]);
    expect(sharedLayoutCount()).toBeLessThanOrEqual(MAX_SHARED_LAYOUTS);
    expect(sharedLayoutCount()).toBeGreaterThan(0);
  });

  test('a writer that is never written to holds no buffer', () => {
    const writer = new NdjsonWriter(1 << 20);
    expect(writer.bytes.length).toBe(0);
    expect(writer.detach().length).toBe(0);
    writer.ascii('{}');
    expect(writer.bytes.length).toBe(1 << 20);
    expect(new TextDecoder().decode(writer.detach())).toBe('{}');
    expect(writer.bytes.length).toBe(0);
  });
});
