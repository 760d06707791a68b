// `pnpm bench --against REF`: the same rows measured on another commit's
// build in the same run (a redesign must not be slower than what it
// replaces). The commit is checked out into a worktree, installed from the
// pnpm store (offline) and built; the worktree is removed at exit.
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';

/** Builds `ref` beside the bench's work folder; returns its root, or undefined without `--against`. */
export function previousBuild(root, work, argv) {
  const flag = argv.indexOf('--against');
  if (flag === -1) return undefined;
  const ref = argv[flag + 1];
  if (ref === undefined || ref.startsWith('-')) throw new Error('--against needs a commit (a hash, a tag or HEAD~1)');
  const tree = join(work, 'previous');
  const run = (command, args, cwd) =>
    execFileSync(command, args, { cwd, stdio: ['ignore', 'ignore', 'inherit'], encoding: 'utf8' });
  process.stderr.write(`flowecs bench: building ${ref} in ${tree}\n`);
  run('git', ['worktree', 'add', '--detach', '--force', tree, ref], root);
  process.on('exit', () => {
    try {
      execFileSync('git', ['worktree', 'remove', '--force', tree], { cwd: root, stdio: 'ignore' });
    } catch {
      rmSync(tree, { recursive: true, force: true });
    }
  });
  run('npx', ['--yes', 'pnpm@10', 'install', '--offline', '--frozen-lockfile'], tree);
  run('npx', ['turbo', 'run', 'build', '--filter=flowecs...', '--output-logs=errors-only'], tree);
  return { ref, root: tree };
}
