import { createHash } from 'node:crypto';
import { basename, dirname, join } from 'node:path';

// A file name's limit on Linux and macOS, in bytes.
const NAME_MAX = 255;

/**
 * The temporary file beside the output: `.<name>.<pid>.partial`, or, when
 * that would be longer than a file name may be, the name's SHA-256 instead
 * of the name (the same for the same output, so a rerun finds its leftover).
 */
export function temporaryPath(output: string): string {
  const name = basename(output);
  const suffix = `.${process.pid}.partial`;
  const plain = `.${name}${suffix}`;
  const short =
    Buffer.byteLength(plain) <= NAME_MAX
      ? plain
      : `.${createHash('sha256').update(name).digest('hex').slice(0, 32)}${suffix}`;
  return join(dirname(output), short);
}
