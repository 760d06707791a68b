import { fstatSync, type Stats } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { readFileHead, startsWithFlowEcsOutput } from '@flowecs/stream';
import { fileId, type Input } from './collect-inputs';
import { UsageError } from './usage-error';

export interface OutputPaths {
  /** `-o`: undefined or `-` for stdout. */
  readonly output: string | undefined;
  /** `--errors`: undefined, or `-` for stderr. */
  readonly errors: string | undefined;
  readonly force: boolean;
}

/**
 * The one rule for what `-o` and `--errors` may name, checked before any
 * input is read:
 * 1. never one of the inputs (the same file by device and inode, whatever the
 *    path), nor each other, even with `--force`: it would be destroyed before
 *    it is read;
 * 2. only a regular file, a new path, `-`, or a character device
 *    (`/dev/null`, which opens at once and is written in place): opening a
 *    FIFO waits for a reader, and a folder or a socket is no output file;
 * 3. an existing file is replaced without `--force` only when it is empty or
 *    starts with what flowecs writes (an event or a dead letter): anything
 *    else, in any layout or encoding, may be data the user wants.
 * `stdinFd` is standard input's descriptor when it is read: a file
 * redirected into flowecs is an input too.
 */
export async function checkOutputPaths(
  paths: OutputPaths,
  inputs: readonly Input[],
  stdinFd: number | undefined,
): Promise<void> {
  const { output, errors, force } = paths;
  if (output !== undefined && output !== '-' && errors !== undefined && errors !== '-') {
    if (await sameFile(output, errors))
      throw new UsageError(`-o and --errors name the same file (${output}): the dead letters would be lost.`);
  }
  const inputIds = new Map<string, string>();
  for (const input of inputs) if (input.kind === 'file') inputIds.set(input.id, input.path);
  if (stdinFd !== undefined && inputs.some(input => input.kind === 'stdin')) {
    const info = statDescriptor(stdinFd);
    if (info?.isFile() === true) inputIds.set(fileId(info), 'standard input');
  }
  for (const [option, path] of [
    ['-o', output],
    ['--errors', errors],
  ] as const) {
    if (path === undefined || path === '-') continue;
    let info;
    try {
      info = await stat(path);
    } catch {
      continue; // A new path (or one whose folder is missing: writing it reports that).
    }
    const named = `${option} ${path}`;
    const input = inputIds.get(fileId(info));
    if (input !== undefined)
      throw new UsageError(
        `${named} is also an input (${input}): it would be destroyed before it is read. Name another file; --force does not change this.`,
      );
    if (!info.isFile() && !info.isCharacterDevice())
      throw new UsageError(
        `${named} is ${kindOf(info)}, not a regular file: name a regular file or a new path, or - for ${option === '-o' ? 'standard output' : 'standard error'}.`,
      );
    if (force || !info.isFile() || info.size === 0) continue;
    if (!startsWithFlowEcsOutput(await readFileHead(path, 64 * 1024).catch(() => new Uint8Array())))
      throw new UsageError(
        `${named} exists and does not start with flowecs output (an event or a dead letter), so it may be data: it is replaced only with --force. Check the name (was the output name forgotten?), or add --force to replace it.`,
      );
  }
}

function kindOf(info: Stats): string {
  if (info.isDirectory()) return 'a directory';
  if (info.isFIFO()) return 'a FIFO';
  if (info.isBlockDevice()) return 'a block device';
  if (info.isSocket()) return 'a socket';
  return 'not a regular file';
}

function statDescriptor(fd: number): Stats | undefined {
  try {
    return fstatSync(fd);
  } catch {
    return undefined;
  }
}

async function sameFile(left: string, right: string): Promise<boolean> {
  const [a, b] = await Promise.all([stat(left).catch(() => undefined), stat(right).catch(() => undefined)]);
  if (a !== undefined && b !== undefined) return fileId(a) === fileId(b);
  const real = (path: string) => realpath(path).catch(() => resolve(path));
  return (await real(left)) === (await real(right));
}
