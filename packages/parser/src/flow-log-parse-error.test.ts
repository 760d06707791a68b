import { describe, expect, test } from 'vitest';
import { decodeCloudWatchEnvelope } from './cloudwatch-envelope';
import { splitJsonObjects } from './json-object-splitter';
import { createParser } from './create-parser';
import { FlowLogParseError, flowLogErrorCodes, type FlowLogErrorCode } from './flow-log-parse-error';
import { parseFormat } from './parse-format';
import { parseRecord } from './parse-record';

const V2 =
  '2 123456789010 eni-1235b8ca123456789 172.31.16.139 172.31.16.21 20641 22 6 20 4249 1418530010 1418530070 ACCEPT OK';
const DEFAULT_FORMAT =
  'version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status';
const withField = (index: number, value: string) =>
  V2.split(' ')
    .map((token, position) => (position === index ? value : token))
    .join(' ');

/** One bad input per code, with the field it must name (if any). */
const cases: Record<FlowLogErrorCode, { run: () => unknown; field?: string; value?: string }> = {
  'empty-record': { run: () => parseRecord('   ') },
  'unexpected-header': { run: () => parseRecord('version account-id interface-id') },
  'invalid-format': { run: () => parseFormat('${version} ${no-such-field}'), field: '${no-such-field}' },
  'invalid-header': { run: () => parseRecord('version account-id interface-id SrcAddr'), field: 'SrcAddr' },
  'after-invalid-header': {
    run: () => {
      const parser = createParser();
      parser.parse('version account-id version');
      const result = parser.parse(V2);
      if (result.kind === 'invalid') throw result.error;
      return result;
    },
  },
  'unknown-layout': { run: () => parseRecord('2 123456789010 eni-1235b8ca123456789') },
  'layout-mismatch': { run: () => parseRecord(withField(5, 'i-085c1b2a')), field: 'srcport', value: 'i-085c1b2a' },
  'field-count-mismatch': { run: () => parseRecord(V2, { format: 'version account-id' }) },
  'invalid-character': { run: () => parseRecord(V2.replace(' eni', '\teni')) },
  'invalid-number': { run: () => parseRecord(withField(8, '1e3')), field: 'packets', value: '1e3' },
  'out-of-range': { run: () => parseRecord(withField(6, '65536')), field: 'dstport', value: '65536' },
  'invalid-ip': { run: () => parseRecord(withField(3, '172.31.16.1390')), field: 'srcaddr', value: '172.31.16.1390' },
  'invalid-value': {
    run: () => parseRecord(withField(12, 'ALLOW'), { format: DEFAULT_FORMAT }),
    field: 'action',
    value: 'ALLOW',
  },
  'invalid-json': { run: () => parseRecord('{"version": 2,') },
  'invalid-envelope': {
    run: () =>
      decodeCloudWatchEnvelope(
        '{"messageType":"DATA_MESSAGE","owner":"1","logGroup":"g","logStream":"s","logEvents":{}}',
      ),
  },
  'envelope-too-large': { run: () => splitJsonObjects(new TextEncoder().encode('{"logEvents": "0123456789"}'), 10) },
  'line-too-long': { run: () => parseRecord(`${V2} ${'x'.repeat(5000)}`, { maxLineLength: 200 }) },
  'unmappable-record': {
    run: () => parseRecord('2 123456789010 eni-1 - - - - - - - - - - NODATA', { profile: 'ocsf' }),
  },
  'duplicate-field': {
    run: () => parseRecord('{"log_status": "OK", "log-status": "OK", "srcaddr": "1.2.3.4"}'),
    field: 'log-status',
  },
};

