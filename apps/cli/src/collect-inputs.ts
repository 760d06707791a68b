import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { UsageError } from './usage-error';

export type Input =
  | { readonly kind: 'file'; readonly path: string; readonly size: number }
  | { readonly kind: 'stdin' }
  /** A path that cannot be read at all: reported as a failed input, the others still run. */
  | { readonly kind: 'missing'; readonly path: string; readonly reason: string };

export interface CollectedInputs {
  readonly inputs: readonly Input[];
  /** Files seen while walking directories whose names are not flow-log names. */
  readonly skipped: readonly string[];
}

// S3 objects end in .log.gz or .log.parquet; CloudWatch export tasks write
// NNNNNN.gz; plain copies end in .log or .txt. Content decides how each is read.
const FLOW_LOG_NAME = /\.(log|gz|txt|parquet)$/;

/**
 * Expands the command's paths into inputs: files as given, directories walked
 * recursively in byte order of their paths (the chronological order of an S3
 * sync of AWSLogs/…/vpcflowlogs/…), `-` for stdin. No path means stdin.
 */
export async function collectInputs(paths: readonly string[]): Promise<CollectedInputs> {
  if (paths.length === 0) return { inputs: [{ kind: 'stdin' }], skipped: [] };
  if (paths.filter(path => path === '-').length > 1) throw new UsageError('stdin (-) can be read only once.');
  const inputs: Input[] = [];
  const skipped: string[] = [];
  for (const path of paths) {
    if (path === '-') {
      inputs.push({ kind: 'stdin' });
      continue;
    }
    let info;
    try {
      info = await stat(path);
    } catch (error) {
      inputs.push({ kind: 'missing', path, reason: (error as Error).message });
      continue;
    }
    if (info.isDirectory()) {
      const found = await walk(path);
      for (const file of found.files) inputs.push(file);
      skipped.push(...found.skipped);
    } else {
      inputs.push({ kind: 'file', path, size: info.size });
    }
  }
  return { inputs, skipped };
}

async function walk(directory: string): Promise<{ files: Input[]; skipped: string[] }> {
  const files: Input[] = [];
  const skipped: string[] = [];
  const entries = await readdir(directory, { withFileTypes: true });
  entries.sort((left, right) => compareBytes(left.name, right.name));
  for (const entry of entries) {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) {
      const nested = await walk(path);
      files.push(...nested.files);
      skipped.push(...nested.skipped);
    } else if (!FLOW_LOG_NAME.test(entry.name)) {
      skipped.push(path);
    } else {
      try {
        const info = await stat(path);
        if (info.isFile()) files.push({ kind: 'file', path, size: info.size });
        else skipped.push(path);
      } catch (error) {
        files.push({ kind: 'missing', path, reason: (error as Error).message });
      }
    }
  }
  return { files, skipped };
}

// Locale-independent order: the same on every machine.
function compareBytes(left: string, right: string): number {
  return Buffer.compare(Buffer.from(left), Buffer.from(right));
}
