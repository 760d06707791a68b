import { describe, expect, test } from 'vitest';
import { defineProfile, type Placed } from './define-profile';

// The template rule, in types: a mapping may decide only on decided values
// (presence, the action and status words, integers of at most 255, `oneOf`
// words, derived words); every other value is a `Slot`, which it may only
// place. Each `@ts-expect-error` below is a forbidden use: `pnpm typecheck`
// fails when one of them compiles (TS2578, "unused directive").

interface Toy {
  message: string;
  port?: number;
  text?: string;
  words?: string[];
}

const forbidden = defineProfile<Toy>({
  name: 'forbidden',
  map({ record, placed, message, eventTime }) {
    const event: Toy = { message: 'x' };
    // @ts-expect-error a decided value read to be placed is a slot: not compared (TS2367)
    if (placed.protocol === 6) event.text = 'tcp';
    // @ts-expect-error a port compared with a value (TS2367)
    if (record.dstport === 443) event.text = 'https';
    // @ts-expect-error a port ordered against a value (TS2365)
    if (record.srcport > 1024) event.text = 'ephemeral';
    // @ts-expect-error a byte count computed on (TS2365)
    event.port = record.bytes + 1;
    // @ts-expect-error a port tested for truthiness (TS1345): port 0 is falsy, a sentinel is not
    if (record.srcport) event.text = 'port';
    // @ts-expect-error an address tested in a conditional expression (TS1345)
    event.text = record.srcaddr ? 'address' : 'none';
    // @ts-expect-error the message negated (TS1345)
    if (!message) event.text = 'empty';
    switch (record.dstport) {
      // @ts-expect-error a port in a switch (TS2678)
      case 22:
        event.text = 'ssh';
    }
    // @ts-expect-error a timestamp handed to arithmetic (TS2345)
    event.port = Math.floor(record.start / 60);
    // @ts-expect-error an id compared with a text (TS2367)
    if (record.account_id === '123456789012') event.text = 'ours';
    // @ts-expect-error the delivery's time compared (TS2365)
    if (eventTime > 0) event.text = 'late';
    // @ts-expect-error a free-text field's length (TS2339)
    event.port = record.vpc_id.length;
    return event;
  },
});

const allowed = defineProfile<Toy>({
  name: 'allowed',
  map({ record, message, timestamp, sortedAddresses }) {
    const event: Placed<Toy> = { message };
    // Presence, decided words and small integers, and placements.
    if (record.srcport !== undefined) event.port = record.srcport;
    if (record.action === 'ACCEPT' && record.log_status !== 'NODATA') event.text = 'accepted';
    if (record.protocol === 6) event.text = 'tcp';
    if (record.flow_direction === 'ingress') event.text = 'in';
    if (record.interface_id !== undefined) event.text = record.interface_id;
    if (record.start !== undefined) event.text = timestamp(record.start);
    event.words = sortedAddresses([record.srcaddr, record.dstaddr]);
    return event;
  },
});

describe('the template rule in types', () => {
  test('forbidden uses are type errors (typecheck), allowed ones compile', () => {
    expect([forbidden.name, allowed.name]).toEqual(['forbidden', 'allowed']);
  });
});
