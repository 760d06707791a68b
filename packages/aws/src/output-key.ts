import { createHash } from 'node:crypto';
import { replaceInvisible } from '@flowecs/stream';

/** S3's limit on a key, in bytes of UTF-8. */
export const MAX_KEY_BYTES = 1024;

/**
 * The output key `<prefix><name><suffix>` for a name taken from outside (a
 * source bucket and key, a log group and stream): no `.` or `..` segment
 * and no control character (each is percent-encoded, `%2E`, `%1B`), and no
 * more than 1,024 bytes: a longer name keeps its start and ends in `~` and
 * its SHA-256, so the same source always gives the same key and a
 * redelivery rewrites the same object.
 */
export function outputKey(prefix: string, name: string, suffix: string): string {
  const segments = name
    .split('/')
    .map(segment => (segment === '.' || segment === '..' ? segment.replaceAll('.', '%2E') : segment))
    .join('/');
  // Control, bidi and other invisible characters (the stream's printable rule), percent-encoded.
  const encoded = replaceInvisible(segments, percentEncode);
  const key = `${prefix}${encoded}${suffix}`;
  if (Buffer.byteLength(key) <= MAX_KEY_BYTES) return key;
  const mark = `~${createHash('sha256').update(name).digest('hex')}`;
  const room = MAX_KEY_BYTES - Buffer.byteLength(`${prefix}${mark}${suffix}`);
  return `${prefix}${cutToBytes(encoded, room)}${mark}${suffix}`;
}

function percentEncode(character: string): string {
  try {
    return encodeURIComponent(character);
  } catch {
    return '%EF%BF%BD'; // a lone surrogate: U+FFFD, as a UTF-8 decoder would read it
  }
}

/** The longest start of `text` of at most `bytes` UTF-8 bytes, never cutting a character. */
function cutToBytes(text: string, bytes: number): string {
  let used = 0;
  let end = 0;
  for (const character of text) {
    const size = Buffer.byteLength(character);
    if (used + size > bytes) break;
    used += size;
    end += character.length;
  }
  return text.slice(0, end);
}
