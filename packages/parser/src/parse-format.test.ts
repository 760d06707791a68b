import { describe, expect, test } from 'vitest';
import { parseFormat } from './parse-format';

describe('parseFormat', () => {
  const expected = ['version', 'vpc-id', 'log-status'];

  test.each([
    ['a LogFormat string', '${version} ${vpc-id} ${log-status}'],
    ['a Terraform-escaped LogFormat', '$${version} $${vpc-id} $${log-status}'],
    ['plain dashed names', 'version vpc-id log-status'],
    ['underscore names', 'version vpc_id log_status'],
    ['commas and extra white space', '  version,vpc-id ,\tlog_status  '],
  ])('accepts %s', (_label, specification) => {
    expect(parseFormat(specification)).toEqual(expected);
  });

  test('accepts an array of names, in any spelling', () => {
    expect(parseFormat(['${version}', 'vpc_id', 'log-status'])).toEqual(expected);
  });

  test('returns a frozen list', () => {
    expect(Object.isFrozen(parseFormat('version'))).toBe(true);
  });

  test.each([
    ['an empty string', '', /empty/],
    ['an unknown field', 'version srcadr', /unknown field "srcadr"/],
    ['a repeated field', 'version log-status log_status', /"log-status" twice/],
    ['an object key that is not a field', 'version __proto__', /unknown field "__proto__"/],
    ['an unclosed placeholder', '${version', /unknown field/],
  ])('refuses %s', (_label, specification, message) => {
    expect(() => parseFormat(specification)).toThrowError(message);
  });
});
