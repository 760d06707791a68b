import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, test } from 'vitest';
import { createParser } from './create-parser';
import { FlowLogParseError } from './flow-log-parse-error';
import { parseFormat } from './parse-format';

interface HostileCase {
  readonly file: string;
  readonly attacks: string;
  readonly expect: string;
  readonly maxLineLength?: number;
  readonly format?: string;
  readonly check?: Record<string, unknown>;
}

const directory = new URL('./__fixtures__/hostile/', import.meta.url);
const { cases } = JSON.parse(readFileSync(new URL('manifest.json', directory), 'utf8')) as { cases: HostileCase[] };
// As a stream reads them: UTF-8 with replacement characters, one line.
const read = (file: string) => new TextDecoder().decode(readFileSync(new URL(file, directory))).replace(/\n$/, '');
const at = (value: unknown, path: string) => path.split('.').reduce<any>((object, key) => object?.[key], value);

describe('hostile inputs (src/__fixtures__/hostile)', () => {
  afterAll(() => {
    // Nothing any case did reached the shared prototypes.
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
  });

  test.each(cases)('$file: $attacks → $expect', entry => {
    const line = read(entry.file);
    for (const profile of ['standard', 'extended'] as const) {
      const options = {
        profile,
        ...(entry.maxLineLength === undefined ? {} : { maxLineLength: entry.maxLineLength }),
        ...(entry.format === undefined ? {} : { format: entry.format }),
      };
      const result = createParser(options).parse(line);
      const json = createParser(options).parseToJson(line);
      if (entry.expect === 'event') {
        if (result.kind !== 'event')
          throw new Error(`${entry.file}: ${result.kind === 'invalid' ? result.error.message : result.kind}`);
        expect(json.kind === 'event' && json.event).toBe(JSON.stringify(result.event));
        JSON.parse(JSON.stringify(result.event));
        for (const [path, value] of Object.entries(entry.check ?? {}))
          expect(at(result.event, path), path).toEqual(value);
      } else {
        expect(result.kind, entry.file).toBe('invalid');
        if (result.kind !== 'invalid') return;
        expect(result.error).toBeInstanceOf(FlowLogParseError);
        expect(result.error.code).toBe(entry.expect);
        // The raw text is kept (bounded for an over-long line), the message names the problem.
        expect(result.error.raw.length).toBeLessThanOrEqual(Math.max(line.length, 1024));
        expect(json).toMatchObject({ kind: 'invalid', error: { code: entry.expect } });
      }
    }
  });

  test('every file in the folder is in the manifest', async () => {
    const { readdirSync } = await import('node:fs');
    const files = readdirSync(directory).filter(name => name !== 'manifest.json');
    expect(files.toSorted()).toEqual(cases.map(entry => entry.file).toSorted());
  });

  test('a format naming JavaScript internals is refused, never evaluated', () => {
    for (const specification of ['${__proto__}', '${constructor}', 'version ${toString}', '${process.exit()}']) {
      expect(() => parseFormat(specification)).toThrowError(expect.objectContaining({ code: 'invalid-format' }));
    }
  });
});
