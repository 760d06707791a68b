// `pnpm release:dry-run`: what `changeset version` would do, without touching
// this checkout. It runs in a temporary git worktree of HEAD (committed
// changesets only), prints the new versions and each package's changelog
// entry, then removes the worktree. Nothing is committed or published.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const packages = ['packages/ecs-types', 'packages/parser', 'packages/stream', 'apps/cli'];
const tree = join(mkdtempSync(join(tmpdir(), 'flowecs-release-')), 'tree');
const run = (command, args, cwd) =>
  execFileSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });

run('git', ['worktree', 'add', '--detach', '--quiet', tree, 'HEAD'], root);
try {
  // The worktree has no node_modules: run this checkout's changesets there.
  run(process.execPath, [join(root, 'node_modules/@changesets/cli/bin.js'), 'version'], tree);
  for (const directory of packages) {
    const before = JSON.parse(readFileSync(join(root, directory, 'package.json'), 'utf8'));
    const after = JSON.parse(readFileSync(join(tree, directory, 'package.json'), 'utf8'));
    process.stdout.write(`\n${after.name}: ${before.version} → ${after.version}\n`);
    const changelog = join(tree, directory, 'CHANGELOG.md');
    if (existsSync(changelog)) {
      const text = readFileSync(changelog, 'utf8');
      const entry = text.split(/\n(?=## )/)[1] ?? text;
      process.stdout.write(
        `${entry
          .trim()
          .split('\n')
          .map(line => `  ${line}`)
          .join('\n')}\n`,
      );
    }
  }
  const remaining = run('git', ['status', '--short', '.changeset'], tree).trimEnd();
  process.stdout.write(`\nchangesets consumed:\n${remaining}\n`);
} finally {
  run('git', ['worktree', 'remove', '--force', tree], root);
  rmSync(join(tree, '..'), { recursive: true, force: true });
}