describe('error codes', () => {
  test('every documented code has a test case', () => {
    expect(Object.keys(cases).toSorted()).toEqual(Object.keys(flowLogErrorCodes).toSorted());
  });

  test.each(Object.entries(cases))('%s', (code, { run, field, value }) => {
    let thrown: unknown;
    try {
      run();
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(FlowLogParseError);
    const error = thrown as FlowLogParseError;
    expect(error.code).toBe(code);
    expect(error.name).toBe('FlowLogParseError');
    expect(error.message.length).toBeGreaterThan(10);
    expect(typeof error.raw).toBe('string');
    if (field !== undefined) expect(error.field).toBe(field);
    if (value !== undefined) expect(error.value).toBe(value);
  });
});

describe('error details', () => {
  test('createParser reports the line number and the raw text, and keeps going', () => {
    const parser = createParser();
    expect(parser.parse(V2).kind).toBe('event');
    const bad = withField(5, '99999');
    const result = parser.parse(bad);
    expect(result).toMatchObject({ kind: 'invalid', lineNumber: 2 });
    expect(result.kind === 'invalid' && result.error).toMatchObject({
      code: 'out-of-range',
      lineNumber: 2,
      raw: bad,
      field: 'srcport',
    });
    expect(parser.parse(V2)).toMatchObject({ kind: 'event', lineNumber: 3 });
  });

  test('toJSON gives the dead-letter shape', () => {
    const result = createParser().parse('oops');
    expect(result.kind === 'invalid' && JSON.parse(JSON.stringify(result.error))).toEqual({
      line: 1,
      code: 'unknown-layout',
      message: expect.stringContaining('1 fields'),
      raw: 'oops',
    });
  });

  test('a guessed layout with a wrong shape tells the user to pass the format', () => {
    expect(() => parseRecord(withField(2, 'vpc-0123'))).toThrowError(/pass it/);
  });

  test('with an explicit format the same value is a plain field error', () => {
    expect(() => parseRecord(withField(5, 'i-085c1b2a'), { format: DEFAULT_FORMAT })).toThrowError(
      expect.objectContaining({ code: 'invalid-number', field: 'srcport' }),
    );
  });

  test.each([
    ['+1', 'invalid-number'],
    ['-0', 'invalid-number'],
    ['0x10', 'invalid-number'],
    ['1.5', 'invalid-number'],
    ['007', 'invalid-number'],
    ['NaN', 'invalid-number'],
    ['Infinity', 'invalid-number'],
    ['9007199254740992', 'out-of-range'],
  ])('packets "%s" is %s', (value, code) => {
    expect(() => parseRecord(withField(8, value))).toThrowError(expect.objectContaining({ code }));
  });

  test.each(['10.1', '010.0.0.1', '0x0a.0.0.1', '1.2.3.4.5', 'fe80::1%eth0', '::ffff:010.0.0.1', '1:2:3:4:5:6:7:8:9'])(
    'address "%s" is refused',
    address => {
      expect(() => parseRecord(withField(4, address))).toThrowError(
        expect.objectContaining({ code: 'invalid-ip', field: 'dstaddr' }),
      );
    },
  );

  test.each([
    ['true', 'a boolean'],
    ['[6]', 'an array'],
    ['{"n":6}', 'a object'],
  ])('JSON protocol %s is invalid-value', (json, kind) => {
    expect(() => parseRecord(`{"srcaddr":"1.2.3.4","protocol":${json}}`)).toThrowError(
      expect.objectContaining({ code: 'invalid-value', message: expect.stringContaining(kind) }),
    );
  });

  test.each(['6.5', '-1', '1e300'])('JSON protocol %s is refused', json => {
    expect(() => parseRecord(`{"srcaddr":"1.2.3.4","protocol":${json}}`)).toThrowError(FlowLogParseError);
  });

  test('with an explicit format, account-id must still be digits or "unknown"', () => {
    expect(() => parseRecord(withField(1, 'acct-1'), { format: DEFAULT_FORMAT })).toThrowError(
      expect.objectContaining({ code: 'invalid-value', field: 'account-id' }),
    );
    expect(parseRecord(withField(1, 'unknown'), { format: DEFAULT_FORMAT }).cloud).toEqual({
      account: { id: 'unknown' },
      provider: 'aws',
    });
    expect(parseRecord(withField(1, '000000000042')).cloud).toEqual({
      account: { id: '000000000042' },
      provider: 'aws',
    });
  });

  test('a JSON array or a JSON object without flow-log fields is refused', () => {
    expect(() => parseRecord('{"foo": 1}')).toThrowError(expect.objectContaining({ code: 'unknown-layout' }));
    expect(() => parseRecord('{}')).toThrowError(expect.objectContaining({ code: 'unknown-layout' }));
  });
});

describe('C1 controls are control characters (issue "Hostile inputs and misuse")', () => {
  // A C1 control (U+009B is a terminal's CSI) would reach an event field and a terminal.
  test.each(['\u0085', '\u009b', '\u0080', '\u009f'])('U+%s in a text or JSON value is invalid-character', c1 => {
    const code = c1.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0');
    const text = createParser().parse(V2.replace('eni-1235b8ca123456789', `eni-1235b8ca123456789${c1}`));
    expect(text).toMatchObject({ kind: 'invalid', error: { code: 'invalid-character' } });
    expect(text.kind === 'invalid' && text.error.message).toContain(`U+${code}`);
    const bytes = new TextEncoder().encode(`${DEFAULT_FORMAT}\n${V2.replace(' OK', ` OK${c1}`)}\n`);
    const results: string[] = [];
    const parser = createParser();
    for (const line of new TextDecoder().decode(bytes).split('\n').filter(Boolean))
      results.push(parser.parse(line).kind);
    expect(results).toEqual(['header', 'invalid']);
    const json = createParser().parse(JSON.stringify({ srcaddr: '10.0.0.1', interface_id: `eni-1${c1}` }));
    expect(json).toMatchObject({ kind: 'invalid', error: { code: 'invalid-character' } });
  });

  test('a non-ASCII character that is not a control is still read (U+00A0 and U+202E are printable-escaped where printed)', () => {
    expect(createParser().parse(V2.replace('eni-1235b8ca123456789', 'eni-1235b8ca123456789\u00e9')).kind).toBe('event');
  });
});
