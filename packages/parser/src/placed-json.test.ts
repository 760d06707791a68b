import { describe, expect, test } from 'vitest';
import { createParser } from './create-parser';
import { defineProfile, type Placed } from './define-profile';
import { NdjsonWriter } from './ndjson-writer';
import { PlacedJson } from './placed-json';

// The `json` kind of a derived value: an array or object placed whole.

interface Labelled {
  message: string;
  labels?: unknown;
  note?: string;
}

const shared = Object.freeze({ owner: 'team "a"', ports: [22, 443], nested: { deep: ['x\u2028y'] } });
const kept = { labels: new PlacedJson(shared) };
const labelled = (wrapInText: boolean) =>
  defineProfile<Labelled, { labels: PlacedJson | undefined }>({
    name: 'labelled',
    derivation: {
      reads: ['dstport'],
      kinds: { labels: 'json' },
      // The same object for every record: the engine must not change it.
      derive: record => (record.dstport === 22 ? kept : { labels: undefined }),
    },
    map({ message, derived }) {
      const event = { message } as Placed<Labelled>;
      if (derived.labels !== undefined) {
        if (wrapInText) event.note = `labels: ${String(derived.labels)}` as Placed<string>;
        else event.labels = derived.labels;
      }
      return event;
    },
  });
const line = (port: number) =>
  `2 123456789010 eni-1235b8ca123456789 10.0.0.1 10.0.0.2 49152 ${port} 6 20 4249 1418530010 1418530070 ACCEPT OK`;

/** The NDJSON the template path writes for `lines`, one parser. */
function ndjson(profile: ReturnType<typeof labelled>, lines: readonly string[]): string {
  const writer = new NdjsonWriter(4096);
  const parser = createParser({ profile });
  for (const text of lines) parser.parseBytesInto(Buffer.from(text), 0, text.length, writer);
  return new TextDecoder().decode(writer.bytes.subarray(0, writer.length));
}

describe('derived values of kind json (PlacedJson)', () => {
  test('objects get the value itself, and JSON and NDJSON write it whole, the same bytes', () => {
    const profile = labelled(false);
    const result = createParser({ profile }).parse(line(22));
    const event = result.kind === 'event' ? (result.event as Labelled) : undefined;
    expect(event?.labels).toBe(shared);
    expect(kept.labels).toBeInstanceOf(PlacedJson);
    const lines = [line(22), line(80), line(22), line(22)];
    const objects = lines.map(text => {
      const parsed = createParser({ profile }).parseToJson(text);
      return parsed.kind === 'event' ? parsed.event : '';
    });
    expect(ndjson(profile, lines)).toBe(`${objects.join('\n')}\n`);
    expect(objects[0]).toContain('"labels":{"owner":"team \\"a\\"","ports":[22,443],"nested":{"deep":["x\u2028y"]}}');
  });

  test('a mapping that changes the value (here into a text) is written as objects, still the same bytes', () => {
    const profile = labelled(true);
    const lines = [line(22), line(22)];
    const objects = lines.map(text => {
      const parsed = createParser({ profile }).parseToJson(text);
      return parsed.kind === 'event' ? parsed.event : '';
    });
    expect(ndjson(profile, lines)).toBe(`${objects.join('\n')}\n`);
  });
});
