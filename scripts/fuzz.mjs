// `pnpm fuzz [--seconds N]`: the robustness properties of the parser and the
// stream, run for minutes instead of a few hundred seeded cases, each with a
// fresh seed. Prints the cases run per property and in total.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const index = process.argv.indexOf('--seconds');
const seconds = Number(index === -1 ? (process.env.FLOWECS_FUZZ_SECONDS ?? 120) : process.argv[index + 1]);
if (!Number.isFinite(seconds) || seconds <= 0) {
  process.stderr.write('usage: pnpm fuzz [--seconds N]   (N > 0; default 120, split over the properties)\n');
  process.exit(2);
}
const root = fileURLToPath(new URL('..', import.meta.url));
const suites = [
  { directory: 'packages/parser', files: ['src/robustness.property.test.ts'], share: 0.4 },
  { directory: 'packages/parser', files: ['src/record-scanner.test.ts', 'src/ndjson-template.test.ts'], share: 0.2 },
  { directory: 'packages/stream', files: ['src/accounting.property.test.ts'], share: 0.15 },
  { directory: 'packages/stream', files: ['src/deliveries.property.test.ts'], share: 0.15 },
  { directory: 'packages/stream', files: ['src/gzip-members.property.test.ts'], share: 0.05 },
  // The built CLI over random trees of FIFOs, devices, long and hostile names, damaged gzip.
  { directory: 'apps/cli', files: ['src/hostile-tree.property.test.ts'], share: 0.05 },
];
let total = 0;
let failed = false;
for (const suite of suites) {
  const run = spawnSync('npx', ['vitest', 'run', ...suite.files], {
    cwd: `${root}/${suite.directory}`,
    env: { ...process.env, FLOWECS_FUZZ_SECONDS: String(Math.max(1, Math.round(seconds * suite.share))) },
    encoding: 'utf8',
    stdio: ['ignore', 'inherit', 'pipe'],
  });
  for (const line of run.stderr.split('\n')) {
    const match = /^fuzz: (.*): (\d+) cases/.exec(line);
    if (match) total += Number(match[2]);
    if (line.startsWith('fuzz:')) process.stdout.write(`${line}\n`);
  }
  if (run.status !== 0) {
    failed = true;
    process.stderr.write(run.stderr);
  }
}
process.stdout.write(`fuzz: ${total} cases in all, ${failed ? 'FAILED' : 'no failure'}\n`);
process.exitCode = failed ? 1 : 0;
