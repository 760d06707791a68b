import type { Stats } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { flowLogContentVerdict, readFileHead } from '@flowecs/stream';
import { UsageError } from './usage-error';

export type Input =
  | {
      readonly kind: 'file';
      readonly path: string;
      readonly size: number;
      /** Device and inode (`fileId`): an output path that is this input is refused. */
      readonly id: string;
      /** A named FIFO (`<(zcat …)` names one): opening it waits for a writer. */
      readonly fifo: boolean;
    }
  | { readonly kind: 'stdin' }
  /** A path that cannot be read at all: reported as a failed input, the others still run. */
  | { readonly kind: 'missing'; readonly path: string; readonly reason: string };

/** A file a directory walk passed over, and why. */
export interface SkippedFile {
  readonly path: string;
  readonly reason: string;
}

export interface CollectedInputs {
  readonly inputs: readonly Input[];
  /** Files met while walking directories that are not flow-log deliveries by content. */
  readonly skipped: readonly SkippedFile[];
}

export interface CollectOptions {
  /** `--format`: a walk decides a headerless file with it. */
  readonly format?: string | undefined;
}

/** The identity of a file whatever path names it (`./`, a symlink, a hard link). */
export function fileId(info: Pick<Stats, 'dev' | 'ino'>): string {
  return `${info.dev}:${info.ino}`;
}

/**
 * Expands the command's paths into inputs: files as given, directories walked
 * recursively in byte order of their paths (the chronological order of an S3
 * sync of AWSLogs/…/vpcflowlogs/…), `-` for stdin. No path means stdin. A
 * walk decides each file by its first bytes, as for a named file, never by
 * its name: `aws s3 sync` keeps Firehose objects' names, which have no
 * extension.
 */
export async function collectInputs(paths: readonly string[], options: CollectOptions = {}): Promise<CollectedInputs> {
  if (paths.length === 0) return { inputs: [{ kind: 'stdin' }], skipped: [] };
  if (paths.filter(path => path === '-').length > 1) throw new UsageError('stdin (-) can be read only once.');
  const inputs: Input[] = [];
  const skipped: SkippedFile[] = [];
  for (const path of paths) {
    if (path === '-') {
      inputs.push({ kind: 'stdin' });
      continue;
    }
    const info = await statOrMissing(path);
    if ('kind' in info) {
      inputs.push(info);
      continue;
    }
    if (info.isDirectory()) await walk(path, options, inputs, skipped);
    // A named FIFO or device is read as given: `flowecs <(zcat …)` names /dev/fd/N.
    else
      inputs.push({ kind: 'file', path, size: info.isFile() ? info.size : 0, id: fileId(info), fifo: info.isFIFO() });
  }
  return { inputs, skipped };
}

async function walk(directory: string, options: CollectOptions, files: Input[], skipped: SkippedFile[]): Promise<void> {
  let entries;
  try {
    entries = await readdir(directory, { withFileTypes: true });
  } catch (error) {
    // An unreadable folder is a failed input; the rest of the tree still runs.
    files.push({ kind: 'missing', path: directory, reason: reasonOf(error) });
    return;
  }
  entries.sort((left, right) => compareBytes(left.name, right.name));
  // Entries are looked at (stat, first bytes) several at a time, and taken in order.
  const looks = await lookAtAll(
    entries.map(entry => join(directory, entry.name)),
    options,
  );
  for (const look of looks) {
    if (look.kind === 'directory') await walk(look.path, options, files, skipped);
    else if (look.kind === 'skipped') skipped.push({ path: look.path, reason: look.reason });
    else files.push(look.input);
  }
}

/** Paths looked at together: enough to keep the thread pool's four threads busy, few enough to hold. */
const LOOKS_AT_ONCE = 16;

type Look =
  | { readonly kind: 'directory'; readonly path: string }
  | { readonly kind: 'skipped'; readonly path: string; readonly reason: string }
  | { readonly kind: 'input'; readonly input: Input };

async function lookAtAll(paths: readonly string[], options: CollectOptions): Promise<Look[]> {
  const looks: Look[] = [];
  for (let first = 0; first < paths.length; first += LOOKS_AT_ONCE)
    looks.push(...(await Promise.all(paths.slice(first, first + LOOKS_AT_ONCE).map(path => lookAt(path, options)))));
  return looks;
}

/** What a walk makes of one entry: a folder to walk, a file to convert or skip, or one that cannot be read. */
async function lookAt(path: string, options: CollectOptions): Promise<Look> {
  const info = await statOrMissing(path);
  if ('kind' in info) return { kind: 'input', input: info };
  if (info.isDirectory()) return { kind: 'directory', path };
  // Opening a FIFO would wait for a writer; a device may never end.
  if (!info.isFile()) return { kind: 'skipped', path, reason: info.isFIFO() ? 'a FIFO' : 'not a regular file' };
  let reason;
  try {
    reason = flowLogContentVerdict(await readFileHead(path), options);
  } catch (error) {
    return { kind: 'input', input: { kind: 'missing', path, reason: reasonOf(error) } };
  }
  if (reason !== undefined) return { kind: 'skipped', path, reason };
  return { kind: 'input', input: { kind: 'file', path, size: info.size, id: fileId(info), fifo: false } };
}

/** The path's stat, or the path as an input that cannot be read. */
async function statOrMissing(path: string): Promise<Stats | Extract<Input, { kind: 'missing' }>> {
  try {
    return await stat(path);
  } catch (error) {
    return { kind: 'missing', path, reason: reasonOf(error) };
  }
}

/** A system error's message without its syscall and path (the path is printed beside it). */
function reasonOf(error: unknown): string {
  const { code, message } = error as NodeJS.ErrnoException;
  return code === undefined ? message : message.replace(/,.*$/, '');
}

// Locale-independent order: the same on every machine.
function compareBytes(left: string, right: string): number {
  return Buffer.compare(Buffer.from(left), Buffer.from(right));
}
