import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { cliIn, V2_HEADER } from './__fixtures__/run-cli';

let directory: string;
beforeAll(() => {
  directory = mkdtempSync(join(tmpdir(), 'flowecs-where-'));
});
afterAll(() => rmSync(directory, { recursive: true, force: true }));
const { cli, file } = cliIn(() => directory);

const record = (source: string, destination: string, port: number, action: string) =>
  `2 123456789010 eni-1235b8ca123456789 ${source} ${destination} 49152 ${port} 6 20 4249 1418530010 1418530070 ${action} OK`;
const records = [
  record('10.0.1.5', '10.0.2.9', 22, 'ACCEPT'),
  record('203.0.113.7', '10.0.2.9', 22, 'REJECT'),
  record('10.0.1.5', '10.0.2.9', 3389, 'REJECT'),
  record('2001:db8::7', '2001:db8::9', 443, 'REJECT'),
  record('198.51.100.1', '10.0.2.9', 443, 'ACCEPT'),
];
const input = `${V2_HEADER}\n${records.join('\n')}\n\nnot a record\n`;
const EXAMPLE = 'action == "REJECT" and not (srcaddr in 10.0.0.0/8 and dstaddr in 10.0.0.0/8)';

describe('flowecs --where (built binary)', () => {
  test('writes exactly the events of the records that pass, and counts the rest as filtered', () => {
    const path = file('flows.log', input);
    const all = cli([path, '--error-limit', '0']).stdout.split('\n');
    const result = cli([path, '--where', EXAMPLE, '--stats', '--error-limit', '0']);
    expect(result.status).toBe(0);
    // The events are the unfiltered run's own lines: the filter changes which, never what.
    expect(result.stdout).toBe(`${all[1]}\n${all[3]}\n`);
    expect(result.stderr).toContain('flowecs: lines:   8 = 2 events + 3 filtered + 1 headers + 1 blank + 1 invalid\n');
  });

  test('invalid lines stay invalid (--strict fails the run) even when every record is filtered', () => {
    const path = file('strict.log', input);
    const result = cli([path, '--where', 'dstport == 1', '--strict', '--error-limit', '0', '--stats']);
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('= 0 events + 5 filtered + 1 headers + 1 blank + 1 invalid');
    expect(result.stderr).not.toContain('no record could be read');
  });

  test('--jobs 2 writes what --jobs 1 writes', () => {
    const lines = Array.from({ length: 30_000 }, (_, index) => records[index % records.length]!);
    const path = file('many.log', `${V2_HEADER}\n${lines.join('\n')}\n`);
    const one = cli([path, '--where', EXAMPLE, '--stats']);
    const two = cli([path, '--where', EXAMPLE, '--stats', '--jobs', '2']);
    expect(one.status).toBe(0);
    expect(two.status).toBe(0);
    expect(two.stdout).toBe(one.stdout);
    expect(one.stdout.split('\n')).toHaveLength(12_001);
    expect(two.stderr).toContain('= 12,000 events + 18,000 filtered + 1 headers');
  });

  test.each([
    ['dst-port == 22', '"dst-port" is not a flow-log field. Did you mean "dstport"?\n  dst-port == 22\n  ^\n'],
    ['dstport == "ssh"', '"dstport" is a number, so "ssh" can never match it.'],
    ['action == "reject"', '"action" is one of ACCEPT, REJECT, so "reject" can never match it.'],
    ['action > 1', '"action" is not a number: only ==, != and in apply to it.'],
    ['srcaddr in 10.0.0.0/33', '"10.0.0.0/33" is not an IP address or CIDR range'],
    ['(action == "ACCEPT"', 'Expected ")" but found the end.'],
    [`${'('.repeat(10_000)}action == "ACCEPT"`, 'The filter nests more than 64 levels deep.'],
    [`dstport in [${'1,'.repeat(20_000)}2]`, 'An "in" list holds at most 10000 values.'],
  ])('a filter that cannot work is a usage error before any input is read: #%#', (expression, message) => {
    const result = cli(['does-not-exist.log', '--where', expression]);
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(`flowecs: --where: ${message}`);
    expect(result.stderr).toContain("Try 'flowecs --help'");
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  test('control and bidi characters in a filter are escaped on the terminal', () => {
    const result = cli(['--where', 'action == "\u202eACCEPT\u001b[2J"'], { input: '' });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('flowecs: --where: "action" is one of ACCEPT, REJECT');
    expect(result.stderr).not.toContain('\u202e');
    expect(result.stderr).not.toContain('\u001b');
  });
});
