/**
 * Characters a name or a value from outside may hold that a terminal would
 * act on or hide: C0 (NUL, BEL, ESC, CR), DEL, C1 (NEL, CSI), zero-width,
 * bidi override and isolate, line separator, BOM. Tests put them in file
 * names and values; line ends are added where a name may hold one.
 */
export const hostileCharacters = [
  '\u0000',
  '\u0007',
  '\u001b',
  '\r',
  '\u007f',
  '\u0085',
  '\u009b',
  '\u200b',
  '\u202e',
  '\u2066',
  '\u2028',
  '\ufeff',
] as const;

/** Characters of stderr that a terminal would act on or hide (line ends excepted). */
export function rawControls(text: string): string[] {
  return [...text].filter(character => /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u.test(character) && character !== '\n');
}
