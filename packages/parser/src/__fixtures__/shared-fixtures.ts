// Locates the shared research fixtures (`../shared` beside the repository, as
// CI lays it out). A fresh clone has no such folder: suites that need it are
// skipped and say so on stderr, the rest still run.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repositoryRoot = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../../..');

const sharedDirectory = process.env['FLOWECS_SHARED_DIR'] ?? resolve(repositoryRoot, '../shared');
export const hasShared = existsSync(join(sharedDirectory, 'fixtures'));

/** Call at the top of a suite that needs ../shared; prints why it is skipped. */
export function announceSharedSkip(suite: string): void {
  if (!hasShared) process.stderr.write(`skipped: ../shared not found (${sharedDirectory}): ${suite}\n`);
}

export function readShared(relativePath: string): string {
  return readFileSync(join(sharedDirectory, relativePath), 'utf8');
}

export function listShared(relativeDirectory: string): string[] {
  return readdirSync(join(sharedDirectory, relativeDirectory)).toSorted();
}

/** The lines of a `.log` fixture, without the empty string after a final newline. */
export function sharedLogLines(relativePath: string): string[] {
  const lines = readShared(relativePath).split('\n');
  if (lines.at(-1) === '') lines.pop();
  return lines;
}

/** The absolute path of a file or folder under ../shared. */
export const sharedPath = (relativePath: string): string => join(sharedDirectory, relativePath);
