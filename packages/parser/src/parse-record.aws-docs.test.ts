import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { announceSharedSkip, hasShared, readShared } from './__fixtures__/shared-fixtures';
import { createParser } from './create-parser';
import { parseRecord } from './parse-record';

interface ExampleCase {
  readonly name: string;
  readonly format: string | null;
  readonly note: string;
  readonly lines: readonly string[];
}

const examplesText = readFileSync(new URL('./__fixtures__/aws-docs-examples.json', import.meta.url), 'utf8');
const examples: readonly ExampleCase[] = JSON.parse(examplesText).cases;
const byName = (name: string) => examples.find(example => example.name === name)!;
const parseExample = (name: string, index = 0) => {
  const example = byName(name);
  return parseRecord(example.lines[index]!, example.format === null ? undefined : { format: example.format });
};

describe('AWS documentation example records', () => {
  test('every record parses with its published format, output as in the golden file', async () => {
    const output: string[] = [];
    for (const example of examples) {
      for (const line of example.lines) {
        output.push(
          JSON.stringify(parseRecord(line, example.format === null ? undefined : { format: example.format })),
        );
      }
    }
    expect(output).toHaveLength(examples.reduce((count, example) => count + example.lines.length, 0));
    await expect(`${output.join('\n')}\n`).toMatchFileSnapshot('./__fixtures__/aws-docs-examples.standard.ndjson');
  });

  test('every record parses without a format when a header line precedes it', () => {
    for (const example of examples) {
      const parser = createParser();
      const header =
        example.format ??
        'version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status';
      expect(parser.parse(header).kind).toBe('header');
      for (const line of example.lines) {
        const result = parser.parse(line);
        expect(result.kind, `${example.name}: ${line}`).toBe('event');
      }
    }
  });

  test('accepted SSH: every contract field from the default format', () => {
    const event = parseExample('accepted-ssh');
    expect(event).toMatchObject({
      '@timestamp': '2014-12-14T04:06:50Z',
      event: { start: '2014-12-14T04:06:50Z', end: '2014-12-14T04:07:50Z', outcome: 'ok' },
      action: { name: 'accept', outcome: 'ok', target: 'network-traffic', type: 'forward' },
      cloud: { account: { id: '123456789010' }, provider: 'aws' },
      source: { ip: '172.31.16.139', port: 20641, bytes: 4249, packets: 20 },
      destination: { ip: '172.31.16.21', port: 22 },
      network: { iana_number: '6', transport: 'tcp' },
    });
  });

  test('rejected RDP: action.name reject, outcome still the log status', () => {
    expect(parseExample('rejected-rdp')).toMatchObject({
      action: { name: 'reject', outcome: 'ok' },
      destination: { port: 3389 },
    });
  });

  test('SKIPDATA keeps the NODATA shape', () => {
    const event = parseExample('skipdata');
    expect(event).toStrictEqual({
      message: byName('skipdata').lines[0],
      event: { category: ['network'], end: '2015-05-10T18:02:14Z', outcome: 'skipdata', start: '2015-05-10T18:01:16Z' },
      '@timestamp': '2015-05-10T18:01:16Z',
      action: { outcome: 'skipdata', type: 'forward' },
      cloud: { account: { id: '123456789010' }, provider: 'aws' },
      observer: { ingress: { interface: { name: 'eni-11111111aaaaaaaaa' } } },
    });
  });

  test('ICMP: ports 0 are kept, transport icmp', () => {
    expect(parseExample('icmp-sg-vs-nacl', 1)).toMatchObject({
      source: { ip: '172.31.16.139', port: 0 },
      destination: { ip: '203.0.113.12', port: 0 },
      network: { iana_number: '1', transport: 'icmp' },
      action: { name: 'reject' },
    });
  });

  test('TCP flag sequence: bytes before packets in the format are read by name', () => {
    expect(parseExample('tcp-flag-sequence')).toMatchObject({
      source: { bytes: 568, packets: 8, port: 43416 },
      destination: { port: 5001 },
    });
  });

  test('the published double space is tolerated', () => {
    expect(parseExample('short-connection-double-space', 1)).toMatchObject({
      source: { ip: '10.0.0.62', port: 5001, bytes: 967, packets: 14 },
      destination: { ip: '52.213.180.42', port: 43638 },
    });
  });

  test('NAT gateway format: no version, times or status', () => {
    expect(parseExample('nat-gateway', 3)).toStrictEqual({
      message: byName('nat-gateway').lines[3],
      event: { category: ['network'] },
      action: { target: 'network-traffic', type: 'forward' },
      cloud: { provider: 'aws' },
      destination: { address: '10.0.1.5', ip: '10.0.1.5' },
      observer: { ingress: { interface: { name: 'eni-1235b8ca123456789' } } },
      related: { ip: ['10.0.0.220', '10.0.1.5'] },
      source: { address: '10.0.0.220', ip: '10.0.0.220' },
    });
  });

  test('transit gateway example: no start, so no @timestamp', () => {
    const event = parseExample('through-transit-gateway', 2);
    expect(event).not.toHaveProperty('@timestamp');
    expect(event).toMatchObject({
      source: { ip: '10.40.1.175', port: 39812 },
      destination: { ip: '10.40.2.236', port: 80 },
      action: { name: 'accept' },
    });
  });

  test('service, path and direction (custom v5): v5 fields add nothing to the standard output', () => {
    const event = parseExample('service-path-direction', 1);
    expect(Object.keys(event)).toEqual([
      'message',
      'event',
      '@timestamp',
      'action',
      'cloud',
      'destination',
      'network',
      'observer',
      'related',
      'source',
    ]);
    expect(event).toMatchObject({
      source: { ip: '10.0.0.71', bytes: 471, packets: 7 },
      cloud: { account: { id: '123456789012' } },
    });
  });

  test('without its format, a custom 29-field order is refused, not misread', () => {
    const line = byName('service-path-direction').lines[0]!;
    expect(() => parseRecord(line)).toThrowError(expect.objectContaining({ code: 'layout-mismatch' }));
  });
});

describe.skipIf(!hasShared)('the project copy of the AWS examples', () => {
  announceSharedSkip('the AWS examples copy check');
  test('matches ../shared/fixtures/aws-docs/examples.json', () => {
    expect(examplesText).toBe(readShared('fixtures/aws-docs/examples.json'));
  });
});
