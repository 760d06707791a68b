import type { Readable, Writable } from 'node:stream';

/**
 * Whether a readable has handed everything on: nothing buffered, and every
 * stream it pipes into has written what it was given and handed it on too.
 * Node keeps a readable's pipe destinations in `_readableState.pipes`.
 */
export function isDrained(stream: Readable): boolean {
  if (stream.readableLength > 0) return false;
  const pipes = (stream as { _readableState?: { pipes?: unknown } })._readableState?.pipes;
  for (const destination of Array.isArray(pipes) ? (pipes as Writable[]) : []) {
    if (destination.destroyed || destination.writableFinished) continue;
    if (destination.writableLength > 0) return false;
    if ('readableLength' in destination && !isDrained(destination as unknown as Readable)) return false;
  }
  return true;
}
