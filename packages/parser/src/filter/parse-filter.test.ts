import { describe, expect, test } from 'vitest';
import { FilterSyntaxError } from './filter-tokens';
import { matchesFilter } from './matches-filter';
import { parseFilter } from './parse-filter';

const record = {
  srcaddr: '10.0.1.5',
  dstaddr: '52.95.128.179',
  dstport: 443,
  protocol: 6,
  action: 'ACCEPT',
  log_status: 'OK',
};
const passes = (text: string, values: Record<string, unknown> = record) =>
  matchesFilter(parseFilter(text).tree, values as Parameters<typeof matchesFilter>[1]);
const refusal = (text: string) => {
  try {
    parseFilter(text);
  } catch (error) {
    if (error instanceof FilterSyntaxError) return `${error.at}: ${error.message}`;
    throw error;
  }
  return 'parsed';
};

describe('parseFilter (work in progress, issue 27)', () => {
  test('the issue’s example', () => {
    const filter =
      'log-status == "OK" and not (action == "ACCEPT" and srcaddr in 10.0.0.0/8 and dstaddr in 10.0.0.0/8)';
    expect(passes(filter)).toBe(true);
    expect(passes(filter, { ...record, dstaddr: '10.9.9.9' })).toBe(false);
  });

  test('numbers, words, lists, CIDRs; a record without the field fails the condition', () => {
    expect(passes('dstport >= 443 and dstport < 444')).toBe(true);
    expect(passes('protocol in [6, 17]')).toBe(true);
    expect(passes('action in ["REJECT"]')).toBe(false);
    expect(passes('srcaddr in [192.168.0.0/16, 10.0.0.0/8]')).toBe(true);
    expect(passes('dstaddr in 2001:db8::/32')).toBe(false);
    expect(passes('tcp-flags == 2')).toBe(false);
    expect(passes('not tcp-flags == 2')).toBe(true);
  });

  test('clear errors: unknown fields (with the nearest), impossible comparisons, bad ranges, depth', () => {
    expect(refusal('dst-port == 443')).toBe('0: "dst-port" is not a flow-log field. Did you mean "dstport"?');
    expect(refusal('dstport == "https"')).toBe('11: "dstport" is a number, so "https" can never match it.');
    expect(refusal('action > 1')).toBe('7: "action" is not a number: only ==, != and in apply to it.');
    expect(refusal('srcaddr in 10.0.0.0/33')).toContain('is not an IP address or CIDR range');
    expect(refusal(`${'('.repeat(100)}action == "ACCEPT"${')'.repeat(100)}`)).toContain('nests more than 64');
    expect(refusal(`${'not '.repeat(100)}action == "ACCEPT"`)).toContain('nests more than 64');
    expect(refusal('action == "ACCEPT" and')).toBe('22: Expected a field name but found the end.');
    expect(refusal('action = "ACCEPT"')).toContain('is not an operator');
  });
});
