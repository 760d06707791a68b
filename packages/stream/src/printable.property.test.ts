import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { printable, printableJson, printableLines } from './printable';

// Every character a terminal or a log viewer could act on, or hide: C0, DEL,
// C1, bidi overrides and isolates, zero-width and other format characters,
// line and paragraph separators, the BOM, lone surrogates.
const hostile = [
  ...Array.from({ length: 32 }, (_, code) => code),
  ...Array.from({ length: 33 }, (_, index) => 127 + index),
  0x00ad,
  0x061c,
  0x200b,
  0x200c,
  0x200d,
  0x200e,
  0x200f,
  0x2028,
  0x2029,
  0x202a,
  0x202b,
  0x202c,
  0x202d,
  0x202e,
  0x2060,
  0x2066,
  0x2067,
  0x2068,
  0x2069,
  0xfeff,
  0xfff9,
  0xd800,
  0xdfff,
].map(code => String.fromCharCode(code));
const text = fc
  .array(fc.oneof(fc.constantFrom(...hostile), fc.string({ maxLength: 4, unit: 'grapheme' })), { maxLength: 30 })
  .map(parts => parts.join(''));
const raw = (value: string) => [...value].filter(character => hostile.includes(character) && character !== '\n');

describe('nothing from outside reaches a terminal raw', () => {
  test('printable leaves no control, format or separator character', () => {
    fc.assert(
      fc.property(text, value => {
        const shown = printable(value);
        expect(raw(shown)).toEqual([]);
        expect(shown).not.toContain('\n');
      }),
    );
  });

  test('printableLines keeps the line ends and nothing else raw', () => {
    fc.assert(
      fc.property(text, value => {
        const lines = printableLines(value);
        expect(raw(lines)).toEqual([]);
        expect(lines.split('\n')).toHaveLength(value.split('\n').length);
      }),
    );
  });

  test('printableJson is the same JSON data, with no raw character', () => {
    fc.assert(
      fc.property(text, value => {
        const json = printableJson(JSON.stringify({ raw: value }));
        expect(raw(json)).toEqual([]);
        expect(json).not.toContain('\n');
        expect(JSON.parse(json)).toEqual({ raw: value });
      }),
    );
  });

  test('the escapes are readable', () => {
    expect(printable('a\u001b[2Jb\u0007\u202e\n')).toBe('a\\x1b[2Jb\\x07\\u{202e}\\x0a');
    expect(printableJson('"\u009b\u202e"')).toBe('"\\u009b\\u202e"');
  });
});
