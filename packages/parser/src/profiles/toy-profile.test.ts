import { describe, expect, test } from 'vitest';
import { corpus } from '../__fixtures__/corpus';
import { createParser } from '../create-parser';
import { defineProfile, type Placed } from '../define-profile';
import { NdjsonWriter } from '../ndjson-writer';

// A profile of our own, in this one file: what ARCHITECTURE.md's "Adding a
// profile" walks through. The engine derives its objects, its JSON and its
// NDJSON from the definition alone.

interface ToyEvent {
  message: string;
  time?: string;
  verdict: 'allowed' | 'denied' | 'unknown';
  flow?: { from?: string; to?: string; port?: number; web?: boolean };
  seen: string[];
}

let mappings = 0;
const toy = defineProfile<ToyEvent>({
  name: 'toy',
  map({ record, message, eventTime, timestamp, sortedAddresses }) {
    mappings++;
    const time = record.start ?? record.end ?? eventTime;
    const event = { message } as Placed<ToyEvent>;
    if (time !== undefined) event.time = timestamp(time);
    event.verdict = record.action === undefined ? 'unknown' : record.action === 'ACCEPT' ? 'allowed' : 'denied';
    if (record.srcaddr !== undefined || record.dstaddr !== undefined || record.dstport !== undefined) {
      const flow: NonNullable<Placed<ToyEvent>['flow']> = {};
      if (record.srcaddr !== undefined) flow.from = record.srcaddr;
      if (record.dstaddr !== undefined) flow.to = record.dstaddr;
      if (record.dstport !== undefined) flow.port = record.dstport;
      // Decided: the protocol is at most 255.
      if (record.protocol === 6) flow.web = true;
      event.flow = flow;
    }
    event.seen = sortedAddresses([record.srcaddr, record.dstaddr, record.pkt_srcaddr, record.pkt_dstaddr]);
    return event;
  },
});

const decoder = new TextDecoder();

describe('a toy profile defined in one file', () => {
  const records = corpus().filter(record => record.format === undefined);

  test('its objects, its JSON and its NDJSON agree on every corpus record', () => {
    const objects = createParser({ profile: toy });
    const json = createParser({ profile: toy });
    const ndjson = createParser({ profile: toy });
    const writer = new NdjsonWriter();
    let events = 0;
    for (const { text } of records) {
      const object = objects.parse(text);
      const string = json.parseToJson(text);
      const bytes = new TextEncoder().encode(text);
      writer.clear();
      const line = ndjson.parseBytesInto(bytes, 0, bytes.length, writer);
      expect(string.kind).toBe(object.kind);
      expect(line.kind).toBe(object.kind);
      if (object.kind !== 'event' || string.kind !== 'event') continue;
      events++;
      const expected = JSON.stringify(object.event);
      expect(string.event).toBe(expected);
      expect(decoder.decode(writer.bytes.subarray(0, writer.length))).toBe(`${expected}\n`);
    }
    expect(events).toBeGreaterThan(20);
  });

  test('NDJSON runs the mapping once per record shape, not once per record', () => {
    const parser = createParser({
      profile: toy,
      format:
        'version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status',
    });
    const writer = new NdjsonWriter();
    const before = mappings;
    for (let index = 0; index < 1000; index++) {
      const line = `2 123456789012 eni-0123456789abcdef0 10.0.${index % 250}.1 10.1.0.${index % 200} ${1024 + index} 443 6 ${index} ${index * 40} ${1_700_000_000 + index} ${1_700_000_060 + index} ACCEPT OK`;
      const bytes = new TextEncoder().encode(line);
      expect(parser.parseBytesInto(bytes, 0, bytes.length, writer).kind).toBe('event');
    }
    // Two address orders, each: two sentinel runs and one checked against the object path.
    expect(mappings - before).toBeLessThanOrEqual(6);
    const lines = decoder.decode(writer.bytes.subarray(0, writer.length)).trimEnd().split('\n');
    expect(JSON.parse(lines[999]!)).toMatchObject({
      time: '2023-11-14T22:29:59Z',
      flow: { port: 443, from: '10.0.249.1' },
    });
  });
});
