import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { corpus } from './__fixtures__/corpus';
import { fuzzTimeout, runProperty } from './__fixtures__/fuzz-settings';
import { createParser } from './create-parser';
import { flowLogFields } from './flow-log-fields';
import { FlowLogParseError } from './flow-log-parse-error';
import { NdjsonWriter } from './ndjson-writer';
import { parseRecord } from './parse-record';

const DEFAULT_FORMAT =
  'version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status';
const options = [
  {},
  { profile: 'extended' as const },
  { format: DEFAULT_FORMAT },
  { format: DEFAULT_FORMAT, profile: 'extended' as const },
];

/**
 * The promise under test: whatever the line, the parser returns a result or
 * throws FlowLogParseError, nothing else; and the JSON path agrees with the
 * object path.
 */
const encoder = new TextEncoder();
const decoder = new TextDecoder();

function checkLine(line: string): void {
  // The byte lanes read what a stream hands over: the line's bytes, no newline.
  const bytes = encoder.encode(line.replaceAll('\n', ' '));
  const asRead = decoder.decode(bytes);
  for (const option of options) {
    const result = createParser(option).parse(line);
    const json = createParser(option).parseToJson(line);
    expect(json.kind).toBe(result.kind);
    if (result.kind === 'event' && json.kind === 'event') expect(json.event).toBe(JSON.stringify(result.event));
    const reference = createParser(option).parseToJson(asRead.replace(/\r$/, ''));
    const fromBytes = createParser(option).parseBytes(bytes, 0, bytes.length);
    const writer = new NdjsonWriter(16);
    const intoBytes = createParser(option).parseBytesInto(bytes, 0, bytes.length, writer);
    expect([fromBytes.kind, intoBytes.kind]).toEqual([reference.kind, reference.kind]);
    if (reference.kind === 'event' && fromBytes.kind === 'event') {
      expect(JSON.stringify(fromBytes.event)).toBe(reference.event);
      expect(decoder.decode(writer.view())).toBe(`${reference.event}\n`);
    }
    if (result.kind === 'invalid') expect(result.error).toBeInstanceOf(FlowLogParseError);
    try {
      parseRecord(line, option);
    } catch (error) {
      if (!(error instanceof FlowLogParseError)) throw error;
    }
  }
}

const records = corpus().map(record => record.text.replace(/\n$/, ''));
const fieldKeys = flowLogFields.flatMap(field => [field.key, field.name]);

// Mutations a damaged or crafted file could hold.
const mutation = fc.oneof(
  fc.record({ kind: fc.constant('replace' as const), at: fc.nat(), text: fc.string({ maxLength: 4 }) }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: fc.string({ unit: 'binary', maxLength: 8 }) }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.nat(20) }),
  fc.record({
    kind: fc.constant('token' as const),
    at: fc.nat(),
    text: fc.constantFrom(
      '-',
      '',
      '0',
      '99999999999999999999',
      '1e3',
      '::',
      '256.1.1.1',
      'ACCEPT',
      'NODATA',
      '{',
      '"',
      '\\',
      '\u0000',
      '\uFFFD',
      'version',
      '__proto__',
    ),
  }),
);

type Mutation = typeof mutation extends fc.Arbitrary<infer Value> ? Value : never;

function mutate(line: string, mutations: readonly Mutation[]): string {
  let text = line;
  for (const change of mutations) {
    const at = text.length === 0 ? 0 : change.at % (text.length + 1);
    if (change.kind === 'replace') text = text.slice(0, at) + change.text + text.slice(at + change.text.length);
    else if (change.kind === 'insert') text = text.slice(0, at) + change.text + text.slice(at);
    else if (change.kind === 'delete') text = text.slice(0, at) + text.slice(at + change.length);
    else {
      const tokens = text.split(' ');
      tokens[change.at % tokens.length] = change.text;
      text = tokens.join(' ');
    }
  }
  return text;
}

describe('the parser never throws anything but FlowLogParseError', () => {
  test(
    'arbitrary strings',
    async () => {
      await runProperty(
        'arbitrary strings',
        fc.property(
          fc.oneof(
            fc.string(),
            fc.string({ unit: 'binary' }),
            fc.string({ unit: fc.constantFrom(' ', '-', '.', ':', '1', '{', '}', '"', 'a', '\r', '\t') }),
          ),
          line => checkLine(line),
        ),
        101,
        400,
        0.2,
      );
    },
    fuzzTimeout,
  );

  test(
    'arbitrary JSON, and objects with flow-log keys and any values',
    async () => {
      const flowLogObject = fc.dictionary(
        fc.oneof(fc.constantFrom(...fieldKeys, '__proto__', 'constructor', 'message'), fc.string()),
        fc.jsonValue(),
        { maxKeys: 12 },
      );
      await runProperty(
        'arbitrary JSON',
        fc.property(
          fc.oneof(
            fc.json(),
            flowLogObject.map(object => JSON.stringify(object)),
            flowLogObject.map(object => JSON.stringify({ message: JSON.stringify(object) })),
          ),
          line => checkLine(line),
        ),
        102,
        400,
        0.3,
      );
    },
    fuzzTimeout,
  );

  test(
    'mutated valid records (every fixture record)',
    async () => {
      await runProperty(
        'mutated records',
        fc.property(
          fc.constantFrom(...records),
          fc.array(mutation, { minLength: 1, maxLength: 4 }),
          (line, mutations) => checkLine(mutate(line, mutations)),
        ),
        103,
        600,
        0.5,
      );
    },
    fuzzTimeout,
  );
});
