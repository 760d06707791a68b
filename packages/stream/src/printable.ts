// Control characters (C0, DEL, C1), format characters (bidi overrides and
// isolates, zero-width ones, the BOM), line and paragraph separators and lone
// surrogates: each one character, so the pattern cannot backtrack.
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/gu;
// In JSON text, the same characters outside the ASCII controls JSON.stringify
// escapes already (and the lone surrogates it escapes too).
const INVISIBLE_IN_JSON = /[\u007f-\u009f\p{Cf}\p{Zl}\p{Zp}]/gu;

/**
 * Text from outside (a path, a name, a value, sample bytes) as it may be
 * printed on a terminal or in a log: every character that could move the
 * cursor, change the terminal, reorder the line or hide itself becomes a
 * visible escape (`\x1b`, `\u{202e}`). Everything the CLI and the Lambda
 * handlers print of the outside world goes through this.
 */
export function printable(text: string): string {
  return replaceInvisible(text, character => {
    const code = character.codePointAt(0)!;
    return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u{${code.toString(16)}}`;
  });
}

/**
 * Each character `printable` escapes, replaced by `replace`'s text for it:
 * the one statement of which characters those are (the Lambda handlers
 * percent-encode them in S3 keys).
 */
export function replaceInvisible(text: string, replace: (character: string) => string): string {
  return text.replace(INVISIBLE, replace);
}

/**
 * `printable` of each line of a message, its line ends kept: what every
 * writer of standard error in the CLI passes its text through. `names` from
 * outside (file names) may hold a line end, which would start a forged line:
 * where they appear in the text, they are escaped whole first.
 */
export function printableLines(text: string, names: readonly string[] = []): string {
  for (const name of names) if (name.includes('\n')) text = text.replaceAll(name, printable(name));
  return text.split('\n').map(printable).join('\n');
}

/**
 * JSON text (from `JSON.stringify`) with the characters `printable` escapes
 * written as `\uXXXX` escapes: the same data, safe to print as it is.
 */
export function printableJson(json: string): string {
  return json.replace(INVISIBLE_IN_JSON, character => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
