// Control characters (C0, DEL, C1), format characters (bidi overrides and
// isolates, zero-width ones, the BOM), line and paragraph separators and lone
// surrogates: each one character, so the pattern cannot backtrack.
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/gu;

/**
 * Text from outside (a path, a name, a value, sample bytes) as it may be
 * printed on a terminal or in a log: every character that could move the
 * cursor, change the terminal, reorder the line or hide itself becomes a
 * visible escape (`\x1b`, `\u{202e}`). Everything flowecs prints of the
 * outside world goes through this.
 */
export function printable(text: string): string {
  return text.replace(INVISIBLE, character => {
    const code = character.codePointAt(0)!;
    return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u{${code.toString(16)}}`;
  });
}
