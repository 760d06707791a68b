// Every `--option` a README or docs page names is an option of the CLI, unless
// it is listed below as another command's: a renamed or removed option, or
// one documented before it exists, fails here instead of misleading a user.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { main } from 'flowecs';
import { expect, test } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));

// Options of the other commands the pages show, by command.
const otherCommands: Record<string, readonly string[]> = {
  npx: ['--yes', '--no-install'],
  npm: ['--save-dev'],
  pnpm: ['--filter', '--silent'],
  aws: ['--query'],
  node: ['--cpu-prof'],
  'pnpm bench': ['--quick', '--node', '--against'],
  'pnpm fuzz': ['--seconds'],
  'pnpm generate-docs': ['--write'],
  'pnpm release:dry-run': ['--keep'],
};

async function cliOptions(): Promise<Set<string>> {
  const stdout = new PassThrough();
  let help = '';
  stdout.on('data', chunk => (help += chunk));
  const code = await main(['--help'], { stdin: new PassThrough(), stdout, stderr: new PassThrough() });
  expect(code).toBe(0);
  return new Set([...help.matchAll(/--[a-z][a-z0-9-]*/g)].map(match => match[0]));
}

function pages(): string[] {
  return execFileSync('git', ['ls-files', '*.md'], { cwd: root, encoding: 'utf8' })
    .split('\n')
    .filter(path => path !== '' && !path.endsWith('CHANGELOG.md') && !path.startsWith('.changeset/'));
}

test('every --option named in a README or docs page exists in the CLI or is listed as another command’s', async () => {
  const known = await cliOptions();
  const others = new Set(Object.values(otherCommands).flat());
  const unknown: string[] = [];
  for (const page of pages()) {
    const text = readFileSync(join(root, page), 'utf8');
    for (const match of text.matchAll(/(?<![\w-])--[a-z][a-z0-9-]*/g))
      if (!known.has(match[0]) && !others.has(match[0])) unknown.push(`${page}: ${match[0]}`);
  }
  expect(unknown).toEqual([]);
});

test('the list of other commands’ options holds none of the CLI’s own', async () => {
  const known = await cliOptions();
  expect(
    Object.values(otherCommands)
      .flat()
      .filter(option => known.has(option)),
  ).toEqual([]);
});
